/**
 * Where a rule's ESTree nodes meet the detection layer's dialect-neutral `AnyNode`
 * (docs/architecture.md §8). typescript-estree's node interfaces carry no index signature, so
 * TypeScript cannot see that each is an `AnyNode`; this is the one place that says so.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { AnyNode } from '../detection/ast.js';

/** An ESTree node, handed to the detection layer. */
export const anyNode = (node: TSESTree.Node): AnyNode => node as unknown as AnyNode;

/** A node the detection layer returned from an ESTree tree, back in its ESTree type. */
export const estreeNode = (node: AnyNode): TSESTree.Node => node as unknown as TSESTree.Node;
