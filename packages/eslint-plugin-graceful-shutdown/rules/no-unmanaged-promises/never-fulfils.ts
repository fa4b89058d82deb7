/**
 * A floating promise that can only settle by rejecting: a call, maybe chained or `void`ed, of a
 * function of this file that runs an endless loop (`detection/endless-loops.ts`). Tracking it would
 * hold the drain until its timeout, so it is never `untracked` (docs/architecture.md §4).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { child, isCallExpression, unwrap } from '../../detection/syntax/ast.js';
import { localFunctionOf } from '../../detection/cannot-reject.js';
import { neverFulfils } from '../../detection/endless-loops.js';
import { chainRoot } from '../../detection/promise-apis.js';
import { anyNode } from '../estree-nodes.js';
import type { PromiseFile } from './promise-file.js';

export function floatsEndlessLoop(file: PromiseFile, expression: TSESTree.Expression): boolean {
  let target = unwrap(anyNode(expression));
  if (target?.type === 'UnaryExpression' && target.operator === 'void') target = unwrap(child(target, 'argument'));
  const root = chainRoot(target);
  const callee = root && isCallExpression(root) ? child(root, 'callee') : undefined;
  const fn = callee && localFunctionOf(callee, file.scope);
  return fn !== undefined && neverFulfils(fn);
}
