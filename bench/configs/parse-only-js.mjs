// Baseline for one JavaScript file: a JavaScript project's ESLint (espree only), no rule enabled.
import { jsSources } from './shared.mjs';

export default [...jsSources];
