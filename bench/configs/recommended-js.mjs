// A JavaScript project's ESLint (espree only) with our `recommended` config.
import plugin from '../../dist/index.js';
import { jsSources } from './shared.mjs';

export default [...jsSources, plugin.configs.recommended];
