/**
 * The two views of one node: ESLint hands rules `TSESTree` nodes, the detection layer reads them
 * as `AnyNode` (docs/architecture.md §8). The objects are the same; only the static types differ.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { AnyNode } from '../detection/ast.js';

export const asDetectionNode = (node: TSESTree.Node): AnyNode => node as unknown as AnyNode;

export const asEstreeNode = (node: AnyNode): TSESTree.Node => node as unknown as TSESTree.Node;
