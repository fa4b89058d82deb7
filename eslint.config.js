// Dogfooding: the repo is linted with its own rules (the plugin's dist/, built by `npm run build` first).
import tseslint from 'typescript-eslint';
import plugin from './packages/eslint-plugin-graceful-shutdown/dist/index.js';

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
  plugin.configs.recommended,
  plugin.configs['recommended-type-checked'],
];
