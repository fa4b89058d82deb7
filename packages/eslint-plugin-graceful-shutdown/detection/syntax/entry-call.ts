/**
 * The syntax of an entry call: how a top-level statement spells "run the program's main promise"
 * (docs/architecture.md §3). `require.main === module && main()`, `void main()`, `await main()`,
 * `process.exitCode = await main()`, `main().then(ok).catch(fail).finally(done)`, an async IIFE.
 * What makes a file an entrypoint is `detection/entrypoint.ts`; this file only takes the spelling apart.
 */
import {
  type AnyNode,
  child,
  isAsyncFunction,
  isCallExpression,
  isMemberExpression,
  propertyName,
  unwrap,
} from './ast.js';
import { type PromiseChainLink, promiseChainLinks } from './promise-chain.js';

/** Where the entry call is written: a property of `owner` (`statement.expression`, or the right-hand side of a guard's `&&`). */
export interface EntryCallSlot {
  readonly owner: AnyNode;
  readonly key: string;
}

const isGuardConjunction = (node: AnyNode | undefined): boolean =>
  node?.type === 'LogicalExpression' && node.operator === '&&';

/** `require.main === module && main()` → `main()`: the right-most operand of a chain of `&&` (through wrappers). */
export function peelEntryGuard(expression: AnyNode | undefined): AnyNode | undefined {
  let node = unwrap(expression);
  while (isGuardConjunction(node)) node = unwrap(child(node!, 'right'));
  return node;
}

/** The slot {@link peelEntryGuard} peels to, so a rewrite can replace the entry call and keep the guard. */
export function entryCallSlot(owner: AnyNode, key = 'expression'): EntryCallSlot {
  let slot: EntryCallSlot = { owner, key };
  for (let node = unwrap(child(owner, key)); isGuardConjunction(node); node = unwrap(child(node!, 'right')))
    slot = { owner: node!, key: 'right' };
  return slot;
}

/** `void x`, `await x` and `target = x` (`process.exitCode = await main()`): the value they run, or undefined. */
function peelEntryWrapper(node: AnyNode): AnyNode | undefined {
  if ((node.type === 'UnaryExpression' && node.operator === 'void') || node.type === 'AwaitExpression')
    return unwrap(child(node, 'argument'));
  if (node.type === 'AssignmentExpression') return unwrap(child(node, 'right'));
  return undefined;
}

/**
 * Peels `void x`, `await x`, `target = x` and `.then/.catch/.finally` links off an (unguarded)
 * entry expression: the call at the root and every chain link on the way, first link first.
 */
export function entryCallChain(expression: AnyNode | undefined): {
  readonly call: AnyNode | undefined;
  readonly links: PromiseChainLink[];
} {
  const links: PromiseChainLink[] = [];
  let node = unwrap(expression);
  while (node) {
    const peeled = peelEntryWrapper(node);
    if (peeled !== undefined || !isCallExpression(node)) {
      if (peeled === undefined) break;
      node = peeled;
      continue;
    }
    const chain = promiseChainLinks(node);
    if (chain.links.length === 0) break;
    links.unshift(...chain.links);
    node = chain.base;
  }
  return { call: node, links };
}

/** Peels `void x`, `await x`, `x.catch(…)`, `x.then(…)`, `x.finally(…)` off a statement's expression. */
export function rootCallOf(expression: AnyNode | undefined): { call: AnyNode | undefined; chained: boolean } {
  const { call, links } = entryCallChain(expression);
  return { call, chained: links.length > 0 };
}

/** The async function an IIFE runs: `(async () => {})()`, `(async function () {})()`, `(async function () {}).call(this)`. */
export function asyncIifeFunction(call: AnyNode | undefined): AnyNode | undefined {
  if (!isCallExpression(call)) return undefined;
  let callee = unwrap(child(call!, 'callee'));
  if (isMemberExpression(callee) && ['call', 'apply'].includes(propertyName(callee!) ?? ''))
    callee = unwrap(child(callee!, 'object'));
  return isAsyncFunction(callee) ? callee : undefined;
}
