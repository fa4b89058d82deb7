/**
 * What `check`'s built-in config tells ESLint about Node code: which files are JavaScript and
 * TypeScript, and the globals Node defines for every module (so scope analysis sees them as globals
 * rather than unknowns). The benchmark's configs import this too, so a bench run lints exactly as
 * `check` does. No imports: loading it costs nothing.
 */
export const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'];
export const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];

export const NODE_GLOBALS: Readonly<Record<string, 'readonly' | 'writable'>> = Object.fromEntries(
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
