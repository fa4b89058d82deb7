/** A promise discarded by an expression statement or an arrow body `() => void p`: unhandled, untracked, or an array. */
import type { TSESTree } from '@typescript-eslint/utils';
import { isBestEffortDisposal } from '../../detection/best-effort-disposal.js';
import { type FloatingVerdict, classifyFloating, floatsNothingNew } from '../../detection/promise-apis.js';
import { anyNode } from '../estree-nodes.js';
import { handledOffMainPath, isRootCall, untrackedContext } from './main-path.js';
import { floatsEndlessLoop } from './never-fulfils.js';
import type { PromiseFile } from './promise-file.js';
import { discardedCannotReject } from './rejection.js';
import { suggestionsFor } from './suggestions.js';
import { managedElsewhere } from './usage.js';

const isIife = (expression: TSESTree.Node): boolean =>
  expression.type === 'CallExpression' &&
  (expression.callee.type === 'ArrowFunctionExpression' || expression.callee.type === 'FunctionExpression');

export function checkDiscarded(file: PromiseFile, expression: TSESTree.Expression, statement: TSESTree.Node): void {
  // Syntax first: what floats nothing new is never reported, so its type is never asked.
  if ((file.options.ignoreIIFE && isIife(expression)) || floatsNothingNew(anyNode(expression))) return;
  const verdict = classifyFloating(anyNode(expression), file.predicates, file.options);
  if (!verdict) return;
  if (verdict.kind !== 'promiseArray' && isBestEffortDisposal(anyNode(expression))) return;
  if (verdict.kind === 'promiseArray') file.context.report({ node: expression, messageId: 'promiseArray' });
  else if (verdict.kind === 'unhandled' && !discardedCannotReject(file, anyNode(expression)))
    reportUnhandled(file, verdict, expression, statement);
  else reportUntracked(file, expression, statement);
}

function reportUnhandled(
  file: PromiseFile,
  verdict: FloatingVerdict,
  expression: TSESTree.Expression,
  statement: TSESTree.Node,
): void {
  file.context.report({
    node: expression,
    messageId: verdict.nonFunctionHandler ? 'unhandledNonFunctionHandler' : 'unhandled',
    suggest: suggestionsFor(file, expression, 'unhandled', statement),
  });
}

/** A handled promise (or one that cannot reject) that shutdown will not wait for, where that is checked. */
function reportUntracked(file: PromiseFile, expression: TSESTree.Expression, statement: TSESTree.Node): void {
  if (file.options.checkUntracked === 'never' || managedElsewhere(file, expression)) return;
  const messageId = untrackedContext(file, statement);
  if (messageId === undefined || isRootCall(file, statement)) return;
  if (messageId === 'untracked' && handledOffMainPath(file, expression, statement)) return;
  if (floatsEndlessLoop(file, expression)) return;
  file.context.report({
    node: expression,
    messageId,
    suggest: suggestionsFor(file, expression, 'untracked', statement),
  });
}
