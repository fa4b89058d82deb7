/**
 * The ESLint-scope adapter: answers the detection layer's `NameResolver` (detection/syntax/names.ts)
 * from ESLint's scope analysis, once for every rule (docs/architecture.md §8).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { unwrap } from '../detection/syntax/ast.js';
import type { ImportMap } from '../detection/imports.js';
import {
  GLOBAL_BINDING,
  IMPORT_BINDING,
  type NameResolution,
  type NameResolver,
  UNKNOWN_BINDING,
} from '../detection/syntax/names.js';
import { isRequireExpression } from '../detection/syntax/require.js';
import { anyNode, estreeNode } from './estree-nodes.js';

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/**
 * A resolver over the file's scope analysis, cached per variable. `imports` gives the file's
 * top-level module bindings (`collectImports`), asked for only when a top-level variable needs it.
 */
export function eslintScopeResolver(sourceCode: Readonly<TSESLint.SourceCode>, imports: () => ImportMap): NameResolver {
  const resolutions = new Map<TSESLint.Scope.Variable, NameResolution>();

  function resolveVariable(variable: TSESLint.Scope.Variable | null): NameResolution {
    if (!variable || variable.defs.length === 0) return GLOBAL_BINDING;
    const cached = resolutions.get(variable);
    if (cached) return cached;
    const resolution = computeResolution(variable);
    resolutions.set(variable, resolution);
    return resolution;
  }

  function computeResolution(variable: TSESLint.Scope.Variable): NameResolution {
    const defs = variable.defs;
    // TypeScript overloads declare a function several times; the implementation has the body.
    const def =
      defs.length === 1
        ? defs[0]
        : defs.every((d) => String(d.type) === 'FunctionName')
          ? defs.find((d) => (d.node as TSESTree.FunctionDeclaration).body)
          : undefined;
    if (!def) return UNKNOWN_BINDING;
    switch (String(def.type)) {
      case 'ImportBinding':
        return IMPORT_BINDING;
      case 'FunctionName':
        return { kind: 'function', node: anyNode(def.node) };
      case 'ClassName':
        return { kind: 'class', node: anyNode(def.node) };
      case 'Variable': {
        const declarator = def.node as TSESTree.VariableDeclarator;
        if (declarator.type !== 'VariableDeclarator' || !declarator.init) return UNKNOWN_BINDING;
        // Top-level module bindings (`const { once } = require('events')`, `const fsp = fs.promises`) are in the import map.
        const topLevel = declarator.parent.parent?.type === 'Program';
        if (topLevel && imports().has(variable.name)) return IMPORT_BINDING;
        if (declarator.id.type !== 'Identifier')
          return isRequireExpression(anyNode(declarator.init)) ? IMPORT_BINDING : UNKNOWN_BINDING;
        if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return UNKNOWN_BINDING;
        const init = unwrap(anyNode(declarator.init))!;
        if (FUNCTION_TYPES.has(init.type)) return { kind: 'function', node: init };
        if (init.type === 'ClassExpression') return { kind: 'class', node: init };
        return { kind: 'value', init: anyNode(declarator.init) };
      }
      default:
        return UNKNOWN_BINDING;
    }
  }

  return (identifier) => {
    const node = estreeNode(identifier);
    if (node.type !== 'Identifier') return UNKNOWN_BINDING;
    return resolveVariable(ASTUtils.findVariable(sourceCode.getScope(node), node));
  };
}
