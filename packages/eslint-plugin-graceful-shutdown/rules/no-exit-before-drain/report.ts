/** Reporting an exit once, with the `process.exitCode` suggestion where it keeps the intent. */
import type { TSESLint } from '@typescript-eslint/utils';
import { type AnyNode, argument, child, children } from '../../detection/syntax/ast.js';
import type { ExitCall } from '../../detection/process-exit.js';
import { estreeNode } from '../estree-nodes.js';
import type { PathState } from './path-state.js';
import { type MessageIds, type Site, messageDataOf, messageIdOf } from './site.js';

type ReportingContext = Pick<TSESLint.RuleContext<MessageIds, readonly unknown[]>, 'report' | 'sourceCode'>;

/** Reports an exit (once per node); `suggest`: the exit is a call that a suggestion may rewrite. */
export type ExitReporter = (node: AnyNode, exit: ExitCall, site: Site, state: PathState, suggest: boolean) => void;

export function exitReporter(context: ReportingContext): ExitReporter {
  const reported = new Set<AnyNode>();
  return (node, exit, site, state, suggest) => {
    if (reported.has(node)) return;
    reported.add(node);
    // `process.exitCode` is the intent on the main path, and in a listener that has already stopped the work.
    const offer = suggest && exit.kind === 'exit' && (site.kind === 'main' || state.stopped);
    context.report({
      node: estreeNode(node),
      messageId: messageIdOf(site),
      data: messageDataOf(site, exit.label),
      suggest: offer ? exitCodeSuggestions(context.sourceCode, node) : [],
    });
  };
}

function exitCodeSuggestions(
  sourceCode: ReportingContext['sourceCode'],
  call: AnyNode,
): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  const parent = child(call, 'parent');
  const code = argument(call, 0);
  const statementPosition = parent?.type === 'ExpressionStatement';
  const arrowBody = parent?.type === 'ArrowFunctionExpression' && child(parent, 'body') === call;
  if (!statementPosition && !arrowBody) return [];
  const args = children(call, 'arguments');
  if (args.length > 1 || args.some((arg) => arg.type === 'SpreadElement')) return [];
  const target = estreeNode(call);
  if (!code) {
    const statement = estreeNode(parent);
    return [
      {
        messageId: 'removeExit',
        fix: (fixer) => (statementPosition ? fixer.remove(statement) : fixer.replaceText(target, '{}')),
      },
    ];
  }
  const codeText = sourceCode.getText(estreeNode(code));
  const assignment = `process.exitCode = ${codeText}`;
  return [
    {
      messageId: 'useExitCode',
      data: { code: codeText },
      fix: (fixer) => fixer.replaceText(target, statementPosition ? assignment : `{ ${assignment}; }`),
    },
  ];
}
