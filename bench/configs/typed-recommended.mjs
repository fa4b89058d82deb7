// Our `recommended-type-checked` rules (typeAware on) over every file of the corpus: the shipped
// config is limited to TypeScript files, widened here so both typed runs see the same files.
import plugin from '../../packages/eslint-plugin-graceful-shutdown/dist/index.js';
import { ALL_FILES } from './shared.mjs';
import { typedSources } from './typescript.mjs';

export default [...typedSources, { ...plugin.configs['recommended-type-checked'], files: ALL_FILES }];
