/**
 * The signal a function's parameters provide: a parameter that is an AbortSignal (`signal`), one
 * that carries it (`ctx` → `ctx.signal`), or `{ signal }` destructured — never a parameter of a
 * process signal listener or of an `exit`/`close` listener, which receive a signal *name*.
 */
import {
  type AnyNode,
  argument,
  child,
  children,
  isCallExpression,
  isMemberExpression,
  memberPath,
  propertyName,
  stringValue,
  unwrap,
} from '../syntax/ast.js';
import { RUN_MAIN } from '../shutdown-helpers.js';
import { patternNames } from '../syntax/patterns.js';
import {
  type SignalInScope,
  type SignalTypeHooks,
  annotationType,
  destructuredSignal,
  hasPrimitiveDefault,
  isAbortSignalType,
  NOT_A_CONTROLLER,
  signalProperty,
  typedHasSignalProperty,
  typedIsAbortSignal,
  typeLiteralSignalMember,
  typeReferenceName,
} from './bindings.js';
import type { CleanupFunctions } from './cleanup.js';
import type { SignalUses } from './uses.js';

/** Event names whose listeners receive a signal *name* as a parameter: ChildProcess `exit`/`close` (`(code, signal)`). */
const SIGNAL_NAME_EVENTS = new Set(['exit', 'close']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

export interface ParameterVerdict {
  readonly signal?: SignalInScope;
  /** Names this function binds (they shadow outer signals). */
  readonly names: ReadonlySet<string>;
}

/** Whether `fn` is the function passed to `runMain(…)`. */
function isRunMainCallback(fn: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent || !isCallExpression(parent) || unwrap(argument(parent, 0)) !== fn) return false;
  const callee = memberPath(child(parent, 'callee'));
  return callee === RUN_MAIN || (callee?.endsWith(`.${RUN_MAIN}`) ?? false);
}

/** `x.on('exit', fn)`-style registration a function is the listener of: its event name. */
function listenerEvent(fn: AnyNode, parent: AnyNode | undefined): string | undefined {
  if (!parent || !isCallExpression(parent)) return undefined;
  const callee = unwrap(child(parent, 'callee'));
  if (!callee || !isMemberExpression(callee)) return undefined;
  const method = propertyName(callee);
  const args = children(parent, 'arguments');
  if (args.length < 2 || unwrap(args[1]) !== fn) return undefined;
  if (method === undefined || (!LISTENER_METHODS.has(method) && method !== 'addEventListener')) return undefined;
  return stringValue(unwrap(args[0]));
}

/** The parameter verdicts of one file, each computed once per function. */
export class FunctionParameters {
  private readonly verdicts = new WeakMap<AnyNode, ParameterVerdict>();

  constructor(
    private readonly hooks: SignalTypeHooks,
    private readonly uses: SignalUses,
    private readonly cleanup: CleanupFunctions,
  ) {}

  verdict(fn: AnyNode, parent: AnyNode | undefined): ParameterVerdict {
    let verdict = this.verdicts.get(fn);
    if (!verdict) {
      verdict = this.compute(fn, parent);
      this.verdicts.set(fn, verdict);
    }
    return verdict;
  }

  private compute(fn: AnyNode, parent: AnyNode | undefined): ParameterVerdict {
    const params = children(fn, 'params');
    const names = params.flatMap(patternNames);
    const id = child(fn, 'id');
    if (fn.type === 'FunctionExpression' && typeof id?.name === 'string') names.push(id.name);
    const listenerParams =
      this.cleanup.isProcessListener(fn) || SIGNAL_NAME_EVENTS.has(listenerEvent(fn, parent) ?? '');
    if (listenerParams) return { names: new Set(names) };
    let found: SignalInScope | undefined;
    for (let position = 0; position < params.length && !found; position++)
      found = this.parameterSignal(params[position]!, position, fn, parent);
    return found ? { signal: found, names: new Set(names) } : { names: new Set(names) };
  }

  private parameterSignal(
    raw: AnyNode,
    position: number,
    fn: AnyNode,
    parent: AnyNode | undefined,
  ): SignalInScope | undefined {
    const holder = raw.type === 'TSParameterProperty' ? (child(raw, 'parameter') ?? raw) : raw;
    const param = holder.type === 'AssignmentPattern' ? (child(holder, 'left') ?? holder) : holder;
    if (param.type === 'ObjectPattern') {
      const signal = destructuredSignal(this.hooks, param, annotationType(param));
      return signal && { ...signal, source: 'destructured-parameter' };
    }
    if (param.type !== 'Identifier' || typeof param.name !== 'string') return undefined;
    if (this.isSignalParameter(param, param.name, holder, raw, fn))
      return { expression: param.name, property: signalProperty(param.name), source: 'parameter', node: param };
    if (param.name === 'signal' || !this.carriesSignal(param, fn, parent, position)) return undefined;
    const expression = `${param.name}${param.optional === true ? '?.' : '.'}signal`;
    return { expression, property: signalProperty(expression), source: 'context-parameter', node: param };
  }

  /** An AbortSignal by its type, else by its name `signal` when nothing says it is a signal *name*. */
  private isSignalParameter(param: AnyNode, name: string, holder: AnyNode, raw: AnyNode, fn: AnyNode): boolean {
    const typed = typedIsAbortSignal(this.hooks, param);
    if (typed !== undefined) return typed;
    const type = annotationType(param);
    if (type) return isAbortSignalType(type);
    return (
      name === 'signal' &&
      !hasPrimitiveDefault(holder) &&
      !this.cleanup.isEventNameParam(raw) &&
      !this.uses.usedAsSignalName(fn, name)
    );
  }

  /** Whether a parameter is an object that carries a signal (→ `param.signal`). */
  private carriesSignal(param: AnyNode, fn: AnyNode, parent: AnyNode | undefined, position: number): boolean {
    const typed = typedHasSignalProperty(this.hooks, param);
    if (typed !== undefined) return typed;
    const type = annotationType(param);
    if (typeReferenceName(type) === 'MainContext') return true;
    const member = typeLiteralSignalMember(type);
    if (member) return isAbortSignalType(annotationType(member));
    if (position === 0 && !type && isRunMainCallback(fn, parent)) return true;
    return !NOT_A_CONTROLLER.test(String(param.name)) && this.uses.usesSignalMember(fn, String(param.name));
  }
}
