// Recall (bench/lib/recall.ts), type-aware: typescript-eslint's `no-floating-promises` (its
// defaults) and our `no-unmanaged-promises` with the options of `recommended-type-checked`, in one
// run, so both rules see the same parser, program and files (the whole corpus, as in
// typed-recommended.mjs).
import tseslint from 'typescript-eslint';
import plugin from '../../packages/eslint-plugin-graceful-shutdown/dist/index.js';
import { ALL_FILES } from './shared.mjs';
import { typedSources } from './typescript.mjs';

const RULE = 'graceful-shutdown/no-unmanaged-promises';
const ours = plugin.configs['recommended-type-checked'];

export default [
  ...typedSources,
  {
    name: 'bench/recall-typed',
    files: ALL_FILES,
    plugins: { '@typescript-eslint': tseslint.plugin, ...ours.plugins },
    rules: { '@typescript-eslint/no-floating-promises': 'error', [RULE]: ours.rules[RULE] },
  },
];
