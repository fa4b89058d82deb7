/**
 * Signals a statement declares: `const signal = AbortSignal.timeout(…)`, `const { signal } =
 * controller`, a `const` annotated `AbortSignal`, or (with types) a local the checker says is one.
 */
import {
  type AnyNode,
  child,
  children,
  isCallExpression,
  isMemberExpression,
  memberPath,
  propertyName,
  unwrap,
} from '../syntax/ast.js';
import {
  type SignalInScope,
  type SignalTypeHooks,
  annotationType,
  destructuredSignal,
  isAbortSignalType,
  NOT_A_CONTROLLER,
  signalProperty,
  typedIsAbortSignal,
} from './bindings.js';

const SIGNAL_WORDS = /signal|abort|cancel/i;

/**
 * Whether `X` in `X.signal` / `{ signal } = X` carries an AbortSignal: `new AbortController()`,
 * or a name / member path (`controller`, `options`, `this.ac`) that does not hold an error or a
 * finished process (whose `.signal` is a signal name).
 */
function isSignalCarrier(node: AnyNode | undefined): boolean {
  const target = unwrap(node);
  if (!target || target.type === 'ThisExpression') return false;
  if (target.type === 'NewExpression')
    return memberPath(child(target, 'callee'))?.split('.').pop() === 'AbortController';
  const path = memberPath(target);
  return path !== undefined && !NOT_A_CONTROLLER.test(path.split('.').pop()!);
}

/** `AbortSignal.timeout(…)`, `AbortSignal.any(…)`, `controller.signal`, `new AbortController().signal`. */
function isSignalExpression(init: AnyNode | undefined): boolean {
  const node = unwrap(init);
  if (!node) return false;
  if (isCallExpression(node)) {
    const path = memberPath(child(node, 'callee'))?.replace(/^globalThis\./, '');
    return path === 'AbortSignal.timeout' || path === 'AbortSignal.any' || path === 'AbortSignal.abort';
  }
  if (isMemberExpression(node) && propertyName(node) === 'signal') return isSignalCarrier(child(node, 'object'));
  return false;
}

/** `const current = currentSignal()`, `const abort = ctx.abortSignal`: a local worth asking types about. */
function mentionsSignal(name: string, init: AnyNode | undefined): boolean {
  if (SIGNAL_WORDS.test(name)) return true;
  let value = unwrap(init);
  if (value?.type === 'AwaitExpression') value = unwrap(child(value, 'argument'));
  const path = memberPath(value && isCallExpression(value) ? child(value, 'callee') : value);
  return path !== undefined && SIGNAL_WORDS.test(path);
}

/** The last signal a `const` statement declares, if any. */
export function localSignal(hooks: SignalTypeHooks, statement: AnyNode): SignalInScope | undefined {
  const declaration = statement.type === 'ExportNamedDeclaration' ? child(statement, 'declaration') : statement;
  if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') return undefined;
  const declarators = children(declaration, 'declarations');
  for (let i = declarators.length - 1; i >= 0; i--) {
    const declarator = declarators[i]!;
    const id = child(declarator, 'id');
    const init = child(declarator, 'init');
    if (id?.type === 'Identifier' && typeof id.name === 'string') {
      // Asking types about every const is costly: only locals that mention a signal are asked.
      const typed = mentionsSignal(id.name, init) ? typedIsAbortSignal(hooks, id) : undefined;
      const type = annotationType(id);
      if (typed ?? (type ? isAbortSignalType(type) : isSignalExpression(init)))
        return { expression: id.name, property: signalProperty(id.name), source: 'local', node: declarator };
    } else if (id?.type === 'ObjectPattern' && isSignalCarrier(init)) {
      const signal = destructuredSignal(hooks, id, annotationType(id));
      if (signal) return { ...signal, source: 'local', node: declarator };
    }
  }
  return undefined;
}
