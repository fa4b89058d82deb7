/**
 * `process.exit()` (and re-raising a signal at itself, `process.abort()`) in a signal or crash
 * listener, or on an entrypoint main promise's path, before in-flight work has drained (docs/architecture.md §5).
 * The forced exit on a second signal is fine; so is an exit after an `await` of the drain.
 * The analyses live in ./no-exit-before-drain/: listeners.ts, main-paths.ts, and the path walker
 * they share, exit-paths.ts.
 */
import type { AnyNode } from '../detection/syntax/ast.js';
import { type FlagContext, assignedPaths } from '../detection/configuration-flags.js';
import { programImports } from '../detection/imports.js';
import { isProcessListenerCall, processListenerInScope } from '../detection/process-listeners.js';
import { mayExitProcess } from '../detection/text-hints.js';
import { workerThreadRole } from '../detection/work-starters.js';
import { createRule } from './create-rule.js';
import { eslintScopeResolver } from './eslint-scope.js';
import { anyNode, estreeNode } from './estree-nodes.js';
import type { ExitFile } from './no-exit-before-drain/exit-file.js';
import { type Registration, checkListeners } from './no-exit-before-drain/listeners.js';
import { checkMainPaths } from './no-exit-before-drain/main-paths.js';
import { exitReporter } from './no-exit-before-drain/report.js';
import { secondSignalGuards } from './no-exit-before-drain/second-signal-guards.js';
import type { MessageIds } from './no-exit-before-drain/site.js';

export type { MessageIds } from './no-exit-before-drain/site.js';

export type Options = [
  {
    checkCrashListeners?: boolean;
    checkUncaughtException?: boolean;
    checkMainPromise?: boolean;
    checkMainPromiseAlways?: boolean;
    checkOptInExits?: boolean;
  },
];

const DEFAULT_OPTIONS: Required<Options[0]> = {
  checkCrashListeners: true,
  checkUncaughtException: false,
  checkMainPromise: true,
  checkMainPromiseAlways: false,
  checkOptInExits: false,
};

export default createRule<Options, MessageIds>({
  name: 'no-exit-before-drain',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow `process.exit()` in signal and crash listeners and on the main promise path before in-flight work has drained',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      exitInSignalListener:
        '`{{exit}}` in this {{event}} listener ends the process before in-flight work has drained: requests, writes and piped stdout are cut off. Abort, then `await` the drain (`await Promise.allSettled(…)`, `await closeServer(server)`) before exiting, or close everything and let the process end; only a second signal should force an exit.',
      exitInCrashListener:
        '`{{exit}}` in this {{event}} listener ends the process before in-flight work has drained. Abort and `await` the drain (bounded by a deadline) before exiting, or let `runMain` from the graceful-shutdown helper do it.',
      exitOnMainErrorPath:
        '`{{exit}}` on the error path of `{{main}}` ends the process before background work and piped stdout have drained. Set `process.exitCode` and let the event loop end, or use `runMain` from the graceful-shutdown helper.',
      exitOnMainSuccessPath:
        '`{{exit}}` on the success path of `{{main}}` ends the process before background work and piped stdout have drained. Set `process.exitCode` and let the event loop end, or use `runMain` from the graceful-shutdown helper.',
      exitOnMainCompletionPath:
        '`{{exit}}` on the completion path of `{{main}}` ends the process before background work and piped stdout have drained. Set `process.exitCode` and let the event loop end, or use `runMain` from the graceful-shutdown helper.',
      useExitCode: 'Set `process.exitCode = {{code}}` instead, and let the process end when its work is done.',
      removeExit: 'Remove the exit and let the process end when its work is done.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkCrashListeners: {
            type: 'boolean',
            description:
              'Also check `unhandledRejection` listeners (and `uncaughtException` ones with `checkUncaughtException`).',
          },
          checkUncaughtException: {
            type: 'boolean',
            description:
              "Also check `uncaughtException` listeners, where Node's documentation says to exit (the process state can no longer be trusted). On in `strict`.",
          },
          checkMainPromise: {
            type: 'boolean',
            description:
              "Also check an entrypoint's main promise: `main().catch(…)`, `main().then(…)`, `.finally(…)`, a `try`/`catch` around `await main()`, and code after `await main()`.",
          },
          checkMainPromiseAlways: {
            type: 'boolean',
            description:
              "Report an exit on the main promise's path even when nothing the file starts can still be running when it fires (no floating promise, server, interval, child process or worker; or `main` ends in `finally { await … }`). On in `strict`.",
          },
          checkOptInExits: {
            type: 'boolean',
            description:
              'Also report an exit in a signal listener that stops nothing and runs only under a configuration flag (a top-level setting or `process.env` variable the file never assigns): `if (options.exitImmediately) process.exit(0)`. On in `strict`.',
          },
        },
      },
    ],
    defaultOptions: [DEFAULT_OPTIONS],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    // Every finding is an exit: a file that cannot exit gets no listeners, so ESLint skips it.
    if (!mayExitProcess(sourceCode.text)) return {};
    const program = anyNode(sourceCode.ast);
    const ancestorsOf = (node: AnyNode): AnyNode[] => sourceCode.getAncestors(estreeNode(node)).map(anyNode);
    const registrations: Registration[] = [];
    return {
      CallExpression(node) {
        const call = anyNode(node);
        if (!isProcessListenerCall(call)) return;
        const ancestors = ancestorsOf(call);
        const listener = processListenerInScope(call, ancestors, program);
        if (listener) registrations.push({ listener, ancestors });
      },
      'Program:exit'() {
        const imports = programImports(program);
        if (workerThreadRole(program, imports) === 'worker') return; // `process.exit()` ends only the thread
        const report = exitReporter(context);
        let writes: ReadonlySet<string> | undefined;
        const writesOf = (): ReadonlySet<string> => (writes ??= assignedPaths(program));
        let flags: FlagContext | undefined;
        const file: ExitFile = {
          program,
          imports,
          text: sourceCode.text,
          ancestorsOf,
          guards: secondSignalGuards({ program, ancestorsOf, writes: writesOf }),
          flags: () =>
            (flags ??= {
              program,
              imports,
              resolve: eslintScopeResolver(sourceCode, () => imports),
              writes: writesOf(),
            }),
          report,
          reportExit: (node, exit, site, state) => report(node, exit, site, state, true),
          textOf: (node) => sourceCode.getText(estreeNode(node)),
        };
        const checkCrashListeners = options.checkCrashListeners === true;
        checkListeners(file, registrations, {
          checkCrashListeners,
          checkUncaughtException: checkCrashListeners && options.checkUncaughtException === true,
          checkOptInExits: options.checkOptInExits === true,
        });
        if (options.checkMainPromise === true)
          checkMainPaths(file, { checkMainPromiseAlways: options.checkMainPromiseAlways === true });
      },
    };
  },
});
