/**
 * Loops that nothing ends, and the async functions that run one (docs/architecture.md §4, "a promise
 * that never fulfils"): `while (true)`, `do … while (true)`, `for (;;)`. Both dialects.
 */
import { type AnyNode, child, children, isFunctionNode, pushChildNodes, someOwnReturn, unwrap } from './syntax/ast.js';

/** A loop whose header never ends it: `while (true)`, `do … while (true)`, `for (;;)`. */
export function isEndlessLoopHeader(node: AnyNode): boolean {
  if (node.type === 'ForStatement') return child(node, 'test') === undefined;
  if (node.type !== 'WhileStatement' && node.type !== 'DoWhileStatement') return false;
  const test = unwrap(child(node, 'test'));
  return test?.value === true || (test?.type === 'BooleanLiteral' && test.value === true);
}

/**
 * Whether the promise an async function returns can never fulfil: its body runs, as one of its own
 * statements, an endless loop that no `break` leaves, and nothing in the function returns. It
 * settles only by rejecting, so awaiting it, or a drain waiting for it, waits forever.
 */
export function neverFulfils(fn: AnyNode): boolean {
  if (!isFunctionNode(fn) || fn.async !== true || fn.generator === true) return false;
  const body = child(fn, 'body');
  if (body?.type !== 'BlockStatement' || someOwnReturn(body)) return false;
  return children(body, 'body').some((statement) => {
    const loop = withoutLabels(statement);
    return isEndlessLoopHeader(loop) && !leftByBreak(loop);
  });
}

function withoutLabels(statement: AnyNode): AnyNode {
  let node = statement;
  while (node.type === 'LabeledStatement') node = child(node, 'body') ?? node;
  return node;
}

const BREAKABLE = new Set([
  'WhileStatement',
  'DoWhileStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'SwitchStatement',
]);

interface Visit {
  readonly node: AnyNode;
  /** Loops and `switch`es between the endless loop and this node: an unlabelled `break` stops at the innermost. */
  readonly nested: number;
  /** Labels of statements between the endless loop and this node. */
  readonly labels: readonly string[];
}

/** Whether a `break` inside the loop ends it: an unlabelled one not inside a nested loop or `switch`, or one naming a label outside it. */
function leftByBreak(loop: AnyNode): boolean {
  const visits: Visit[] = [];
  const scratch: AnyNode[] = [];
  const visitChildren = (node: AnyNode, nested: number, labels: readonly string[]): void => {
    scratch.length = 0;
    pushChildNodes(node, scratch);
    for (const next of scratch) visits.push({ node: next, nested, labels });
  };
  visitChildren(loop, 0, []);
  while (visits.length > 0) {
    const { node, nested, labels } = visits.pop()!;
    if (node.type === 'BreakStatement') {
      const label = child(node, 'label');
      if (label ? !labels.includes(String(label.name)) : nested === 0) return true;
    } else if (node.type === 'LabeledStatement') {
      visitChildren(node, nested, [...labels, String(child(node, 'label')?.name)]);
    } else if (!isFunctionNode(node) && node.type !== 'ClassBody') {
      visitChildren(node, BREAKABLE.has(node.type) ? nested + 1 : nested, labels);
    }
  }
  return false;
}
