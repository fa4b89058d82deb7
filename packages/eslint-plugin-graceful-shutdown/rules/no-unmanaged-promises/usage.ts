/** How a value is used: climbs from an expression to what consumes it (docs/architecture.md §4, "managed"). */
import type { TSESTree } from '@typescript-eslint/utils';
import { type AnyNode, child, memberPath, propertyName, unwrap } from '../../detection/syntax/ast.js';
import { isTrackerCallee } from '../../detection/main-context.js';
import { PROMISE_AGGREGATORS, chainRoot } from '../../detection/promise-apis.js';
import { PROMISE_CHAIN_METHODS } from '../../detection/syntax/promise-chain.js';
import { anyNode, estreeNode } from '../estree-nodes.js';
import type { PromiseFile } from './promise-file.js';

const WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ChainExpression',
  'TSInstantiationExpression',
]);

export type Usage =
  'managed' | 'escaped' | 'dropped' | 'neutral' | { readonly method: string; readonly call: TSESTree.CallExpression };

export function usageOf(start: TSESTree.Node, trackers: readonly string[]): Usage {
  let node = start;
  for (;;) {
    const parent = node.parent;
    if (!parent) return 'neutral';
    if (WRAPPERS.has(parent.type)) {
      node = parent;
      continue;
    }
    switch (parent.type) {
      case 'AwaitExpression':
      case 'YieldExpression':
      case 'ReturnStatement':
        return 'managed';
      case 'ArrowFunctionExpression':
        return parent.body === node ? 'managed' : 'neutral';
      case 'ConditionalExpression':
        if (parent.test === node) return 'neutral';
        node = parent;
        continue;
      case 'LogicalExpression':
      case 'SpreadElement':
      case 'ArrayExpression':
        node = parent;
        continue;
      case 'SequenceExpression':
        if (parent.expressions.at(-1) !== node) return 'neutral';
        node = parent;
        continue;
      case 'MemberExpression': {
        if (parent.object !== node) return 'neutral';
        const call = parent.parent;
        if (call?.type !== 'CallExpression' || call.callee !== parent) return 'neutral';
        const method = propertyName(anyNode(parent)) ?? '';
        if (PROMISE_CHAIN_METHODS.has(method)) {
          node = call;
          continue;
        }
        return { method, call };
      }
      case 'CallExpression':
      case 'NewExpression': {
        if (parent.callee === node) return 'neutral';
        const calleePath = memberPath(anyNode(parent.callee));
        if (isTrackerCallee(calleePath, trackers)) return 'managed';
        if (calleePath?.startsWith('Promise.') && PROMISE_AGGREGATORS.has(calleePath.slice(8))) return 'managed';
        return 'escaped';
      }
      case 'ForOfStatement':
        return parent.right === node ? 'managed' : 'neutral';
      case 'VariableDeclarator':
        return parent.init === node ? 'escaped' : 'neutral';
      case 'AssignmentExpression':
        return parent.right === node ? 'escaped' : 'neutral';
      case 'Property':
      case 'PropertyDefinition':
      case 'JSXExpressionContainer':
      case 'ExportDefaultDeclaration':
      case 'ExportSpecifier':
      case 'TSExportAssignment':
        return 'escaped';
      case 'ExpressionStatement':
        return 'dropped';
      default:
        return 'neutral';
    }
  }
}

export const isHandedOver = (usage: Usage): boolean => usage === 'managed' || usage === 'escaped';

/** `p.catch(fn)` / `void p` where another use of `p` awaits, tracks, returns or hands it over. */
export function managedElsewhere(file: PromiseFile, expression: TSESTree.Node): boolean {
  let target: AnyNode | undefined = unwrap(anyNode(expression));
  if (target?.type === 'UnaryExpression' && target.operator === 'void') target = unwrap(child(target, 'argument'));
  const root = chainRoot(target);
  const identifier = root && estreeNode(root);
  if (identifier?.type !== 'Identifier') return false;
  const variable = file.variableOf(identifier);
  if (!variable || variable.defs.length === 0) return false;
  return variable.references.some(
    (reference) =>
      reference.identifier !== identifier &&
      reference.isRead() &&
      isHandedOver(usageOf(reference.identifier, file.trackers)),
  );
}
