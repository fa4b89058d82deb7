// Recall (bench/lib/recall.ts), syntactic: our `no-unmanaged-promises` alone, with the options of
// the `recommended` config, over the same parser setup as parse-only.mjs.
import plugin from '../../packages/eslint-plugin-graceful-shutdown/dist/index.js';
import { syntacticSources } from './typescript.mjs';

const RULE = 'graceful-shutdown/no-unmanaged-promises';

export default [
  ...syntacticSources,
  {
    name: 'bench/recall-syntactic',
    plugins: plugin.configs.recommended.plugins,
    rules: { [RULE]: plugin.configs.recommended.rules[RULE] },
  },
];
