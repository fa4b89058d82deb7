/**
 * What ends the process: `process.exit()`, `process.kill(process.pid)`, `process.abort()`,
 * `Deno.exit()`, however `process` is reached (`globalThis.process`, `node:process` imports).
 * Shared by `no-exit-before-drain`, `require-signal-cancellation` and the `graceful-main` codemod.
 */
import {
  type AnyNode,
  argument,
  child,
  isCallExpression,
  isMemberExpression,
  memberPath,
  propertyName,
  unwrap,
} from './syntax/ast.js';
import { type ImportMap, resolveReference } from './imports.js';
import { calleeText } from './syntax/callee-text.js';

/** The paths that name the process object. */
export const PROCESS_PATHS: ReadonlySet<string> = new Set(['process', 'globalThis.process']);

export type ExitKind = 'exit' | 'kill-self' | 'abort';

export interface ExitCall {
  readonly kind: ExitKind;
  /** For messages: 'process.exit()', 'process.kill(process.pid)', 'process.abort()'. */
  readonly label: string;
}

/** `process.x` or `x` imported from `node:process`: the `x`. */
function processMember(node: AnyNode | undefined, imports: ImportMap): string | undefined {
  const target = unwrap(node);
  if (!target) return undefined;
  if (isMemberExpression(target) && PROCESS_PATHS.has(memberPath(child(target, 'object')) ?? ''))
    return propertyName(target);
  const binding = resolveReference(target, imports);
  return binding?.source === 'process' && binding.imported !== '*' && binding.imported !== 'default'
    ? binding.imported
    : undefined;
}

/** Whether an expression is this process's own pid (`process.pid`, `pid` from `node:process`). */
export const isOwnPid = (node: AnyNode | undefined, imports: ImportMap): boolean =>
  processMember(node, imports) === 'pid';

/** If `call` ends the process: `process.exit()`, `process.kill(process.pid, …)`, `process.abort()`, `Deno.exit()`. */
export function exitCallOf(call: AnyNode, imports: ImportMap): ExitCall | undefined {
  if (!isCallExpression(call)) return undefined;
  const callee = child(call, 'callee');
  if (memberPath(callee) === 'Deno.exit') return { kind: 'exit', label: 'Deno.exit()' };
  const member = processMember(callee, imports);
  const text = calleeText(callee);
  if (member === 'exit' || member === 'reallyExit') return { kind: 'exit', label: `${text}()` };
  if (member === 'abort') return { kind: 'abort', label: `${text}()` };
  if (member === 'kill' && isOwnPid(argument(call, 0), imports))
    return { kind: 'kill-self', label: `${text}(${calleeText(argument(call, 0))})` };
  return undefined;
}

/** `process.exit` used as a value: `.then(process.exit)`, `process.on('SIGINT', process.exit)`. */
export function isExitReference(node: AnyNode | undefined, imports: ImportMap): boolean {
  const target = unwrap(node);
  if (!target || (target.type !== 'Identifier' && !isMemberExpression(target))) return false;
  if (memberPath(target) === 'Deno.exit') return true;
  const member = processMember(target, imports);
  return member === 'exit' || member === 'reallyExit' || member === 'abort';
}
