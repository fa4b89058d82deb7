// typescript-eslint's `no-floating-promises`, type-aware, over the same files and program.
import tseslint from 'typescript-eslint';
import { ALL_FILES } from './shared.mjs';
import { typedSources } from './typescript.mjs';

export default [
  ...typedSources,
  {
    name: 'bench/no-floating-promises',
    files: ALL_FILES,
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
];
