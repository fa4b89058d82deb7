/** `const p = save();` and `p` never read again: nothing awaits, tracks or handles it. */
import type { TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../../detection/syntax/ast.js';
import { isClassicScript } from '../../detection/engine.js';
import { anyNode } from '../estree-nodes.js';
import type { PromiseFile } from './promise-file.js';

/** Initialisers that are never a promise, so the variable needs no further look. */
const NEVER_A_PROMISE = new Set([
  'AwaitExpression',
  'Literal',
  'ObjectExpression',
  'ArrowFunctionExpression',
  'FunctionExpression',
  'ClassExpression',
  'TemplateLiteral',
]);

export function checkUnused(file: PromiseFile, declarator: TSESTree.VariableDeclarator): void {
  const init = declarator.init;
  if (!init || declarator.id.type !== 'Identifier') return;
  const { kind } = declarator.parent;
  if (kind === 'using' || kind === 'await using' || declarator.parent.parent?.type === 'ExportNamedDeclaration') return;
  if (NEVER_A_PROMISE.has(unwrap(anyNode(init))?.type ?? '')) return;
  const variable = file.sourceCode.getDeclaredVariables(declarator)[0];
  if (!variable || variable.references.some((reference) => reference.isRead())) return;
  // A classic script's globals are shared with other scripts.
  if (variable.scope.type === 'global' && isClassicScript(file.context.languageOptions)) return;
  if (!file.predicates.isPromise(anyNode(init)) && !file.predicates.isPromiseArray(anyNode(init))) return;
  file.context.report({ node: declarator, messageId: 'unusedPromise', data: { name: declarator.id.name } });
}
