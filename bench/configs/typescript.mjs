// The TypeScript parser for the benchmark configs: per file type as `check` does (syntactic
// runs), or for every file in one type-checked program (typed runs, JavaScript through the corpus
// tsconfig's allowJs).
import tsParser from '@typescript-eslint/parser';
import { ALL_FILES, LINTER_OPTIONS, NODE_GLOBALS, TS_FILES, jsSources } from './shared.mjs';

/** Syntactic runs: espree for JavaScript, the TypeScript parser for TypeScript. */
export const syntacticSources = [
  ...jsSources,
  { name: 'bench/typescript', files: TS_FILES, languageOptions: { parser: tsParser } },
];

/** Type-aware runs: every file in one TypeScript program. */
export const typedSources = [
  {
    name: 'bench/typed-sources',
    files: ALL_FILES,
    linterOptions: LINTER_OPTIONS,
    languageOptions: {
      globals: NODE_GLOBALS,
      parser: tsParser,
      parserOptions: { ecmaFeatures: { jsx: true }, projectService: true, tsconfigRootDir: process.cwd() },
    },
  },
];
