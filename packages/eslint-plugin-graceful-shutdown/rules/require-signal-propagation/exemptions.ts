/**
 * Calls in reach of a signal that need none of their own (docs/rules/require-signal-propagation.md):
 * the signal's own machinery, a stream a `pipeline` owns, a `Request` that carries its signal, and
 * work whose handle is stopped by hand in cleanup code.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { memberPath, propertyName } from '../../detection/syntax/ast.js';
import { type SignalApi, findSignalApi, objectLiteralSignal } from '../../detection/signal-apis.js';
import type { SignalInScope } from '../../detection/signal-scope.js';
import { isStoppingName, stopsWork } from '../../detection/work-starters.js';
import { anyNode } from '../estree-nodes.js';
import { calleeMethod, TS_WRAPPERS, unwrapExpression } from './callee.js';
import type { PropagationFile } from './file.js';

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** `signal.addEventListener('abort', …)`, `signal.throwIfAborted()`: the signal's own machinery, not work to cancel. */
export function isSignalMachinery(call: TSESTree.CallExpression, signal: SignalInScope): boolean {
  if (call.callee.type !== 'MemberExpression') return false;
  const name = calleeMethod(call);
  const first = call.arguments[0];
  if (
    (name === 'addEventListener' || name === 'removeEventListener') &&
    first?.type === 'Literal' &&
    first.value === 'abort'
  )
    return true;
  return memberPath(anyNode(call.callee.object)) === signal.expression.replace('?.', '.');
}

/** The call a value is handed to as an argument, through `await`-free wrappers: `pipeline(createReadStream(p), …)`. */
function consumingCall(node: TSESTree.Node): TSESTree.CallExpression | undefined {
  let current = node;
  while (current.parent && TS_WRAPPERS.has(current.parent.type)) current = current.parent;
  const parent = current.parent;
  return parent?.type === 'CallExpression' && parent.arguments.some((argument) => argument === current)
    ? parent
    : undefined;
}

/** The variable a call's result is bound to: `const child = spawn(…)`, `child = spawn(…)`. */
function boundVariable(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression,
): TSESLint.Scope.Variable | undefined {
  let node: TSESTree.Node = call;
  while (node.parent && TS_WRAPPERS.has(node.parent.type)) node = node.parent;
  const parent = node.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier')
    return sourceCode.getDeclaredVariables(parent)[0];
  if (parent?.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'Identifier')
    return ASTUtils.findVariable(sourceCode.getScope(parent), parent.left) ?? undefined;
  return undefined;
}

function ownsItsArguments(file: PropagationFile, call: TSESTree.CallExpression | undefined): boolean {
  return call !== undefined && findSignalApi(anyNode(call), file.imports, file.lookup)?.ownsArguments === true;
}

/**
 * A stream handed to `pipeline(…)`, directly or through a local used only there: the pipeline
 * destroys it on abort, so the signal belongs to the pipeline (reported there when missing).
 */
export function isOwnedByCall(file: PropagationFile, call: TSESTree.CallExpression): boolean {
  if (ownsItsArguments(file, consumingCall(call))) return true;
  const reads = boundVariable(file.sourceCode, call)?.references.filter((reference) => reference.isRead()) ?? [];
  return reads.length > 0 && reads.every((reference) => ownsItsArguments(file, consumingCall(reference.identifier)));
}

/**
 * `fetch(new Request(url, init))`, `const request = new Request(url, init); fetch(request)`,
 * or (types) `fetch(request)`: the request carries the signal.
 */
export function carriesRequestSignal(file: PropagationFile, call: TSESTree.CallExpression, api: SignalApi): boolean {
  if (api.requestArgument === undefined) return false;
  const argument = call.arguments[api.requestArgument];
  if (!argument) return false;
  const request = constInitializer(file.sourceCode, unwrapExpression(argument));
  if (request.type === 'NewExpression' && request.callee.type === 'Identifier' && request.callee.name === 'Request') {
    const init = request.arguments[1];
    if (!init) return false;
    const literal = unwrapExpression(init);
    return literal.type !== 'ObjectExpression' || objectLiteralSignal(anyNode(literal)) !== 'absent';
  }
  return file.typed?.carriesOwnSignal(argument) ?? false;
}

/** A `const` name's initializer (`const request = new Request(…)`), else the expression itself. */
function constInitializer(sourceCode: Readonly<TSESLint.SourceCode>, expression: TSESTree.Node): TSESTree.Node {
  if (expression.type !== 'Identifier') return expression;
  const variable = ASTUtils.findVariable(sourceCode.getScope(expression), expression);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (
    definition?.type !== 'Variable' ||
    definition.parent.kind !== 'const' ||
    definition.node.id.type !== 'Identifier' ||
    !definition.node.init
  )
    return expression;
  return unwrapExpression(definition.node.init);
}

/**
 * The work is stopped by hand at shutdown: its handle is closed in cleanup code (an abort
 * listener, `onabort`, a `defer`red closer, a process signal listener) —
 * `const child = spawn(…)`, `signal.addEventListener('abort', () => child.kill())`.
 */
export function isStoppedByHand(file: PropagationFile, call: TSESTree.CallExpression): boolean {
  const variable = boundVariable(file.sourceCode, call);
  return (
    variable?.references.some(
      (reference) =>
        reference.isRead() &&
        reference.identifier.type === 'Identifier' &&
        isStoppedInCleanup(file, reference.identifier),
    ) ?? false
  );
}

function isStoppedInCleanup(file: PropagationFile, handle: TSESTree.Identifier): boolean {
  const parent = handle.parent;
  const stops =
    (parent.type === 'MemberExpression' &&
      parent.object === handle &&
      parent.parent.type === 'CallExpression' &&
      parent.parent.callee === parent &&
      isStoppingName(propertyName(anyNode(parent)) ?? '')) ||
    (parent.type === 'CallExpression' && parent.callee !== handle && stopsWork(anyNode(parent), file.imports));
  if (!stops) return false;
  for (let node: TSESTree.Node | undefined = parent; node; node = node.parent)
    if (
      FUNCTION_TYPES.has(node.type) &&
      file.scope.isCleanupFunction(anyNode(node), node.parent && anyNode(node.parent))
    )
      return true;
  return false;
}
