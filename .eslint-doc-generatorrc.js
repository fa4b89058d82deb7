/** @type {import('eslint-doc-generator').GenerateOptions} */
// Run on the plugin's package (`eslint-doc-generator packages/eslint-plugin-graceful-shutdown`); its rule
// docs and the README's rule list stay at the repository's top level, where rule meta's docs URLs point.
export default {
  pathRuleDoc: '../../docs/rules/{name}.md',
  pathRuleList: '../../README.md',
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'requiresTypeChecking', 'options'],
  urlConfigs: 'https://github.com/graceful-shutdown/eslint-plugin-graceful-shutdown#configs',
};
