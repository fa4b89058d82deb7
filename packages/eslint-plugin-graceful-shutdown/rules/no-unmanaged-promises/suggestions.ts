/** The suggestions a floating promise gets: `await`, the tracker in scope, `void` (docs/architecture.md §4). */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { child, propertyName, unwrap } from '../../detection/syntax/ast.js';
import { rootCallOf } from '../../detection/syntax/entry-call.js';
import { anyNode } from '../estree-nodes.js';
import { isOwnRootCallee, isRootCall, untrackedContext } from './main-path.js';
import type { MessageIds } from './messages.js';
import type { PromiseFile } from './promise-file.js';
import { trackerInScope } from './tracker-in-scope.js';

/** Expressions `await`/`void` can prefix without parentheses. */
const UNARY_SAFE = new Set([
  'Identifier',
  'MemberExpression',
  'CallExpression',
  'NewExpression',
  'ChainExpression',
  'ImportExpression',
  'ArrayExpression',
  'ObjectExpression',
  'Literal',
  'TemplateLiteral',
  'TaggedTemplateExpression',
  'ThisExpression',
  'AwaitExpression',
  'UnaryExpression',
  'TSNonNullExpression',
  'ClassExpression',
  'FunctionExpression',
  'MetaProperty',
  'Super',
]);

type Suggestions = TSESLint.ReportSuggestionArray<MessageIds>;

export function suggestionsFor(
  file: PromiseFile,
  expression: TSESTree.Node,
  kind: 'unhandled' | 'untracked',
  statement: TSESTree.Node,
): Suggestions {
  const isVoid = expression.type === 'UnaryExpression' && expression.operator === 'void';
  const inner = isVoid ? expression.argument : expression;
  // `void [a(), b()]`: awaiting or tracking the array waits for nothing; its promises, gathered, are the work.
  const gathered =
    isVoid && file.predicates.isPromiseArray(anyNode(inner))
      ? `Promise.all(${file.sourceCode.getText(inner)})`
      : undefined;
  const suggestions: Suggestions = [];
  if (awaitIsLegal(file, expression)) suggestions.push(awaitSuggestion(file, expression, isVoid, gathered));
  const tracker = trackerInScope(file, expression);
  if (tracker !== undefined) suggestions.push(trackSuggestion(file, expression, inner, tracker, gathered));
  if (kind === 'unhandled' && file.options.ignoreVoid && !isVoid && !wouldBeUntracked(file, expression, statement))
    suggestions.push({ messageId: 'suggestVoid', fix: (fixer) => prefix(file, fixer, expression, 'void') });
  return suggestions;
}

function awaitSuggestion(
  file: PromiseFile,
  expression: TSESTree.Node,
  isVoid: boolean,
  gathered: string | undefined,
): Suggestions[number] {
  return {
    messageId: 'suggestAwait',
    fix: (fixer) => {
      if (gathered !== undefined) return fixer.replaceText(expression, `await ${gathered}`);
      if (isVoid) return fixer.replaceTextRange([expression.range[0], expression.range[0] + 4], 'await');
      return prefix(file, fixer, expression, 'await');
    },
  };
}

function trackSuggestion(
  file: PromiseFile,
  expression: TSESTree.Node,
  inner: TSESTree.Node,
  tracker: string,
  gathered: string | undefined,
): Suggestions[number] {
  const text = gathered ?? file.sourceCode.getText(inner);
  const argumentText =
    inner.type === 'SequenceExpression' && !ASTUtils.isParenthesized(inner, file.sourceCode) ? `(${text})` : text;
  return {
    messageId: 'suggestTrack',
    data: { tracker },
    fix: (fixer) => fixer.replaceText(expression, `${tracker}(${argumentText})`),
  };
}

/** `await x` / `void x`, parenthesising `x` where the operator would bind tighter than it. */
function prefix(
  file: PromiseFile,
  fixer: TSESLint.RuleFixer,
  expression: TSESTree.Node,
  operator: 'await' | 'void',
): TSESLint.RuleFix | TSESLint.RuleFix[] {
  const needsParens = !UNARY_SAFE.has(expression.type) && !ASTUtils.isParenthesized(expression, file.sourceCode);
  return needsParens
    ? [fixer.insertTextBefore(expression, `${operator} (`), fixer.insertTextAfter(expression, ')')]
    : fixer.insertTextBefore(expression, `${operator} `);
}

function awaitIsLegal(file: PromiseFile, node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (
      current.type === 'FunctionDeclaration' ||
      current.type === 'FunctionExpression' ||
      current.type === 'ArrowFunctionExpression'
    )
      return current.async;
    if (current.type === 'PropertyDefinition' || current.type === 'StaticBlock' || current.type === 'AccessorProperty')
      return false;
  }
  return file.isModule;
}

/**
 * Where `void p` is reported as `untracked`: a `void` suggestion would only trade one finding for
 * another. At top level, `void f()` is itself a main call to the entrypoint detector: the file
 * becomes an entrypoint, where the statement is the program's root call only when `f` is its own.
 */
function wouldBeUntracked(file: PromiseFile, expression: TSESTree.Node, statement: TSESTree.Node): boolean {
  if (file.options.checkUntracked === 'never') return false;
  if (statement.parent?.type === 'Program' && statement.type === 'ExpressionStatement') {
    const { call } = rootCallOf(anyNode(expression));
    const callee = call?.type === 'CallExpression' ? unwrap(child(call, 'callee')) : undefined;
    if (callee?.type === 'Identifier' || (callee?.type === 'MemberExpression' && propertyName(callee) === 'parseAsync'))
      return !isOwnRootCallee(file, callee);
  }
  return untrackedContext(file, expression) !== undefined && !isRootCall(file, statement);
}
