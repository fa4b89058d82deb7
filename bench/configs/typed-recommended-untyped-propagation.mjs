// Our `recommended-type-checked` rules with `require-signal-propagation` left without types: what the
// preset would cost if its typed scope search went (a choice put to issue #15's owner; it loses the
// findings where only types show the signal, such as an MCP handler's `extra.signal`).
import plugin from '../../packages/eslint-plugin-graceful-shutdown/dist/index.js';
import { ALL_FILES } from './shared.mjs';
import { typedSources } from './typescript.mjs';

const preset = plugin.configs['recommended-type-checked'];

export default [
  ...typedSources,
  {
    ...preset,
    files: ALL_FILES,
    rules: { ...preset.rules, 'graceful-shutdown/require-signal-propagation': ['error', { typeAware: false }] },
  },
];
