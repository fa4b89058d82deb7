/** The names a binding pattern or a declaration introduces, in both AST dialects. */
import { type AnyNode, child, children } from './ast.js';

/** Names bound by a pattern (parameters, declarators, `catch` clauses), a TypeScript parameter property included. */
export function patternNames(pattern: AnyNode | undefined): string[] {
  const node = pattern?.type === 'TSParameterProperty' ? child(pattern, 'parameter') : pattern;
  if (!node) return [];
  switch (node.type) {
    case 'Identifier':
      return typeof node.name === 'string' ? [node.name] : [];
    case 'AssignmentPattern':
      return patternNames(child(node, 'left'));
    case 'RestElement':
      return patternNames(child(node, 'argument'));
    case 'ArrayPattern':
      return children(node, 'elements').flatMap(patternNames);
    case 'ObjectPattern':
      return children(node, 'properties').flatMap((property) =>
        property.type === 'RestElement' ? patternNames(property) : patternNames(child(property, 'value')),
      );
    default:
      return [];
  }
}

/** Declarations that bind the name in their `id`. */
const NAMED_DECLARATIONS = new Set(['FunctionDeclaration', 'ClassDeclaration', 'TSEnumDeclaration']);

/** Names a statement declares in its block: variables, hoisted functions, classes and enums, exported or not. */
export function declaredNames(statement: AnyNode): string[] {
  const declaration =
    statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
      ? child(statement, 'declaration')
      : statement;
  if (!declaration) return [];
  if (declaration.type === 'VariableDeclaration')
    return children(declaration, 'declarations').flatMap((declarator) => patternNames(child(declarator, 'id')));
  if (NAMED_DECLARATIONS.has(declaration.type)) {
    const id = child(declaration, 'id');
    return typeof id?.name === 'string' ? [id.name] : [];
  }
  return [];
}
