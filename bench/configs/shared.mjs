// Language options shared by the benchmark's ESLint configs, the same as `graceful-shutdown check`
// builds (espree for JavaScript, @typescript-eslint/parser for TypeScript, Node's globals), so a
// parse-only run and a run with rules differ in the rules alone. ESLint runs with the corpus folder
// as its working directory.
import tseslint from 'typescript-eslint';

export const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'];
export const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
export const ALL_FILES = [...JS_FILES, ...TS_FILES];

export const NODE_GLOBALS = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'global', 'globalThis', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
    'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'AbortController', 'AbortSignal', 'DOMException',
    'fetch', 'Request', 'Response', 'Headers', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'EventTarget', 'Event',
    'performance', 'require', 'module', 'exports', '__dirname', '__filename',
  ].map((name) => [name, name === 'module' || name === 'exports' ? 'writable' : 'readonly']),
);

const common = {
  files: ALL_FILES,
  // Real files carry directives for rules these runs do not load: keep the output about parsing and our rules.
  linterOptions: { reportUnusedDisableDirectives: 'off', noInlineConfig: true },
};

/** Syntactic runs: espree for JavaScript, the TypeScript parser for TypeScript, as `check` does. */
export const syntacticSources = [
  { ...common, name: 'bench/sources', languageOptions: { globals: NODE_GLOBALS, parserOptions: { ecmaFeatures: { jsx: true } } } },
  { name: 'bench/typescript', files: TS_FILES, languageOptions: { parser: tseslint.parser } },
];

/** Type-aware runs: every file (JavaScript too, through the corpus tsconfig's allowJs) in one TypeScript program. */
export const typedSources = [
  {
    ...common,
    name: 'bench/typed-sources',
    languageOptions: {
      globals: NODE_GLOBALS,
      parser: tseslint.parser,
      parserOptions: { ecmaFeatures: { jsx: true }, projectService: true, tsconfigRootDir: process.cwd() },
    },
  },
];
