// Our `no-unmanaged-promises` alone, type-aware: the rule that takes `no-floating-promises`'s place,
// over the same files and program (the like-for-like row of the typed section).
import plugin from '../../packages/eslint-plugin-graceful-shutdown/dist/index.js';
import { ALL_FILES } from './shared.mjs';
import { typedSources } from './typescript.mjs';

export default [
  ...typedSources,
  {
    name: 'bench/no-unmanaged-promises',
    files: ALL_FILES,
    plugins: plugin.configs['recommended-type-checked'].plugins,
    rules: { 'graceful-shutdown/no-unmanaged-promises': ['error', { typeAware: true }] },
  },
];
