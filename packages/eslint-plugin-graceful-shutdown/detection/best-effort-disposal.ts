/**
 * A synchronous disposer's floating close (docs/architecture.md §4): `[Symbol.dispose]()` starting
 * the call that `[Symbol.asyncDispose]()` of the same class or object awaits or returns (piscina:
 * `this.close()` in both). `using` runs the synchronous one and ignores its value, so it cannot
 * wait or hand the promise on; whoever needs the close's outcome writes `await using`, which the
 * object offers. Only the parent links of a linted tree are read.
 */
import {
  type AnyNode,
  child,
  children,
  isCallExpression,
  isFunctionNode,
  memberPath,
  unwrap,
  walk,
} from './syntax/ast.js';
import { memberFunction } from './promise-apis.js';

/** Whether a discarded expression is the close a synchronous `[Symbol.dispose]()` starts and its async twin awaits. */
export function isBestEffortDisposal(expression: AnyNode): boolean {
  const call = unwrap(expression);
  const path = call && isCallExpression(call) ? memberPath(child(call, 'callee')) : undefined;
  if (!call || path === undefined) return false;
  const disposer = enclosingFunction(call);
  const member = disposer && disposer.async !== true ? memberOf(disposer) : undefined;
  if (!member || !isKeyedBy(member, 'Symbol.dispose')) return false;
  const owner = child(member, 'parent');
  const members = owner ? [...children(owner, 'body'), ...children(owner, 'properties')] : [];
  const twin = members.find(
    (candidate) => isKeyedBy(candidate, 'Symbol.asyncDispose') && Boolean(candidate.static) === Boolean(member.static),
  );
  const asyncDisposer = twin && memberFunction(twin);
  return asyncDisposer !== undefined && waitsFor(asyncDisposer, path);
}

function enclosingFunction(node: AnyNode): AnyNode | undefined {
  for (let current = child(node, 'parent'); current; current = child(current, 'parent'))
    if (isFunctionNode(current)) return current;
  return undefined;
}

const MEMBERS = new Set(['MethodDefinition', 'Property', 'PropertyDefinition', 'ClassProperty']);

/** The class member or object property a function is the value of (Babel's methods are their own member). */
function memberOf(fn: AnyNode): AnyNode | undefined {
  if (fn.type === 'ClassMethod' || fn.type === 'ObjectMethod') return fn;
  const parent = child(fn, 'parent');
  return parent && MEMBERS.has(parent.type) && child(parent, 'value') === fn ? parent : undefined;
}

const isKeyedBy = (member: AnyNode, symbol: string): boolean =>
  member.computed === true && memberPath(child(member, 'key')) === symbol;

/** Whether the function awaits or returns a call of `path` (outside nested functions). */
function waitsFor(fn: AnyNode, path: string): boolean {
  const body = child(fn, 'body');
  if (!body) return false;
  const isTheCall = (node: AnyNode | undefined): boolean =>
    node !== undefined && isCallExpression(node) && memberPath(child(node, 'callee')) === path;
  if (body.type !== 'BlockStatement') return isTheCall(unwrap(body));
  let found = false;
  walk(body, (node) => {
    if (found || (node !== body && isFunctionNode(node))) return false;
    if (
      (node.type === 'AwaitExpression' || node.type === 'ReturnStatement') &&
      isTheCall(unwrap(child(node, 'argument')))
    )
      found = true;
    return !found;
  });
  return found;
}
