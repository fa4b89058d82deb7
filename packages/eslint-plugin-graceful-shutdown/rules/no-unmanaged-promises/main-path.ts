/**
 * Where untracked promises are reported (docs/architecture.md §4): an entrypoint's main path and
 * wherever a `MainContext` is in scope, never the entrypoint's root call, which is the program's
 * lifetime rather than background work.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { type AnyNode, child, children, isFunctionNode, unwrap, walk } from '../../detection/syntax/ast.js';
import { hasMainContextInScope } from '../../detection/main-context.js';
import { resolveFunctionInScope } from '../../detection/process-listeners.js';
import { exitCallOf } from '../../detection/process-exit.js';
import { nodePromiseApi } from '../../detection/promise-apis.js';
import { asyncIifeFunction, entryCallChain, peelEntryGuard, rootCallOf } from '../../detection/syntax/entry-call.js';
import { anyNode } from '../estree-nodes.js';
import type { UntrackedMessageId } from './messages.js';
import { type PromiseFile, perFile } from './promise-file.js';
import { trackerInScope } from './tracker-in-scope.js';

/** Why untracked promises are checked at `node` (as the message id that says so), or undefined when they are not. */
export function untrackedContext(file: PromiseFile, node: TSESTree.Node): UntrackedMessageId | undefined {
  const { checkUntracked } = file.options;
  if (checkUntracked === 'never') return undefined;
  if (checkUntracked === 'always') return 'untrackedAlways';
  if (hasMainContextInScope(file.sourceCode.getAncestors(node).map(anyNode))) return 'untrackedInMainContext';
  return file.entrypoint().isEntrypoint ? 'untracked' : undefined;
}

const insideFunction = (node: TSESTree.Node): boolean => {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(anyNode(current))) return true;
  return false;
};

/**
 * The entrypoint's root call (`main()`, `main().catch(…)`, `void run()`, the async IIFE) is the program's
 * lifetime, not background work. The detector counts any top-level `f().catch(…)` / `void f()` as a
 * main call; only calls of the program's own functions are exempt (`fetch(url).catch(log)` is work).
 */
export function isRootCall(file: PromiseFile, statement: TSESTree.Node): boolean {
  if (insideFunction(statement)) return false;
  if (failureEndsTheProcess(file, statement)) return true;
  const reason = file
    .entrypoint()
    .reasons.find(
      (candidate) =>
        (candidate.kind === 'main-call' || candidate.kind === 'async-iife') && candidate.node === anyNode(statement),
    );
  if (!reason) return false;
  if (reason.kind === 'async-iife') return true;
  const expression =
    statement.type === 'ExpressionStatement' ? peelEntryGuard(anyNode(statement.expression)) : undefined;
  const { call } = rootCallOf(expression);
  return isOwnRootCallee(file, call && unwrap(child(call, 'callee')));
}

/**
 * A top-level chain whose rejection handler exits the process (`runner(options).then(…).catch((error) => {
 * …; process.exit(1) })`): the program's whole work, written without a `main`, so its lifetime.
 */
function failureEndsTheProcess(file: PromiseFile, statement: TSESTree.Node): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  const { links } = entryCallChain(peelEntryGuard(anyNode(statement.expression)));
  return links.some(({ call, method }) => {
    const handler = children(call, 'arguments')[method === 'catch' ? 0 : method === 'then' ? 1 : -1];
    if (!handler || !isFunctionNode(handler)) return false;
    let exits = false;
    walk(handler, (node) => {
      if (!exits && node.type === 'CallExpression' && exitCallOf(node, file.scope.imports) !== undefined) exits = true;
      return !exits;
    });
    return exits;
  });
}

/** A root call's callee that is the program's own function (`main`, `run` imported from the app), not a library's promise API. */
export function isOwnRootCallee(file: PromiseFile, callee: AnyNode | undefined): boolean {
  if (callee?.type !== 'Identifier') return true; // `program.parseAsync()`
  const resolution = file.scope.resolve(callee);
  return (
    resolution.kind === 'function' ||
    resolution.kind === 'value' ||
    resolution.kind === 'unknown' ||
    (resolution.kind === 'import' && nodePromiseApi(callee, file.scope) === undefined)
  );
}

/**
 * Main's own path: the top level and the functions it calls directly (`main` of `main().catch(…)`,
 * `await run()`, a guarded `main()`, the async IIFE, a plain `start()`).
 */
const mainOwnFunctions = perFile((file): ReadonlySet<AnyNode> => {
  const program = anyNode(file.sourceCode.ast);
  const found = new Set<AnyNode>();
  const statements = new Set<AnyNode>(children(program, 'body'));
  for (const reason of file.entrypoint().reasons) if (reason.node) statements.add(reason.node);
  for (const statement of statements) {
    if (statement.type !== 'ExpressionStatement') continue;
    let expression = peelEntryGuard(child(statement, 'expression'));
    while (expression?.type === 'AwaitExpression' || expression?.type === 'UnaryExpression')
      expression = child(expression, 'argument');
    const { call } = rootCallOf(expression);
    const main =
      asyncIifeFunction(call) ??
      (call?.type === 'CallExpression' ? resolveFunctionInScope(child(call, 'callee'), [], program) : undefined);
    if (main) found.add(main);
  }
  return found;
});

/**
 * A handled promise floated off main's own path (in an interval, a request handler, a helper) where
 * no tracker is in scope: shutdown cannot be made to wait for it without restructuring, and its
 * rejection is handled, so only `checkUntracked: "always"` reports it (docs/architecture.md §4).
 */
export function handledOffMainPath(file: PromiseFile, expression: TSESTree.Node, statement: TSESTree.Node): boolean {
  if (expression.type === 'UnaryExpression' && expression.operator === 'void') return false;
  let enclosing: TSESTree.Node | undefined = statement.parent;
  while (enclosing && !isFunctionNode(anyNode(enclosing))) enclosing = enclosing.parent;
  if (!enclosing || mainOwnFunctions(file).has(anyNode(enclosing))) return false;
  return trackerInScope(file, statement) === undefined;
}
