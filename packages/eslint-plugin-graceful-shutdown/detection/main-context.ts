/**
 * "A `MainContext` in scope", without types (docs/architecture.md §4): inside a function whose parameter is
 * annotated `MainContext` or destructures `track` / `defer` / `shutdown`, or the function passed
 * to `runMain`, and anything nested in it. Also the trackers that make a promise managed.
 */
import {
  type AnyNode,
  argument,
  child,
  children,
  isCallExpression,
  isFunctionNode,
  keyName,
  memberPath,
  unwrap,
} from './syntax/ast.js';
import { RUN_MAIN } from './shutdown-helpers.js';

/** Calls that make a promise managed by handing it to shutdown: `track(p)`, `ctx.waitUntil(p)`. */
export const DEFAULT_TRACKERS: readonly string[] = ['track', 'waitUntil'];

/** The default trackers plus the user's (a user's list extends the default, never replaces it). */
export const trackerList = (extra: readonly string[] = []): string[] => [...new Set([...DEFAULT_TRACKERS, ...extra])];

/**
 * Whether a callee path names a tracker: `track`, `ctx.track`, `ctx.waitUntil`, or a configured
 * member path (`this.pending.add`). A bare name matches as the final segment too.
 */
export function isTrackerCallee(path: string | undefined, trackers: readonly string[]): boolean {
  if (path === undefined) return false;
  const last = path.slice(path.lastIndexOf('.') + 1);
  return trackers.some((tracker) =>
    tracker.includes('.') ? path === tracker || path.endsWith(`.${tracker}`) : last === tracker,
  );
}

const CONTEXT_MEMBERS = new Set(['track', 'defer', 'shutdown']);

function annotationName(param: AnyNode): string | undefined {
  const annotation = child(param, 'typeAnnotation');
  const type = annotation ? child(annotation, 'typeAnnotation') : undefined;
  if (!type || type.type !== 'TSTypeReference') return undefined;
  const name = child(type, 'typeName');
  return memberPath(name)?.split('.').pop();
}

function parameterIsContext(raw: AnyNode): boolean {
  const param =
    raw.type === 'AssignmentPattern'
      ? (child(raw, 'left') ?? raw)
      : raw.type === 'TSParameterProperty'
        ? (child(raw, 'parameter') ?? raw)
        : raw;
  if (annotationName(param) === 'MainContext') return true;
  if (param.type !== 'ObjectPattern') return false;
  return children(param, 'properties').some((property) => {
    const name = keyName(property);
    return name !== undefined && CONTEXT_MEMBERS.has(name);
  });
}

/**
 * Whether `fn` itself provides a MainContext: a parameter typed `MainContext`, one that destructures
 * track/defer/shutdown, or `fn` is the function passed to `runMain(…)` (`parent` is `fn`'s parent).
 */
export function providesMainContext(fn: AnyNode, parent: AnyNode | undefined): boolean {
  if (!isFunctionNode(fn) && fn.type !== 'ClassMethod' && fn.type !== 'ObjectMethod') return false;
  if (children(fn, 'params').some(parameterIsContext)) return true;
  if (parent && isCallExpression(parent) && unwrap(argument(parent, 0)) === fn) {
    const callee = memberPath(child(parent, 'callee'));
    return callee === RUN_MAIN || (callee?.endsWith(`.${RUN_MAIN}`) ?? false);
  }
  return false;
}

/** Whether any enclosing function (ancestors outermost first) provides a MainContext. */
export function hasMainContextInScope(ancestors: readonly AnyNode[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i]!;
    if (
      (isFunctionNode(node) || node.type === 'ClassMethod' || node.type === 'ObjectMethod') &&
      providesMainContext(node, ancestors[i - 1])
    )
      return true;
  }
  return false;
}
