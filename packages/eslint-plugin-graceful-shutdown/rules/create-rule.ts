import type { TSESLint } from '@typescript-eslint/utils';
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';

/** Extra `meta.docs` fields our rules declare (read by eslint-doc-generator and the configs). */
export interface GracefulShutdownDocs {
  description: string;
  /** In `configs.recommended`. */
  recommended?: boolean;
  /** Only meaningful with `typeAware: true`. */
  requiresTypeChecking?: boolean;
}

export const REPO_URL = 'https://github.com/graceful-shutdown/eslint-plugin-graceful-shutdown';

export const docsUrl = (name: string): string => `${REPO_URL}/blob/main/docs/rules/${name}.md`;

type NamedRule<Options extends readonly unknown[], MessageIds extends string> = Readonly<
  ESLintUtils.RuleWithMetaAndName<Options, MessageIds, GracefulShutdownDocs>
>;

/**
 * typescript-eslint's `RuleCreator`, except that the options merged with their defaults are
 * computed once per configured options object instead of on every file: its per-file
 * `structuredClone` + deep merge showed in lint profiles (~7 % of our rules' time). ESLint hands
 * each file a fresh `context.options` array (a `slice` of the config entry) but the same option
 * objects inside it, so those objects are the cache key; rules never mutate their options.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  defaultOptions,
  create,
}: NamedRule<Options, MessageIds>): TSESLint.RuleModule<MessageIds, Options, GracefulShutdownDocs> & { name: string } {
  const defaults = (meta.defaultOptions ?? defaultOptions ?? []) as Options;
  const merge = (configured: readonly unknown[]): Options =>
    Object.freeze(ESLintUtils.applyDefault(defaults, configured as Options)) as Options;
  let unconfigured: Options | undefined;
  const byOptionObject = new WeakMap<object, Options>();
  const optionsFor = (configured: readonly unknown[]): Options => {
    if (configured.length === 0) return (unconfigured ??= merge(configured));
    const [first] = configured;
    if (configured.length > 1 || typeof first !== 'object' || first === null) return merge(configured);
    let options = byOptionObject.get(first);
    if (options === undefined) {
      options = merge(configured);
      byOptionObject.set(first, options);
    }
    return options;
  };
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: docsUrl(name) } },
    defaultOptions: defaults,
    create: (context) => create(context, optionsFor(context.options)),
  };
}
