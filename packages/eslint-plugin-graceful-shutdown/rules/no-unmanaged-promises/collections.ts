/** Promises pushed to a fresh local collection that nothing ever drains (awaits, tracks, `Promise.all*`). */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberPath, unwrap } from '../../detection/syntax/ast.js';
import { isClassicScript } from '../../detection/engine.js';
import { anyNode, estreeNode } from '../estree-nodes.js';
import { type PromiseFile, perFile } from './promise-file.js';
import { isHandedOver, usageOf } from './usage.js';

/** Collection methods that add to it. */
export const COLLECTION_ADDERS: ReadonlySet<string> = new Set(['push', 'unshift', 'add']);
/** Collection methods that neither drain nor hand the collection over. */
const NEUTRAL_METHODS = new Set([
  'push',
  'unshift',
  'add',
  'delete',
  'clear',
  'has',
  'includes',
  'indexOf',
  'lastIndexOf',
  'at',
  'join',
  'keys',
  'toString',
]);
/** Collection methods whose result still holds the promises (`Promise.all(tasks.splice(0))`). */
const DERIVING_METHODS = new Set([
  'map',
  'filter',
  'slice',
  'splice',
  'concat',
  'values',
  'flat',
  'flatMap',
  'toSorted',
  'toReversed',
  'toSpliced',
]);

/** `tasks.push(save())` (called for every adder call `tasks.<adder>(…)`). */
export function checkCollectionAdd(
  file: PromiseFile,
  call: TSESTree.CallExpression,
  callee: TSESTree.MemberExpression,
): void {
  if (callee.object.type !== 'Identifier' || call.arguments.length === 0) return;
  // The syntactic conditions (a fresh local collection, never drained) before the promise test,
  // which asks the type checker in typed mode.
  const variable = file.variableOf(callee.object);
  if (!variable || !isOwnFreshCollection(file, variable) || isDrained(file, variable)) return;
  const addsPromise = call.arguments.some((argument) =>
    argument.type === 'SpreadElement'
      ? file.predicates.isPromiseArray(anyNode(argument.argument))
      : file.predicates.isPromise(anyNode(argument)),
  );
  if (addsPromise)
    file.context.report({ node: call, messageId: 'undrainedCollection', data: { name: callee.object.name } });
}

/** A `const`/`let` of this module (not exported, not a classic script's shared global) holding a fresh collection. */
function isOwnFreshCollection(file: PromiseFile, variable: TSESLint.Scope.Variable): boolean {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (String(def?.type) !== 'Variable' || def?.node.type !== 'VariableDeclarator') return false;
  const declarator = def.node;
  if (declarator.id.type !== 'Identifier' || !isFreshCollection(declarator.init)) return false;
  if (declarator.parent.parent?.type === 'ExportNamedDeclaration') return false;
  // A classic script's globals are shared with other scripts.
  return !(variable.scope.type === 'global' && isClassicScript(file.context.languageOptions));
}

/** `[]`, `new Array()`, `new Set()`, `Array.of()` / `Array.from()` — a collection this code owns. */
function isFreshCollection(init: TSESTree.Expression | null): boolean {
  const unwrapped = init ? unwrap(anyNode(init)) : undefined;
  const node = unwrapped && estreeNode(unwrapped);
  if (!node) return false;
  if (node.type === 'ArrayExpression') return true;
  if (node.type === 'NewExpression')
    return node.callee.type === 'Identifier' && (node.callee.name === 'Set' || node.callee.name === 'Array');
  if (node.type === 'CallExpression') {
    const path = memberPath(anyNode(node.callee));
    return path === 'Array.of' || path === 'Array.from';
  }
  return false;
}

const drainedCollections = perFile(() => new Map<TSESLint.Scope.Variable, boolean>());

/** Whether any use of the collection drains it (awaits, tracks, `Promise.all*`) or hands it over (returns, passes, stores). */
function isDrained(file: PromiseFile, variable: TSESLint.Scope.Variable): boolean {
  const cache = drainedCollections(file);
  let drained = cache.get(variable);
  if (drained === undefined) {
    drained = variable.references.some((reference) => reference.isRead() && drainsAt(file, reference.identifier, 0));
    cache.set(variable, drained);
  }
  return drained;
}

function drainsAt(file: PromiseFile, start: TSESTree.Node, depth: number): boolean {
  const usage = usageOf(start, file.trackers);
  if (typeof usage === 'string') return isHandedOver(usage);
  if (NEUTRAL_METHODS.has(usage.method)) return false;
  if (DERIVING_METHODS.has(usage.method) && depth < 4) return drainsAt(file, usage.call, depth + 1);
  return true; // forEach, reduce, a method we do not know: assume it drains
}
