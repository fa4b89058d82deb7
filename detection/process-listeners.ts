/**
 * Recognises listeners on process events however they are written:
 * `process.on('SIGINT', fn)` (also once / addListener / prependListener / prependOnceListener),
 * `for (const s of ['SIGINT', 'SIGTERM']) process.on(s, fn)`, `SIGNALS.forEach((s) => process.once(s, fn))`,
 * a listener named by an identifier or a member, and `Deno.addSignalListener('SIGINT', fn)`.
 */
import { type AnyNode, argument, child, children, isCallExpression, isFunctionNode, isMemberExpression, memberPath, propertyName, stringValue, unwrap } from './ast.js';

export const TERMINATION_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'SIGQUIT', 'SIGUSR2'] as const;
const SIGNAL_NAME = /^SIG[A-Z0-9]+$/;
export const isSignalName = (name: string): boolean => SIGNAL_NAME.test(name);

export const CRASH_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

export interface ProcessListener {
  /** The registering call. */
  readonly call: AnyNode;
  /** Event names this registration covers (several when registered in a loop over names). */
  readonly events: readonly string[];
  /** `on`, `once`, … or `Deno.addSignalListener`. */
  readonly method: string;
  /** The listener as written (function, identifier, member), if any. */
  readonly listener: AnyNode | undefined;
  /** The listener's function when it can be found in this file (inline, or a top-level function / const). */
  readonly listenerFunction: AnyNode | undefined;
}

/** String elements of an array literal, or undefined when any element is not a string literal. */
function stringArray(node: AnyNode | undefined): string[] | undefined {
  const target = unwrap(node);
  if (target?.type !== 'ArrayExpression') return undefined;
  const values: string[] = [];
  for (const element of children(target, 'elements')) {
    const value = stringValue(element);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

/** A top-level `const NAME = …` initialiser or function declaration in the program. */
export function topLevelBinding(program: AnyNode, name: string): AnyNode | undefined {
  for (const raw of children(program, 'body')) {
    const statement = raw.type === 'ExportNamedDeclaration' ? child(raw, 'declaration') : raw;
    if (!statement) continue;
    if (statement.type === 'FunctionDeclaration' && child(statement, 'id')?.name === name) return statement;
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of children(statement, 'declarations')) {
        const id = child(declarator, 'id');
        if (id?.type === 'Identifier' && id.name === name) return child(declarator, 'init');
      }
    }
  }
  return undefined;
}

/**
 * The event names an argument can take: a literal; a loop variable over an array of names
 * (`for…of`, `.forEach` callback parameter); a top-level const array/string.
 */
function eventNames(node: AnyNode | undefined, ancestors: readonly AnyNode[], program: AnyNode): string[] {
  const target = unwrap(node);
  const literal = stringValue(target);
  if (literal !== undefined) return [literal];
  if (target?.type !== 'Identifier' || typeof target.name !== 'string') return [];
  const name = target.name;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i]!;
    if (ancestor.type === 'ForOfStatement') {
      const left = child(ancestor, 'left');
      const declared = left?.type === 'VariableDeclaration' ? child(children(left, 'declarations')[0] ?? left, 'id') : left;
      if (declared?.type === 'Identifier' && declared.name === name) {
        const right = unwrap(child(ancestor, 'right'));
        return stringArray(right) ?? (right?.type === 'Identifier' ? stringArray(topLevelBinding(program, String(right.name))) : undefined) ?? [];
      }
    }
    if (isFunctionNode(ancestor)) {
      const first = children(ancestor, 'params')[0];
      if (first?.type === 'Identifier' && first.name === name) {
        const call = ancestors[i - 1];
        if (isCallExpression(call)) {
          const callee = unwrap(child(call!, 'callee'));
          if (isMemberExpression(callee) && propertyName(callee!) === 'forEach') {
            const array = unwrap(child(callee!, 'object'));
            return stringArray(array) ?? (array?.type === 'Identifier' ? stringArray(topLevelBinding(program, String(array.name))) : undefined) ?? [];
          }
        }
        return [];
      }
    }
  }
  const constant = topLevelBinding(program, name);
  const value = stringValue(constant);
  return value !== undefined ? [value] : [];
}

/** Resolves a listener reference to its function node in this file, when it can. */
export function resolveFunction(node: AnyNode | undefined, program: AnyNode): AnyNode | undefined {
  const target = unwrap(node);
  if (!target) return undefined;
  if (isFunctionNode(target)) return target;
  if (target.type === 'Identifier' && typeof target.name === 'string') {
    const binding = topLevelBinding(program, target.name);
    return isFunctionNode(unwrap(binding)) ? unwrap(binding) : undefined;
  }
  // `shutdown.bind(null, 'SIGINT')`
  if (isCallExpression(target)) {
    const callee = unwrap(child(target, 'callee'));
    if (isMemberExpression(callee) && propertyName(callee!) === 'bind') return resolveFunction(child(callee!, 'object'), program);
  }
  return undefined;
}

/**
 * If `call` registers a listener on a process event, describes it. `ancestors` are the call's
 * ancestors, outermost first (ESLint: `sourceCode.getAncestors(node)`; jscodeshift: the path's parents).
 */
export function processListener(call: AnyNode, ancestors: readonly AnyNode[], program: AnyNode): ProcessListener | undefined {
  if (!isCallExpression(call)) return undefined;
  const callee = unwrap(child(call, 'callee'));
  if (!isMemberExpression(callee)) return undefined;
  const method = propertyName(callee!);
  const object = memberPath(child(callee!, 'object'));
  let isProcess = false;
  if (method !== undefined && LISTEN_METHODS.has(method) && (object === 'process' || object === 'globalThis.process' || object === 'node:process')) isProcess = true;
  if (object === 'Deno' && method === 'addSignalListener') isProcess = true;
  if (!isProcess || method === undefined) return undefined;
  const events = eventNames(argument(call, 0), ancestors, program);
  if (events.length === 0) return undefined;
  const listener = argument(call, 1);
  return { call, events, method: object === 'Deno' ? 'Deno.addSignalListener' : method, listener, listenerFunction: resolveFunction(listener, program) };
}

/** Whether the registration covers at least one process signal (`SIGINT`, `SIGTERM`, …). */
export const listensToSignal = (listener: ProcessListener): boolean => listener.events.some(isSignalName);
