/**
 * Calls that do no work a shutdown must wait for: logging (`console.*`, loggers,
 * `process.stderr.write`) and sleeping (`await sleep(500)`, `timers/promises`, a `setTimeout` promise).
 */
import {
  type AnyNode,
  argument,
  child,
  children,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  memberPath,
  propertyName,
  unwrap,
  walk,
} from './syntax/ast.js';
import { type ImportMap, resolveReference } from './imports.js';

const LOG_METHODS = new Set([
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'fatal',
  'verbose',
  'silly',
  'notice',
  'success',
  'table',
  'dir',
]);
const LOG_FUNCTIONS = new Set(['log', 'debug', 'info', 'warn', 'print', 'echo', 'logger']);

/** Whether a call only logs: `console.*`, `logger.info`, `this.log.warn`, `debug(…)`, `process.stderr.write`. */
export function isLoggingCall(call: AnyNode): boolean {
  if (!isCallExpression(call)) return false;
  const callee = unwrap(child(call, 'callee'));
  if (callee?.type === 'Identifier') return LOG_FUNCTIONS.has(String(callee.name));
  if (!isMemberExpression(callee)) return false;
  const path = memberPath(callee);
  if (path === 'process.stdout.write' || path === 'process.stderr.write') return true;
  if (path?.startsWith('console.')) return true;
  return LOG_METHODS.has(propertyName(callee!) ?? '');
}

const SLEEP_NAME = /^(?:sleep|delay|wait|pause|timeout|setTimeoutAsync|setTimeoutPromise)$/i;

/** Whether an awaited expression only waits for time to pass (not for work to drain). */
export function isSleep(expression: AnyNode | undefined, imports: ImportMap): boolean {
  const node = unwrap(expression);
  if (!node) return false;
  if (isCallExpression(node)) {
    const callee = unwrap(child(node, 'callee'));
    const binding = resolveReference(callee, imports);
    if (
      binding?.source === 'timers/promises' &&
      ['setTimeout', 'setImmediate', 'scheduler.wait'].includes(binding.imported)
    )
      return true;
    const name = isMemberExpression(callee)
      ? propertyName(callee!)
      : callee?.type === 'Identifier'
        ? String(callee.name)
        : undefined;
    return name !== undefined && SLEEP_NAME.test(name);
  }
  if (node.type === 'NewExpression' && memberPath(child(node, 'callee')) === 'Promise') {
    // new Promise((resolve) => setTimeout(resolve, 500))
    const executor = unwrap(argument(node, 0));
    if (!isFunctionNode(executor)) return false;
    const params = new Set(children(executor!, 'params').map((param) => param.name));
    let onlyTimers = true;
    let sawTimer = false;
    walk(child(executor!, 'body') ?? executor!, (inner) => {
      if (!isCallExpression(inner)) return undefined;
      const callee = unwrap(child(inner, 'callee'));
      const path = memberPath(callee);
      if (path === 'setTimeout' || path === 'setImmediate' || path === 'globalThis.setTimeout') sawTimer = true;
      else if (
        !(callee?.type === 'Identifier' && params.has(callee.name)) &&
        !(isMemberExpression(callee) && propertyName(callee!) === 'unref')
      )
        onlyTimers = false;
      return undefined;
    });
    return sawTimer && onlyTimers;
  }
  return false;
}
