/** Names a pattern or declaration binds, and what counts as a `require`: one definition for every tool. */
import { describe, expect, it } from 'vitest';
import { child, children } from '../../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import {
  declaredNames,
  patternNames,
} from '../../../packages/eslint-plugin-graceful-shutdown/detection/syntax/patterns.js';
import {
  isRequireCall,
  isRequireExpression,
} from '../../../packages/eslint-plugin-graceful-shutdown/detection/syntax/require.js';
import { DIALECTS, firstExpression, firstStatement, parseProgram } from '../../support/parse-dialects.js';

describe.each(DIALECTS)('binding names (%s)', (dialect) => {
  it('lists every name of a nested pattern, defaults and rests included', () => {
    const statement = firstStatement(dialect, 'const { a, b: [c, , d = 1], ...e } = value, [f, ...g] = list;');
    expect(declaredNames(statement)).toEqual(['a', 'c', 'd', 'e', 'f', 'g']);
  });

  it("names a TypeScript parameter property's parameter", () => {
    const program = parseProgram(dialect, 'class A { constructor(private readonly signal: AbortSignal) {} }');
    const method = children(child(children(program, 'body')[0]!, 'body')!, 'body')[0]!;
    const fn = child(method, 'value') ?? method;
    expect(children(fn, 'params').flatMap(patternNames)).toEqual(['signal']);
  });

  it('declares functions, classes and enums, exported or not', () => {
    expect(declaredNames(firstStatement(dialect, 'function f() {}'))).toEqual(['f']);
    expect(declaredNames(firstStatement(dialect, 'export class C {}'))).toEqual(['C']);
    expect(declaredNames(firstStatement(dialect, 'export default function g() {}'))).toEqual(['g']);
    expect(declaredNames(firstStatement(dialect, 'enum Color { Red }'))).toEqual(['Color']);
    expect(declaredNames(firstStatement(dialect, 'f();'))).toEqual([]);
  });
});

describe.each(DIALECTS)('require (%s)', (dialect) => {
  it('recognises a require call, not require.resolve', () => {
    expect(isRequireCall(firstExpression(dialect, "require('x');"))).toBe(true);
    expect(isRequireCall(firstExpression(dialect, "(require)('x');"))).toBe(true);
    expect(isRequireCall(firstExpression(dialect, "require.resolve('x');"))).toBe(false);
    expect(isRequireCall(firstExpression(dialect, "load('x');"))).toBe(false);
  });

  it('follows member chains and type assertions to the require', () => {
    const init = (code: string) => child(children(firstStatement(dialect, code), 'declarations')[0]!, 'init');
    expect(isRequireExpression(init("const fsp = require('fs').promises;"))).toBe(true);
    expect(isRequireExpression(init("const x = require('x')?.y.z;"))).toBe(true);
    expect(isRequireExpression(init("const fs = require('fs') as typeof import('fs');"))).toBe(true);
    expect(isRequireExpression(init("const fs = require('fs')!.promises;"))).toBe(true);
    expect(isRequireExpression(init("const x = load('x').y;"))).toBe(false);
    expect(isRequireExpression(init("const x = require('x')();"))).toBe(false);
  });
});
