// Our `recommended` config (the four rules, syntactic) over the same parser setup as parse-only.mjs.
import plugin from '../../packages/eslint-plugin-graceful-shutdown/dist/index.js';
import { syntacticSources } from './typescript.mjs';

export default [...syntacticSources, plugin.configs.recommended];
