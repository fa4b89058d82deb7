/** The tree walks and parent links of detection/ast.ts, on both AST dialects. */
import { describe, expect, it } from 'vitest';
import {
  type AnyNode,
  ancestorsVia,
  parentLinks,
  walk,
  walkWithAncestors,
} from '../../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import { DIALECTS, parseProgram } from '../../support/parse-dialects.js';

const CODE = `
function outer(a: number) {
  return inner(a + 1);
}
`;

const findCall = (program: AnyNode): AnyNode => {
  let call: AnyNode | undefined;
  walk(program, (node) => {
    if (node.type === 'CallExpression') call = node;
  });
  return call!;
};

describe.each(DIALECTS)('tree walks (%s)', (dialect) => {
  it('gives every node its ancestors, outermost first, and skips children on false', () => {
    const program = parseProgram(dialect, CODE);
    const seen: string[] = [];
    walkWithAncestors(program, (node, ancestors) => {
      if (node.type === 'CallExpression') seen.push(ancestors.map((ancestor) => ancestor.type).join(' > '));
      if (node.type === 'Identifier' && node.name === 'a') seen.push('a');
      return node.type === 'CallExpression' ? false : undefined;
    });
    // The parameter `a` is visited; the call's argument `a + 1` is not (its children were skipped).
    expect(seen.sort()).toEqual(['Program > FunctionDeclaration > BlockStatement > ReturnStatement', 'a']);
  });

  it('links parents of a tree parsed without them', () => {
    const program = parseProgram(dialect, CODE);
    const call = findCall(program);
    const parentOf = parentLinks(program);
    expect(parentOf(call)?.type).toBe('ReturnStatement');
    expect(parentOf(program)).toBeUndefined();
    expect(ancestorsVia(call, parentOf).map((node) => node.type)).toEqual([
      'Program',
      'FunctionDeclaration',
      'BlockStatement',
      'ReturnStatement',
    ]);
  });
});
