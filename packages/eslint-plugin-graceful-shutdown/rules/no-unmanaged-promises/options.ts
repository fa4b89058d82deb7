/** `no-unmanaged-promises` options: their types, their defaults (declared here only) and their schema. */
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { DEFAULT_TRACKERS } from '../../detection/main-context.js';

/** typescript-eslint's `TypeOrValueSpecifier` (the same JSON shape, so configs can be shared). */
export type TypeOrValueSpecifier =
  | string
  | { readonly from: 'file'; readonly name: string | readonly string[]; readonly path?: string }
  | { readonly from: 'lib'; readonly name: string | readonly string[] }
  | { readonly from: 'package'; readonly name: string | readonly string[]; readonly package: string };

export interface NoUnmanagedPromisesOptions {
  ignoreVoid?: boolean;
  ignoreIIFE?: boolean;
  checkThenables?: boolean;
  allowForKnownSafeCalls?: TypeOrValueSpecifier[];
  allowForKnownSafePromises?: TypeOrValueSpecifier[];
  trackers?: string[];
  checkUntracked?: 'entrypoints' | 'always' | 'never';
  typeAware?: boolean;
}

/** The options a rule run sees: the user's, merged with the defaults once (`rules/create-rule.ts`). */
export type ResolvedOptions = Readonly<Required<NoUnmanagedPromisesOptions>>;

export const DEFAULT_OPTIONS: ResolvedOptions = {
  ignoreVoid: true,
  ignoreIIFE: false,
  checkThenables: false,
  allowForKnownSafeCalls: [],
  allowForKnownSafePromises: [],
  trackers: [...DEFAULT_TRACKERS],
  checkUntracked: 'entrypoints',
  typeAware: false,
};

const nameList: JSONSchema4 = {
  oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }],
};

/**
 * A typescript-eslint specifier object. Keys go in `patternProperties` (same validation as
 * `properties`) so eslint-doc-generator does not list `from` / `name` / … as top-level options.
 */
const specifierObject = (from: string, keys: Record<string, JSONSchema4>, required: string[]): JSONSchema4 => {
  const all: Record<string, JSONSchema4> = { from: { type: 'string', enum: [from] }, ...keys };
  const patternProperties: Record<string, JSONSchema4> = {};
  for (const [key, schema] of Object.entries(all)) patternProperties[`^${key}$`] = schema;
  return { type: 'object', additionalProperties: false, patternProperties, required: ['from', ...required] };
};

const specifierList = (description: string): JSONSchema4 => ({
  type: 'array',
  description,
  items: {
    oneOf: [
      { type: 'string' },
      specifierObject('file', { name: nameList, path: { type: 'string' } }, ['name']),
      specifierObject('lib', { name: nameList }, ['name']),
      specifierObject('package', { name: nameList, package: { type: 'string' } }, ['name', 'package']),
    ],
  },
});

export const OPTIONS_SCHEMA: JSONSchema4[] = [
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      ignoreVoid: {
        type: 'boolean',
        description:
          'Whether `void promise` counts as handled (it is still reported as untracked where untracked promises are checked).',
      },
      ignoreIIFE: {
        type: 'boolean',
        description: 'Whether to ignore async IIFEs (Immediately Invoked Function Expressions).',
      },
      checkThenables: {
        type: 'boolean',
        description: 'With `typeAware`: whether to check every "Thenable", not just the built-in Promise type.',
      },
      allowForKnownSafeCalls: specifierList(
        'Functions whose calls are safe to float (type-or-value specifiers, as in typescript-eslint; without types only names are matched).',
      ),
      allowForKnownSafePromises: specifierList('With `typeAware`: type specifiers of promises that are safe to float.'),
      trackers: {
        type: 'array',
        description:
          'Calls that hand a promise to shutdown, as names or member paths (`ctx.waitUntil`, `this.pending.add`). Extends the default `track` and `waitUntil`.',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
      },
      checkUntracked: {
        type: 'string',
        enum: ['entrypoints', 'always', 'never'],
        description:
          'Where promises whose rejection is handled but that nothing waits for are reported: in entrypoints and wherever a MainContext is in scope, everywhere, or nowhere.',
      },
      typeAware: {
        type: 'boolean',
        description:
          'Use the type checker to decide what is a promise (requires typed linting; set by `recommended-type-checked`).',
      },
    },
  },
];
