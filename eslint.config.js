// Dogfooding: the repo is linted with its own rules (the plugin's dist/, built by `npm run build` first).
import tseslint from 'typescript-eslint';
import plugin from './packages/eslint-plugin-graceful-shutdown/dist/index.js';

const OWN_TYPESCRIPT = ['**/*.ts', '**/*.cts', '**/*.mts'];

export default [
  {
    // fixtures, the demo app and the runtime test programs are deliberately wrong code.
    ignores: [
      '**/dist/',
      'node_modules/',
      'coverage/',
      'fixtures/',
      'examples/app/',
      'examples/pool-worker/', // the README's before/after, linted by tests/examples/pool-worker.test.ts
      'tests/runtime/programs/',
      'bench/.cache/',
      'bench/corpus/.cache/',
      '.cache/',
      'bench/programs/.cache/',
      'bench/programs/apps/', // the programs before the fix: their text is the test
      '**/*.d.ts',
    ],
  },
  {
    files: ['**/*.ts', '**/*.cts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  // typescript-eslint's type-checked rules for the project's own TypeScript.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: OWN_TYPESCRIPT })),
  {
    files: OWN_TYPESCRIPT,
    rules: {
      // The rules compare `node.type` with ESTree's type names as strings: the same code walks espree's and
      // jscodeshift's trees, whose `type` is a plain string, so typescript-eslint's AST_NODE_TYPES enum is not the
      // shared vocabulary here.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // `import fs = require('node:fs')` is how a `.cts` file imports with types.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      // An AbortSignal's `reason` is typed `any`; rejecting with it keeps the caller's abort reason as is.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // vitest's asymmetric matchers (`expect.stringContaining(…)`) are typed `any` by design.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  plugin.configs.recommended,
  plugin.configs['recommended-type-checked'],
];
