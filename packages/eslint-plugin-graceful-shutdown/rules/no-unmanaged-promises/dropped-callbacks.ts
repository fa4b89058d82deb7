/** An async callback handed to an API that ignores what it returns (`forEach`, timers, emitter listeners). */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberPath, propertyName, unwrap } from '../../detection/syntax/ast.js';
import { listensToSignal, processListenerInScope } from '../../detection/process-listeners.js';
import { classifyFloating, isAsyncCallable, moduleExportOf } from '../../detection/promise-apis.js';
import { anyNode } from '../estree-nodes.js';
import type { PromiseFile } from './promise-file.js';
import { callbackCannotReject } from './rejection.js';

const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);
const LISTENER_METHODS = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
]);
const PROCESS_PATHS = new Set(['process', 'globalThis.process', 'node:process']);

/** A cheap test on the callee's name, before any resolution. */
export function mayDropCallback(call: TSESTree.CallExpression): boolean {
  const { callee } = call;
  if (callee.type === 'Identifier') return TIMER_FUNCTIONS.has(callee.name);
  if (callee.type !== 'MemberExpression') return false;
  const method = propertyName(anyNode(callee));
  return (
    method !== undefined &&
    (method === 'forEach' || method === 'nextTick' || TIMER_FUNCTIONS.has(method) || LISTENER_METHODS.has(method))
  );
}

export function checkDroppedCallback(file: PromiseFile, call: TSESTree.CallExpression): void {
  const slot = callbackSlot(file, call.callee);
  if (!slot) return;
  const callback = call.arguments[slot.index];
  if (!callback || callback.type === 'SpreadElement' || !returnsUnhandledPromise(file, callback)) return;
  if (callbackCannotReject(file, callback)) return;
  // An async process signal listener is require-signal-cancellation's `unhandledAsyncListener`.
  if (slot.listener && isProcessSignalListener(file, call)) return;
  const { callee } = call;
  const label =
    memberPath(anyNode(callee)) ??
    (callee.type === 'MemberExpression' ? `….${propertyName(anyNode(callee)) ?? 'call'}` : 'This call');
  file.context.report({ node: callback, messageId: 'droppedAsyncCallback', data: { callee: `${label}()` } });
}

/** Which argument of the call is a callback whose returned promise the callee ignores. */
function callbackSlot(
  file: PromiseFile,
  callee: TSESTree.Expression,
): { readonly index: number; readonly listener: boolean } | undefined {
  if (callee.type === 'Identifier')
    return TIMER_FUNCTIONS.has(callee.name) && isTimerFunction(file, callee)
      ? { index: 0, listener: false }
      : undefined;
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(anyNode(callee));
  if (method === undefined) return undefined;
  const objectPath = memberPath(anyNode(callee.object));
  if (method === 'forEach') return { index: 0, listener: false };
  if (
    TIMER_FUNCTIONS.has(method) &&
    (objectPath === 'globalThis' || objectPath === 'window' || isTimerFunction(file, callee))
  )
    return { index: 0, listener: false };
  if (method === 'nextTick' && objectPath === 'process') return { index: 0, listener: false };
  return LISTENER_METHODS.has(method) ? { index: 1, listener: true } : undefined;
}

/** A global timer, or one imported from `timers` (not `timers/promises`, whose first argument is a delay). */
function isTimerFunction(file: PromiseFile, callee: TSESTree.Node): boolean {
  const root = unwrap(anyNode(callee));
  if (root?.type === 'Identifier' && file.scope.resolve(root).kind === 'global') return true;
  return moduleExportOf(anyNode(callee), file.scope)?.source === 'timers';
}

/** Whether calling `callback` yields a promise nobody handles: an async function, or an arrow whose expression body floats unhandled. */
function returnsUnhandledPromise(file: PromiseFile, callback: TSESTree.Node): boolean {
  if (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression') {
    if (callback.async) return !callback.generator;
    // `(t) => t.catch(log)` returns a handled promise; `(x) => save(x)` an unhandled one.
    if (callback.body.type !== 'BlockStatement') {
      const verdict = classifyFloating(anyNode(callback.body), file.predicates, { ignoreVoid: true });
      return verdict?.kind === 'unhandled' || verdict?.kind === 'promiseArray';
    }
    return file.typed ? file.typed.returnsPromise(callback) : false;
  }
  return file.typed ? file.typed.returnsPromise(callback) : isAsyncCallable(anyNode(callback), file.scope);
}

/** `process.on('SIGTERM', async () => …)`, as the detection layer recognises a signal listener. */
function isProcessSignalListener(file: PromiseFile, call: TSESTree.CallExpression): boolean {
  if (call.callee.type !== 'MemberExpression' || !PROCESS_PATHS.has(memberPath(anyNode(call.callee.object)) ?? ''))
    return false;
  const registration = processListenerInScope(
    anyNode(call),
    file.sourceCode.getAncestors(call).map(anyNode),
    anyNode(file.sourceCode.ast),
  );
  return registration !== undefined && listensToSignal(registration);
}
