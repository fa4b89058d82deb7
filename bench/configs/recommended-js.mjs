// A JavaScript project's ESLint (espree only) with our `recommended` config.
import plugin from '../../packages/eslint-plugin-graceful-shutdown/dist/index.js';
import { jsSources } from './shared.mjs';

export default [...jsSources, plugin.configs.recommended];
