/**
 * What a call does for shutdown, as `require-resource-close` sees it: installs the program's
 * shutdown handling, registers code that runs at shutdown (a hook), or neither.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  type AnyNode,
  type ImportMap,
  INSTALLS_SHUTDOWN_HANDLING,
  isProcessListenerCall,
  listensToSignal,
  processListenerInScope,
  resolveReference,
  RUN_MAIN,
  shutdownLibrary,
  stringValue,
} from '../../detection/index.js';
import { anyNode } from '../estree-nodes.js';
import { lastName } from './shutdown-path.js';

export type ShutdownCall =
  /** `process.on('SIGTERM', listener)`: handles shutdown, and `listener` (if found) is a hook. */
  | { readonly kind: 'signal-listener'; readonly listener: AnyNode | undefined }
  /** A shutdown library or `setupGracefulShutdown(…)`: handles shutdown, its function arguments are hooks. */
  | { readonly kind: 'shutdown-library' }
  /** `runMain(main)`: the helper handles shutdown. */
  | { readonly kind: 'run-main' }
  /** `defer(fn)`, `shutdown.then(fn)`, an `abort` listener: its function arguments are hooks. */
  | { readonly kind: 'hook' };

export function shutdownCall(
  call: TSESTree.CallExpression,
  ancestorsOf: () => readonly AnyNode[],
  program: AnyNode,
  imports: ImportMap,
): ShutdownCall | undefined {
  const node = anyNode(call);
  const callee = anyNode(call.callee);
  if (isProcessListenerCall(node)) {
    const listener = processListenerInScope(node, ancestorsOf(), program);
    return listener && listensToSignal(listener)
      ? { kind: 'signal-listener', listener: listener.listenerFunction }
      : undefined;
  }
  const name = lastName(callee);
  const binding = resolveReference(callee, imports);
  if ((binding && shutdownLibrary(binding.source, binding.imported)) || INSTALLS_SHUTDOWN_HANDLING.test(name ?? ''))
    return { kind: 'shutdown-library' };
  if (name === RUN_MAIN) return { kind: 'run-main' };
  if (
    name === 'defer' ||
    (name === 'then' && call.callee.type === 'MemberExpression' && lastName(anyNode(call.callee.object)) === 'shutdown')
  )
    return { kind: 'hook' };
  if (
    (name === 'addEventListener' && stringValue(anyNode(call.arguments[0] ?? call)) === 'abort') ||
    name === 'addAbortListener'
  )
    return { kind: 'hook' };
  return undefined;
}
