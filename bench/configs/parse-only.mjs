// Baseline: ESLint parses every file (and builds its scopes) with no rule enabled.
import { syntacticSources } from './typescript.mjs';

export default [...syntacticSources];
