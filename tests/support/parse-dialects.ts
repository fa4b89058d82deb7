/** Parses a snippet in each AST dialect the detection layer accepts (docs/architecture.md §8). */
import { parse as parseTypeScriptEstree } from '@typescript-eslint/typescript-estree';
import jscodeshift from 'jscodeshift';
import { type AnyNode, child, children } from '../../packages/eslint-plugin-graceful-shutdown/detection/ast.js';

export type Dialect = 'typescript-estree' | 'babel-ts';

export const DIALECTS: readonly Dialect[] = ['typescript-estree', 'babel-ts'];

export function parseProgram(dialect: Dialect, text: string): AnyNode {
  if (dialect === 'typescript-estree')
    return parseTypeScriptEstree(text, { loc: true, range: true }) as unknown as AnyNode;
  return jscodeshift.withParser('ts')(text).find(jscodeshift.Program).get().node as unknown as AnyNode;
}

/** The program's first statement. */
export const firstStatement = (dialect: Dialect, text: string): AnyNode =>
  children(parseProgram(dialect, text), 'body')[0]!;

/** The expression of the program's first statement. */
export const firstExpression = (dialect: Dialect, text: string): AnyNode | undefined =>
  child(firstStatement(dialect, text), 'expression');
