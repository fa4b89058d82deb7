// Language options shared by the benchmark's ESLint configs, the same as `graceful-shutdown check`
// builds (espree for JavaScript, @typescript-eslint/parser for TypeScript, Node's globals), so a
// parse-only run and a run with rules differ in the rules alone. ESLint runs with the corpus folder
// as its working directory. Nothing here loads TypeScript: JavaScript-only runs stay as light as a
// JavaScript project's ESLint (see typescript.mjs).

import { JS_FILES, NODE_GLOBALS, TS_FILES } from '../../packages/graceful-shutdown-cli/dist/cli/node-language.js';

export { JS_FILES, NODE_GLOBALS, TS_FILES };
export const ALL_FILES = [...JS_FILES, ...TS_FILES];

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
