/** The linted file's entrypoint verdict (docs/architecture.md §3), computed on first use. */
import type { TSESLint } from '@typescript-eslint/utils';
import { type EntrypointResult, detectEntrypoint } from '../detection/entrypoint.js';
import { readSettings } from '../detection/settings.js';
import { anyNode } from './estree-nodes.js';

type AnyRuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export function fileEntrypoint(context: AnyRuleContext): () => EntrypointResult {
  let result: EntrypointResult | undefined;
  return () =>
    (result ??= detectEntrypoint({
      filename: context.filename,
      program: anyNode(context.sourceCode.ast),
      text: context.sourceCode.text,
      cwd: context.cwd,
      globs: readSettings(context.settings).entrypoints,
    }));
}
