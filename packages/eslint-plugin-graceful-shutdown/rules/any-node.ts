/**
 * ESTree nodes handed to the detection layer, whose helpers accept both AST dialects
 * (docs/architecture.md §8). A type guard rather than a cast: TSESTree's interfaces have no index
 * signature, so they are not `AnyNode`s until checked.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { type AnyNode, isNode } from '../detection/ast.js';

export function anyNode(node: TSESTree.Node | AnyNode): AnyNode {
  if (isNode(node)) return node;
  throw new TypeError('not an AST node');
}

/** A node of the tree ESLint parsed (it has `range` and `loc`), handed back by the detection layer. */
const isEstree = (node: TSESTree.Node | AnyNode): node is TSESTree.Node =>
  Array.isArray(node.range) && typeof node.loc === 'object' && node.loc !== null;

export function estreeNode(node: TSESTree.Node | AnyNode): TSESTree.Node {
  if (isEstree(node)) return node;
  throw new TypeError(`not a node of the parsed tree: ${node.type}`);
}
