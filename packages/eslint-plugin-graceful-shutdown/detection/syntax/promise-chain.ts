/** Promise chains as written: `x.then(a).catch(b).finally(c)`, in both AST dialects. */
import { type AnyNode, child, isCallExpression, isMemberExpression, propertyName, unwrap } from './ast.js';

/** The methods that continue a promise chain. */
export const PROMISE_CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

export type PromiseChainMethod = 'then' | 'catch' | 'finally';

/** One `.then(…)` / `.catch(…)` / `.finally(…)` call of a chain. */
export interface PromiseChainLink {
  readonly call: AnyNode;
  readonly method: PromiseChainMethod;
}

/**
 * The `.then/.catch/.finally` calls ending at `expression`, first link first, and the expression
 * they start from: `main().then(a).catch(b)` → `main()` and [then, catch].
 */
export function promiseChainLinks(expression: AnyNode | undefined): {
  readonly base: AnyNode | undefined;
  readonly links: PromiseChainLink[];
} {
  const links: PromiseChainLink[] = [];
  let node = unwrap(expression);
  while (node && isCallExpression(node)) {
    const callee = unwrap(child(node, 'callee'));
    const method = isMemberExpression(callee) ? propertyName(callee!) : undefined;
    if (method === undefined || !PROMISE_CHAIN_METHODS.has(method)) break;
    links.unshift({ call: node, method: method as PromiseChainMethod });
    node = unwrap(child(callee!, 'object'));
  }
  return { base: node, links };
}
