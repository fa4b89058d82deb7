/** The statement list of a block-like node, in both AST dialects (docs/architecture.md §8). */
import { type AnyNode, children } from './ast.js';

/** `Program`, `BlockStatement`, `StaticBlock`, `TSModuleBlock` bodies and a `SwitchCase`'s consequent; else none. */
export function statementList(node: AnyNode): AnyNode[] {
  switch (node.type) {
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
    case 'TSModuleBlock':
      return children(node, 'body');
    case 'SwitchCase':
      return children(node, 'consequent');
    default:
      return [];
  }
}
