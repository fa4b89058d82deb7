/**
 * Exits in code graceful-main rewrites: `process.exit(n)` in main or in a kept error handler
 * becomes `process.exitCode = n` (and a `return` unless it was the function's last word), so the
 * drain and the closers still run. Finds the exits, checks they can be rewritten, rewrites them.
 */
import {
  type AnyNode,
  argument,
  child,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  memberPath,
  unwrap,
  walk,
} from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';
import { isLoggingCall } from 'eslint-plugin-graceful-shutdown/detection/inert-calls';
import { exitCallOf } from 'eslint-plugin-graceful-shutdown/detection/process-exit';

import { type FileContext, Skip, isBoundary, nodeList, numberValue } from './file-context.js';

/** Exit calls in a function: as statements of its own body (`topLevel`: the statements), anywhere else (`nested`: the calls). */
export function exitsIn(ctx: FileContext, fn: AnyNode): { topLevel: AnyNode[]; nested: AnyNode[] } {
  const topLevel: AnyNode[] = [];
  const nested: AnyNode[] = [];
  const body = child(fn, 'body');
  if (!body) return { topLevel, nested };
  if (body.type !== 'BlockStatement') {
    const expression = exitExpression(ctx, body);
    if (expression) topLevel.push(body);
  }
  const ownStatements = body.type === 'BlockStatement' ? new Set(nodeList(body, 'body')) : new Set<AnyNode>();
  walk(body, (node) => {
    if (!isCallExpression(node) || !exitCallOf(node, ctx.imports)) return undefined;
    const statement = ctx.parents.get(node);
    const viaVoid =
      statement?.type === 'UnaryExpression' && statement.operator === 'void' ? ctx.parents.get(statement) : statement;
    if (node === body || (viaVoid && ownStatements.has(viaVoid) && viaVoid.type === 'ExpressionStatement')) {
      if (node !== body) topLevel.push(viaVoid!);
    } else nested.push(node);
    return undefined;
  });
  return { topLevel, nested };
}

/** `process.exit(…)` / `void process.exit(…)` / `process.kill(process.pid, …)` as an expression. */
export function exitExpression(ctx: FileContext, node: AnyNode | undefined): AnyNode | undefined {
  let target = unwrap(node);
  if (target?.type === 'UnaryExpression' && target.operator === 'void') target = unwrap(child(target, 'argument'));
  return target && isCallExpression(target) && exitCallOf(target, ctx.imports) ? target : undefined;
}

/** The statement an exit call is the whole of, if any: `process.exit(1);`, `void process.exit(1);`, `return process.exit(1);`. */
function exitStatementOf(ctx: FileContext, exit: AnyNode): AnyNode | undefined {
  let node = ctx.parents.get(exit);
  if (node?.type === 'UnaryExpression' && node.operator === 'void') node = ctx.parents.get(node);
  return node?.type === 'ExpressionStatement' || node?.type === 'ReturnStatement' ? node : undefined;
}

/** `rewriteExits` can turn every exit of `fn` into an exit code: `process.exit` calls that are statements of `fn` itself. */
export function checkRewritableExits(ctx: FileContext, fn: AnyNode, what: string): void {
  const body = child(fn, 'body')!;
  walk(body, (node) => {
    if (!isCallExpression(node)) return undefined;
    const exit = exitCallOf(node, ctx.imports);
    if (!exit) return undefined;
    if (exit.kind !== 'exit') throw new Skip(`${what} ends the process with ${exit.label}`);
    if (ctx.enclosingFunction(node) !== fn)
      throw new Skip(`${what} exits from a callback${ctx.line(node)}: make it set process.exitCode`);
    if (body.type !== 'BlockStatement' ? exitExpression(ctx, body) !== node : !exitStatementOf(ctx, node)) {
      throw new Skip(`${what} exits inside an expression${ctx.line(node)}: make it set process.exitCode`);
    }
    return undefined;
  });
}

/**
 * `process.exit(n)` as a statement of `fn` (not of nested functions) → `process.exitCode = n;`
 * and `return;` unless it is the function's last word. A handler's exit-only arrow body gets a block.
 * Callers checked that every exit is a statement.
 */
export function rewriteExits(ctx: FileContext, fn: AnyNode): void {
  const body = child(fn, 'body')!;
  if (body.type !== 'BlockStatement') {
    const exit = exitExpression(ctx, body);
    if (exit) fn.body = ctx.blockOf(exitReplacement(ctx, exit, true));
    return;
  }
  const exits: AnyNode[] = [];
  walk(body, (node) => {
    if (node !== body && isBoundary(node)) return false;
    if (isCallExpression(node) && exitCallOf(node, ctx.imports)?.kind === 'exit') exits.push(node);
    return undefined;
  });
  for (const exit of exits) {
    const statement = exitStatementOf(ctx, exit)!;
    ctx.replaceStatement(statement, exitReplacement(ctx, exit, isTail(ctx, statement, fn)));
  }
}

function exitReplacement(ctx: FileContext, exit: AnyNode, tail: boolean): AnyNode[] {
  const code = argument(exit, 0);
  const statements: AnyNode[] = [];
  if (code) {
    const assignment = ctx.statements(`process.exitCode = ${ctx.placeholder}${ctx.semi}`)[0]!;
    child(assignment, 'expression')!.right = code;
    statements.push(assignment);
  }
  if (!tail) statements.push(...ctx.statements(`return${ctx.semi}`));
  return statements;
}

/** Whether nothing of `fn` runs after `statement` (last in its block, up through ifs and trys). */
function isTail(ctx: FileContext, statement: AnyNode, fn: AnyNode): boolean {
  let current = statement;
  for (;;) {
    const parent = ctx.parents.get(current);
    if (!parent) return false;
    if (parent.type === 'BlockStatement') {
      const list = nodeList(parent, 'body');
      if (list.at(-1) !== current) return false;
      if (parent === child(fn, 'body')) return true;
      current = parent;
      continue;
    }
    if (parent.type === 'IfStatement') {
      current = parent;
      continue;
    }
    if (parent.type === 'CatchClause') {
      current = ctx.parents.get(parent) ?? parent;
      continue;
    }
    if (parent.type === 'TryStatement' && child(parent, 'finalizer') !== current) {
      if (child(parent, 'finalizer')) return false;
      current = parent;
      continue;
    }
    return false;
  }
}

/** Exits in a main-to-be: statements become exit codes; anything else cannot be rewritten safely. */
export function checkExitsInMain(ctx: FileContext, fn: AnyNode): void {
  const body = child(fn, 'body')!;
  walk(body, (node) => {
    if (node !== body && isBoundary(node)) return false;
    if (!isCallExpression(node)) return undefined;
    const exit = exitCallOf(node, ctx.imports);
    if (!exit) return undefined;
    if (exit.kind !== 'exit' || !exitStatementOf(ctx, node) || body.type !== 'BlockStatement') {
      throw new Skip(
        `${exit.label}${ctx.line(node)} ends the process in the middle of main: make it an exit code by hand`,
      );
    }
    return undefined;
  });
}

export function checkExitsInScript(ctx: FileContext, statement: AnyNode): void {
  walk(statement, (node) => {
    if (isBoundary(node)) return false;
    if (!isCallExpression(node)) return undefined;
    const exit = exitCallOf(node, ctx.imports);
    if (exit && (exit.kind !== 'exit' || !exitStatementOf(ctx, node))) {
      throw new Skip(`${exit.label}${ctx.line(node)} ends the process in an expression: make it an exit code by hand`);
    }
    return undefined;
  });
}

/** Logging and `process.exit(1)` / `process.exitCode = 1` only: what runMain does with an error anyway. */
export function isTrivialErrorHandler(ctx: FileContext, handler: AnyNode | undefined): boolean {
  const target = unwrap(handler);
  if (!target) return false;
  if (isMemberExpression(target)) return (memberPath(target) ?? '').startsWith('console.');
  if (!isFunctionNode(target)) return false;
  const body = child(target, 'body')!;
  const statements =
    body.type === 'BlockStatement'
      ? nodeList(body, 'body')
      : [{ type: 'ExpressionStatement', expression: body } as AnyNode];
  // An empty handler swallows the error (status 0): that is a decision, not boilerplate.
  return (
    statements.length > 0 &&
    statements.every((statement) => {
      if (statement.type !== 'ExpressionStatement') return false;
      const expression = unwrap(child(statement, 'expression'));
      if (!expression) return false;
      if (isCallExpression(expression) && isLoggingCall(expression)) return true;
      const exit = exitExpression(ctx, expression);
      if (exit) return exitCallOf(exit, ctx.imports)?.kind === 'exit' && numberValue(argument(exit, 0)) === 1;
      return isExitCodeAssignment(expression, 1);
    })
  );
}

export function isExitCodeAssignment(expression: AnyNode, value?: number): boolean {
  return (
    expression.type === 'AssignmentExpression' &&
    expression.operator === '=' &&
    memberPath(child(expression, 'left')) === 'process.exitCode' &&
    (value === undefined || numberValue(child(expression, 'right')) === value)
  );
}
