// Type-aware baseline: every file in the TypeScript program, no rule enabled.
import { typedSources } from './typescript.mjs';

export default [...typedSources];
