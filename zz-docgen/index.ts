import rule from '../rules/no-unmanaged-promises.ts';
const plugin: any = { meta: { name: 'eslint-plugin-graceful-shutdown', version: '0.1.0', namespace: 'graceful-shutdown' }, rules: { 'no-unmanaged-promises': rule }, configs: {} };
const plugins = { 'graceful-shutdown': plugin };
plugin.configs.recommended = { plugins, rules: { 'graceful-shutdown/no-unmanaged-promises': 'error' } };
plugin.configs['recommended-type-checked'] = { files: ['**/*.ts'], plugins, rules: { 'graceful-shutdown/no-unmanaged-promises': ['error', { typeAware: true }] } };
plugin.configs.strict = { plugins, rules: { 'graceful-shutdown/no-unmanaged-promises': ['error', { checkUntracked: 'always', ignoreVoid: false }] } };
export default plugin;
export const rules = plugin.rules; export const configs = plugin.configs; export const meta = plugin.meta;
