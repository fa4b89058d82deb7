/** The `require-resource-close` suggestion: `defer` the resource's close right after it is opened. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { type AnyNode, child, children, isFunctionNode, providesMainContext, unwrap } from '../../detection/index.js';

/** `defer` callable where the resource is opened (ancestors outermost first): a destructured `defer`, or `ctx.defer`. */
export function deferInScope(ancestors: readonly AnyNode[]): string | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const fn = ancestors[i]!;
    if (!isFunctionNode(fn) || !providesMainContext(fn, ancestors[i - 1])) continue;
    return contextDefer(fn);
  }
  return undefined;
}

/** How the `MainContext` parameter of `fn` names `defer`. */
function contextDefer(fn: AnyNode): string | undefined {
  for (const raw of children(fn, 'params')) {
    const param = raw.type === 'AssignmentPattern' ? child(raw, 'left')! : raw;
    if (param.type === 'Identifier') return `${String(param.name)}.defer`;
    for (const property of children(param, 'properties')) {
      if (child(property, 'key')?.name !== 'defer') continue;
      const value = unwrap(child(property, 'value'));
      const local = value?.type === 'AssignmentPattern' ? child(value, 'left') : value;
      if (local?.type === 'Identifier') return String(local.name);
    }
  }
  return undefined;
}

/** `defer(() => pool.end())` inserted after the statement that opens the resource, when `defer` is in scope. */
export function deferSuggestion<MessageId extends string>(
  sourceCode: Readonly<TSESLint.SourceCode>,
  messageId: MessageId,
  creation: TSESTree.Node,
  defer: string | undefined,
  close: string,
): TSESLint.ReportSuggestionArray<MessageId> {
  let statement: TSESTree.Node = creation;
  while (statement.parent && statement.parent.type !== 'BlockStatement' && statement.parent.type !== 'Program')
    statement = statement.parent;
  if (!defer || (statement.type !== 'VariableDeclaration' && statement.type !== 'ExpressionStatement')) return [];
  const line = sourceCode.lines[statement.loc.start.line - 1] ?? '';
  const indent = /^\s*/.exec(line)![0];
  return [
    {
      messageId,
      data: { defer, close },
      fix: (fixer) => fixer.insertTextAfter(statement, `\n${indent}${defer}(() => ${close});`),
    },
  ];
}
