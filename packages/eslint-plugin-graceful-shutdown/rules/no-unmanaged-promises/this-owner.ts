/** What `this` refers to, for `this.m()` calls and `this.pending.add` trackers. */
import type { TSESTree } from '@typescript-eslint/utils';

export type ThisOwner =
  | { readonly kind: 'class'; readonly node: TSESTree.Node; readonly isStatic: boolean }
  | { readonly kind: 'object'; readonly node: TSESTree.ObjectExpression };

/** What `this` refers to at `node`: the enclosing class (static or not) or object literal, through arrows. */
export function thisOwner(node: TSESTree.Node): ThisOwner | undefined {
  let previous: TSESTree.Node = node;
  for (let current = node.parent; current; previous = current, current = current.parent) {
    switch (current.type) {
      case 'ArrowFunctionExpression':
        continue;
      case 'FunctionExpression': {
        const owner = current.parent;
        if (
          (owner?.type === 'MethodDefinition' || owner?.type === 'TSAbstractMethodDefinition') &&
          owner.value === current
        ) {
          return { kind: 'class', node: owner.parent.parent, isStatic: owner.static };
        }
        if (owner?.type === 'Property' && owner.value === current && owner.parent.type === 'ObjectExpression')
          return { kind: 'object', node: owner.parent };
        return undefined;
      }
      case 'FunctionDeclaration':
        return undefined;
      case 'PropertyDefinition':
      case 'AccessorProperty':
        return previous === current.value
          ? { kind: 'class', node: current.parent.parent, isStatic: current.static }
          : undefined;
      case 'StaticBlock':
        return { kind: 'class', node: current.parent.parent, isStatic: true };
      default:
        continue;
    }
  }
  return undefined;
}
