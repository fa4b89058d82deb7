/**
 * Cleanup code runs after the abort: passing the shutdown signal there would cancel the cleanup
 * itself. The same regions `require-signal-propagation` keeps signals out of (see
 * `createSignalScope` in detection/signal-scope.ts): `finally` blocks, functions passed to
 * `defer(…)` / `addAbortListener(…)` / `addEventListener('abort', …)`, `x.onabort = …`, and
 * process listeners for signals and shutdown events.
 */
import { ts } from 'ts-morph';
import {
  isSignalName,
  LISTEN_METHODS,
  SHUTDOWN_EVENTS,
} from 'eslint-plugin-graceful-shutdown/detection/process-listeners';
import { isFunctionLike, skipTransparent } from './model.js';

const calleeName = (callee: ts.Expression): string | undefined => {
  const target = skipTransparent(callee);
  if (ts.isIdentifier(target)) return target.text;
  if (ts.isPropertyAccessExpression(target)) return target.name.text;
  return undefined;
};

const stringArgument = (call: ts.CallExpression, index: number): string | undefined => {
  const arg = call.arguments[index];
  return arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : undefined;
};

/** Whether a function is a cleanup callback: signals from outside must not reach into it. */
export function isCleanupFunction(fn: ts.Node): boolean {
  if (!isFunctionLike(fn)) return false;
  let holder: ts.Node = fn;
  while (
    holder.parent &&
    (ts.isParenthesizedExpression(holder.parent) ||
      ts.isAsExpression(holder.parent) ||
      ts.isSatisfiesExpression(holder.parent))
  )
    holder = holder.parent;
  const parent = holder.parent;
  if (parent && ts.isCallExpression(parent) && parent.arguments.some((arg) => arg === holder)) {
    const name = calleeName(parent.expression);
    if (name === 'defer' || name === 'addAbortListener') return true;
    if (name === 'addEventListener' && stringArgument(parent, 0) === 'abort') return true;
    const callee = skipTransparent(parent.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      LISTEN_METHODS.has(callee.name.text) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'process'
    ) {
      const event = stringArgument(parent, 0);
      if (event !== undefined && (isSignalName(event) || SHUTDOWN_EVENTS.has(event))) return true;
    }
  }
  if (
    parent &&
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === holder
  ) {
    const left = parent.left;
    if (ts.isPropertyAccessExpression(left) && left.name.text === 'onabort') return true;
  }
  return false;
}

/** Whether `node` is the `finally` block of a try statement. */
export const isFinallyBlock = (node: ts.Node): boolean =>
  node.parent !== undefined && ts.isTryStatement(node.parent) && node.parent.finallyBlock === node;
