// `createSignalScope` on its own: fed by a tool's traversal (as the rule does) or walking the file
// itself on first need (tools without a traversal of their own) — the same answers either way.
import { parse } from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { type AnyNode, isNode } from '../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import {
  SIGNAL_SCOPE_NODE_TYPES,
  createSignalScope,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/signal-scope.js';

/** Every node with its ancestors (outermost first), without `parent` links. */
function nodesOf(program: AnyNode): Array<{ node: AnyNode; ancestors: AnyNode[] }> {
  const found: Array<{ node: AnyNode; ancestors: AnyNode[] }> = [];
  const visit = (node: AnyNode, ancestors: AnyNode[]): void => {
    found.push({ node, ancestors });
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || key === 'loc' || key === 'range') continue;
      for (const item of Array.isArray(value) ? value : [value]) if (isNode(item)) visit(item, [...ancestors, node]);
    }
  };
  visit(program, []);
  return found;
}

/** The signal in scope at each `fetch(…)` call, in source order. */
function signalsAtFetch(code: string, fed: boolean): Array<string | undefined> {
  const program = parse(code, { sourceType: 'module', range: true }) as unknown as AnyNode;
  const nodes = nodesOf(program);
  const parents = new Map(nodes.map(({ node, ancestors }) => [node, ancestors.at(-1)]));
  const scope = createSignalScope(program, {}, fed ? { parentOf: (node) => parents.get(node) } : undefined);
  const types: readonly string[] = SIGNAL_SCOPE_NODE_TYPES;
  if (fed) for (const { node } of nodes) if (types.includes(node.type)) scope.collect(node);
  return nodes
    .filter(
      ({ node }) =>
        node.type === 'CallExpression' &&
        (node.callee as AnyNode).type === 'Identifier' &&
        (node.callee as AnyNode).name === 'fetch',
    )
    .map(({ node, ancestors }) => scope.find(node, ancestors)?.expression);
}

const CODE = `
async function handle(signal) { await fetch(a); }
function onSignal(signal) { void fetch(b); }
async function stop(pid, signal) { process.kill(pid, signal); await fetch(c); }
async function load(ctx) { if (ctx.signal.aborted) return; await fetch(d); }
function aborted(other) { return other.signal.aborted; }
async function plain(other) { await fetch(e); }
process.on('SIGINT', onSignal);
`;

describe('createSignalScope', () => {
  it.each([
    ['fed by a traversal', true],
    ['walking the file itself', false],
  ])('finds the signal in scope when %s', (_, fed) => {
    // A process listener registered after its function, a parameter used as a signal name, a
    // parameter whose `.signal` is used as one, and a use in another function that says nothing.
    expect(signalsAtFetch(CODE, fed)).toEqual(['signal', undefined, undefined, 'ctx.signal', undefined]);
  });
});
