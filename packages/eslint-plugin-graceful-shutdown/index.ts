/**
 * eslint-plugin-graceful-shutdown: rules that make Node.js programs shut down correctly
 * (gather → cancel → drain → close). Flat config only, ESLint 9.15+ and 10.
 */
import { readFileSync } from 'node:fs';
import type { TSESLint } from '@typescript-eslint/utils';
import noExitBeforeDrain from './rules/no-exit-before-drain.js';
import noUnmanagedPromises from './rules/no-unmanaged-promises.js';
import requireResourceClose from './rules/require-resource-close.js';
import requireSignalCancellation from './rules/require-signal-cancellation.js';
import requireSignalPropagation from './rules/require-signal-propagation.js';

/** package.json sits beside this file in the sources and one level up in `dist/`. */
function readOwnPackage(): { name: string; version: string } {
  for (const relative of ['./package.json', '../package.json']) {
    try {
      const json = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (json.name === 'eslint-plugin-graceful-shutdown') return { name: json.name, version: json.version ?? '0.0.0' };
    } catch {
      // try the next location
    }
  }
  return { name: 'eslint-plugin-graceful-shutdown', version: '0.0.0' };
}

const { name, version } = readOwnPackage();

// Only a default export: `require(esm)` consumers (eslint-doc-generator, CJS configs) then get the plugin itself.
const NAMESPACE = 'graceful-shutdown';

const rules = {
  'no-exit-before-drain': noExitBeforeDrain,
  'no-unmanaged-promises': noUnmanagedPromises,
  'require-resource-close': requireResourceClose,
  'require-signal-cancellation': requireSignalCancellation,
  'require-signal-propagation': requireSignalPropagation,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

type RuleName = keyof typeof rules;
type RuleEntry = TSESLint.SharedConfig.RuleEntry;

const prefixed = (entries: Partial<Record<RuleName, RuleEntry>>): Record<string, RuleEntry> =>
  Object.fromEntries(Object.entries(entries).map(([rule, entry]) => [`${NAMESPACE}/${rule}`, entry]));

/** Every rule but `require-resource-close`, which is in `strict` only (its docs say why). */
const recommendedRules: Partial<Record<RuleName, RuleEntry>> = {
  'no-exit-before-drain': 'error',
  'no-unmanaged-promises': 'error',
  'require-signal-cancellation': 'error',
  'require-signal-propagation': 'error',
};

/** TypeScript files only: plain JS parsed by espree never meets a rule that needs type information. */
const TYPED_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

interface Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: Record<'recommended' | 'recommended-type-checked' | 'strict', TSESLint.FlatConfig.Config>;
}

const plugin: Plugin = {
  meta: { name, version, namespace: NAMESPACE },
  rules,
  configs: {} as Plugin['configs'],
};

const pluginEntry = { [NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin };

// Configs are assigned after the plugin exists so that they can reference it.
plugin.configs.recommended = {
  name: `${NAMESPACE}/recommended`,
  plugins: pluginEntry,
  rules: prefixed(recommendedRules),
};
plugin.configs['recommended-type-checked'] = {
  name: `${NAMESPACE}/recommended-type-checked`,
  files: TYPED_FILES,
  plugins: pluginEntry,
  rules: prefixed({
    ...recommendedRules,
    'no-unmanaged-promises': ['error', { typeAware: true }],
    'require-signal-propagation': ['error', { typeAware: true }],
  }),
};
plugin.configs.strict = {
  name: `${NAMESPACE}/strict`,
  plugins: pluginEntry,
  rules: prefixed({
    ...recommendedRules,
    'no-unmanaged-promises': ['error', { checkUntracked: 'always', ignoreVoid: false }],
    'require-signal-cancellation': ['error', { checkReadOnlyWork: true }],
    'no-exit-before-drain': [
      'error',
      { checkUncaughtException: true, checkMainPromiseAlways: true, checkOptInExits: true },
    ],
    'require-resource-close': 'error',
  }),
};

export default plugin;
