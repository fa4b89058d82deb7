// Type-aware baseline: every file in the TypeScript program, no rule enabled.
import { typedSources } from './shared.mjs';

export default [...typedSources];
