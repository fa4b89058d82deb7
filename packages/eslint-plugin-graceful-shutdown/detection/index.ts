/**
 * The detection knowledge shared by the rules, the codemods and the CLI: what an entrypoint is,
 * what a process listener is, what "managed" needs (trackers, MainContext), which APIs return
 * promises and which accept an AbortSignal. One home, so tools never disagree.
 */
export * from './syntax/ast.js';
export * from './engine.js';
export * from './entrypoint.js';
export * from './imports.js';
export * from './inert-calls.js';
export * from './imported-modules.js';
export * from './listener-effects.js';
export * from './main-context.js';
export * from './process-exit.js';
export * from './process-listeners.js';
export * from './project.js';
export * from './settings.js';
export * from './shutdown-helpers.js';
export * from './promise-apis.js';
export * from './cannot-reject.js';
export * from './work-starters.js';
export * from './signal-apis.js';
export * from './signal-scope.js';
export * from './text-hints.js';
export * from './tsconfig.js';
export * from './resources.js';
export * from './script-commands.js';
export * from './syntax/callee-text.js';
export * from './syntax/entry-call.js';
export * from './syntax/names.js';
export * from './syntax/patterns.js';
export * from './syntax/promise-chain.js';
export * from './syntax/require.js';
export * from './syntax/statements.js';
