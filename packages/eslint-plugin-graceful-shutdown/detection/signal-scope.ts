/**
 * "The signal in scope" at a call (docs/architecture.md §5), one finder per file, dialect-agnostic
 * (ESTree and Babel). Type-aware answers come through `hooks`; without them, a parameter of a
 * process signal listener, of an `exit`/`close` listener, or one annotated with a type other than
 * `AbortSignal` never counts. Signals do not reach into cleanup code (`finally` blocks, `defer`red
 * closers, process / abort listeners): passing the shutdown signal there would cancel the cleanup
 * itself. The parts live in `signal-scope/`: what bindings say (`bindings.ts`), uses of names
 * (`uses.ts`), cleanup code (`cleanup.ts`), parameters (`parameters.ts`), local consts (`locals.ts`).
 */
import { type AnyNode, child, isFunctionNode } from './syntax/ast.js';
import { declaredNames, patternNames } from './syntax/patterns.js';
import { statementList } from './syntax/statements.js';
import type { SignalInScope, SignalTypeHooks } from './signal-scope/bindings.js';
import { CleanupFunctions } from './signal-scope/cleanup.js';
import { localSignal } from './signal-scope/locals.js';
import { FunctionParameters } from './signal-scope/parameters.js';
import { SignalUses } from './signal-scope/uses.js';

export { type SignalInScope, type SignalTypeHooks, signalProperty } from './signal-scope/bindings.js';

export interface SignalScope {
  /** The signal in scope at `node` (ancestors outermost first, `node` excluded), nearest first. */
  find(node: AnyNode, ancestors: readonly AnyNode[]): SignalInScope | undefined;
  /** Whether a function is a cleanup callback (process / abort listener, `defer`red closer): signals from outside do not reach into it. */
  isCleanupFunction(fn: AnyNode, parent: AnyNode | undefined): boolean;
  /**
   * With `SignalScopeTraversal`: the tool's traversal hands over each node of the types in
   * `SIGNAL_SCOPE_NODE_TYPES` (others are ignored), all of them before the first `find`.
   */
  collect(node: AnyNode): void;
}

/**
 * For a tool that traverses the file itself (an ESLint rule): the scope then never walks the tree.
 * It must `collect` every node of `SIGNAL_SCOPE_NODE_TYPES` before the first `find` (a rule: from
 * its listeners, and `find` on `Program:exit`), and say how to go up the tree.
 */
export interface SignalScopeTraversal {
  /** The node's parent (ESLint: `node.parent`). */
  readonly parentOf: (node: AnyNode) => AnyNode | undefined;
}

/** The node types `SignalScope.collect` needs to see (process listener registrations, uses of a parameter). */
export const SIGNAL_SCOPE_NODE_TYPES = [
  'FunctionDeclaration',
  'CallExpression',
  'MemberExpression',
  'BinaryExpression',
  'SwitchStatement',
] as const;

const BLOCK_TYPES = new Set(['Program', 'BlockStatement', 'StaticBlock', 'TSModuleBlock', 'SwitchCase']);

/** What a statement list offers, computed once per block (files with thousands of statements stay linear). */
interface BlockInfo {
  readonly statements: readonly AnyNode[];
  readonly position: ReadonlyMap<AnyNode, number>;
  /** `nearest[i]`: the last local signal declared by `statements[0..i]`. */
  readonly nearest: ReadonlyArray<SignalInScope | undefined>;
  readonly names: ReadonlySet<string>;
}

function computeBlockInfo(hooks: SignalTypeHooks, block: AnyNode): BlockInfo {
  const statements = statementList(block);
  const nearest: Array<SignalInScope | undefined> = [];
  const names = new Set<string>();
  statements.forEach((statement, index) => {
    nearest.push(localSignal(hooks, statement) ?? nearest[index - 1]);
    for (const name of declaredNames(statement)) names.add(name);
  });
  return { statements, position: new Map(statements.map((statement, index) => [statement, index])), nearest, names };
}

/** Names a loop head or a `catch` binds between the call and an outer level. */
function loopOrCatchNames(ancestor: AnyNode): Set<string> | undefined {
  if (ancestor.type === 'CatchClause') return new Set(patternNames(child(ancestor, 'param')));
  if (ancestor.type !== 'ForOfStatement' && ancestor.type !== 'ForInStatement' && ancestor.type !== 'ForStatement')
    return undefined;
  const head = child(ancestor, ancestor.type === 'ForStatement' ? 'init' : 'left');
  return head?.type === 'VariableDeclaration' ? new Set(declaredNames(head)) : undefined;
}

export function createSignalScope(
  program: AnyNode,
  hooks: SignalTypeHooks = {},
  traversal?: SignalScopeTraversal,
): SignalScope {
  const uses = new SignalUses(program, traversal?.parentOf);
  const cleanup = new CleanupFunctions(program, uses);
  const parameters = new FunctionParameters(hooks, uses, cleanup);
  const blocks = new WeakMap<AnyNode, BlockInfo>();
  const blockInfo = (block: AnyNode): BlockInfo => {
    let info = blocks.get(block);
    if (!info) {
      info = computeBlockInfo(hooks, block);
      blocks.set(block, info);
    }
    return info;
  };

  /** The local signal declared before `onPath` in a block that `usable` accepts, nearest first. */
  function blockSignal(
    block: BlockInfo,
    onPath: AnyNode,
    usable: (signal: SignalInScope | undefined) => signal is SignalInScope,
  ): SignalInScope | undefined {
    const before = block.position.get(onPath) ?? block.statements.length;
    const nearest = before > 0 ? block.nearest[before - 1] : undefined;
    if (usable(nearest)) return nearest;
    if (!nearest) return undefined;
    // The nearest one is hidden by an inner binding: an earlier one with another name may not be.
    for (let s = before - 1; s >= 0; s--) {
      const signal = localSignal(hooks, block.statements[s]!);
      if (usable(signal)) return signal;
    }
    return undefined;
  }

  function find(node: AnyNode, ancestors: readonly AnyNode[]): SignalInScope | undefined {
    // Names bound between the call and the level being searched, one set per level (never copied).
    const shadowing: Array<ReadonlySet<string>> = [];
    const usable = (signal: SignalInScope | undefined): signal is SignalInScope => {
      if (signal === undefined) return false;
      const root = signal.expression.split(/\?\.|\./)[0]!;
      return !shadowing.some((names) => names.has(root));
    };
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const ancestor = ancestors[i]!;
      const onPath = ancestors[i + 1] ?? node;
      if (ancestor.type === 'TryStatement' && child(ancestor, 'finalizer') === onPath) return undefined;
      const bound = loopOrCatchNames(ancestor);
      if (bound) shadowing.push(bound);
      const block = BLOCK_TYPES.has(ancestor.type) ? blockInfo(ancestor) : undefined;
      if (block && block.statements.length > 0) {
        const signal = blockSignal(block, onPath, usable);
        if (signal) return signal;
        shadowing.push(block.names);
      }
      if (isFunctionNode(ancestor)) {
        const parent = ancestors[i - 1];
        const verdict = parameters.verdict(ancestor, parent);
        if (usable(verdict.signal)) return verdict.signal;
        shadowing.push(verdict.names);
        if (cleanup.isCleanupFunction(ancestor, parent)) return undefined;
      }
    }
    return undefined;
  }

  return {
    find,
    isCleanupFunction: (fn, parent) => cleanup.isCleanupFunction(fn, parent),
    collect: (node) => uses.collect(node),
  };
}
