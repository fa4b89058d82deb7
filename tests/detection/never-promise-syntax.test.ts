// Expressions whose syntax alone proves they hold no promise: the typed predicates skip the checker for them.
import { describe, expect, it } from 'vitest';
import { isNeverPromiseSyntax } from '../../packages/eslint-plugin-graceful-shutdown/detection/promise-apis.js';
import {
  type AnyNode,
  child,
  isCallExpression,
  walk,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import { ALL_DIALECTS, DIALECTS, firstExpression, parseProgram } from '../support/parse-dialects.js';

const PRIMITIVES = [
  'i++',
  '--i',
  '!p',
  'delete o.k',
  'typeof p',
  'void p',
  'a + b',
  'p instanceof Promise',
  '`t${p}`',
  "('s')",
  '1',
  'null',
  'true',
  '10n',
];
const NEED_TYPES = [
  'start()',
  'p',
  'a && p',
  'a ?? p',
  'c ? p : q',
  '/re/',
  'new Task()',
  '[p, q]',
  'tag`t`',
  '(() => p)',
];

/** The expression of the first statement, in every dialect. */
function expressions(code: string, dialects: readonly string[] = ALL_DIALECTS): Array<[string, AnyNode]> {
  return ALL_DIALECTS.filter((dialect) => dialects.includes(dialect)).map((dialect) => {
    const expression = firstExpression(dialect, code);
    if (!expression) throw new Error(`${dialect}: not an expression statement: ${code}`);
    return [dialect, expression];
  });
}

describe('isNeverPromiseSyntax', () => {
  it.each(PRIMITIVES)('%s is a primitive whatever its operands are', (code) => {
    for (const [dialect, expression] of expressions(code)) expect(isNeverPromiseSyntax(expression), dialect).toBe(true);
  });

  it.each(NEED_TYPES)('%s needs its type', (code) => {
    for (const [dialect, expression] of expressions(code))
      expect(isNeverPromiseSyntax(expression), dialect).toBe(false);
  });

  it('an awaited expression and an assertion need their types', () => {
    for (const [dialect, expression] of expressions('await p'))
      expect(isNeverPromiseSyntax(expression), dialect).toBe(false);
    for (const [dialect, expression] of expressions('(p as number)', DIALECTS))
      expect(isNeverPromiseSyntax(expression), dialect).toBe(false);
  });

  it('super(…) is void', () => {
    for (const dialect of ALL_DIALECTS) {
      const calls: AnyNode[] = [];
      walk(parseProgram(dialect, 'class A extends B { constructor() { super(start()); } }'), (node) => {
        if (isCallExpression(node)) calls.push(node);
      });
      expect(
        calls.map((call) => isNeverPromiseSyntax(call)),
        dialect,
      ).toEqual(calls.map((call) => child(call, 'callee')?.type === 'Super'));
      expect(calls, dialect).toHaveLength(2);
    }
  });
});
