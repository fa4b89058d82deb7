/** The tests a node runs under: `if`, `?:`, `&&`, `||`, innermost first, in every dialect. */
import { describe, expect, it } from 'vitest';
import {
  type AnyNode,
  memberPath,
  walkWithAncestors,
} from '../../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import { enclosingBranches } from '../../../packages/eslint-plugin-graceful-shutdown/detection/syntax/branches.js';
import { ALL_DIALECTS, parseProgram } from '../../support/parse-dialects.js';

/** The branches around the call of `target()`, as "test:truthy|falsy". */
function branchesOfTarget(dialect: (typeof ALL_DIALECTS)[number], source: string, withinFunction = false): string[] {
  let found: string[] | undefined;
  walkWithAncestors(parseProgram(dialect, source), (node, ancestors) => {
    if (found || node.type !== 'CallExpression' || memberPath(node.callee as AnyNode) !== 'target') return;
    found = enclosingBranches(node, [...ancestors], withinFunction).map(
      (branch) => `${memberPath(branch.test) ?? branch.test.type}:${branch.whenTruthy ? 'truthy' : 'falsy'}`,
    );
  });
  return found ?? ['(no target)'];
}

describe.each(ALL_DIALECTS)('enclosingBranches (%s)', (dialect) => {
  it('names each test and the outcome the node runs under, innermost first', () => {
    expect(branchesOfTarget(dialect, 'if (a) { if (b) {} else { c && target(); } }')).toEqual([
      'c:truthy',
      'b:falsy',
      'a:truthy',
    ]);
    expect(branchesOfTarget(dialect, 'x = d ? 1 : e || target();')).toEqual(['e:falsy', 'd:falsy']);
  });

  it('ignores the test itself and stops at the function when asked', () => {
    expect(branchesOfTarget(dialect, 'if (target()) run();')).toEqual([]);
    expect(branchesOfTarget(dialect, 'if (a) on(() => { if (b) target(); });', true)).toEqual(['b:truthy']);
    expect(branchesOfTarget(dialect, 'if (a) on(() => { if (b) target(); });')).toEqual(['b:truthy', 'a:truthy']);
  });
});
