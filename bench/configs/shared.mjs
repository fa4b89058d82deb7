// Language options shared by the benchmark's ESLint configs, the same as `graceful-shutdown check`
// builds (espree for JavaScript, @typescript-eslint/parser for TypeScript, Node's globals), so a
// parse-only run and a run with rules differ in the rules alone. ESLint runs with the corpus folder
// as its working directory. Nothing here loads TypeScript: JavaScript-only runs stay as light as a
// JavaScript project's ESLint (see typescript.mjs).

export const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'];
export const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
export const ALL_FILES = [...JS_FILES, ...TS_FILES];

export const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'global',
    'globalThis',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'queueMicrotask',
    'structuredClone',
    'AbortController',
    'AbortSignal',
    'DOMException',
    'fetch',
    'Request',
    'Response',
    'Headers',
    'URL',
    'URLSearchParams',
    'TextEncoder',
    'TextDecoder',
    'EventTarget',
    'Event',
    'performance',
    'require',
    'module',
    'exports',
    '__dirname',
    '__filename',
  ].map((name) => [name, name === 'module' || name === 'exports' ? 'writable' : 'readonly']),
);

/** Real files carry directives for rules these runs do not load: keep the output about parsing and our rules. */
export const LINTER_OPTIONS = { reportUnusedDisableDirectives: 'off', noInlineConfig: true };

/** Every source file with espree (JavaScript), Node's globals and JSX, as `check` sets them up. */
export const jsSources = [
  {
    name: 'bench/sources',
    files: ALL_FILES,
    linterOptions: LINTER_OPTIONS,
    languageOptions: { globals: NODE_GLOBALS, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
];
