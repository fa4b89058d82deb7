/**
 * Parses a snippet in each AST dialect the detection layer accepts (docs/architecture.md §8): ESTree from
 * typescript-estree (the rules on TypeScript) and espree (the rules on JavaScript), Babel from jscodeshift's
 * `ts`/`tsx` and `babylon` parsers (the codemods). The one home for the tests' parsers.
 */
import { parse as parseTypeScriptEstree } from '@typescript-eslint/typescript-estree';
import * as espree from 'espree';
import jscodeshift from 'jscodeshift';
import { type AnyNode, child, children } from '../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';

export type Dialect = 'typescript-estree' | 'espree' | 'babel-ts' | 'babel-babylon';

/** The dialects whose parsers read TypeScript; the syntax helpers' tests run on these two. */
export const DIALECTS: readonly Dialect[] = ['typescript-estree', 'babel-ts'];

export const ALL_DIALECTS: readonly Dialect[] = ['typescript-estree', 'espree', 'babel-ts', 'babel-babylon'];

export interface ParseOptions {
  /** TypeScript syntax: only the parsers that read it (typescript-estree, babel-ts). */
  readonly ts?: boolean;
  /** CommonJS (espree needs `sourceType: 'commonjs'` for a top-level `return`). */
  readonly cjs?: boolean;
  readonly jsx?: boolean;
}

/** The dialects that can parse a snippet with these options. */
export const dialectsFor = (options: ParseOptions = {}): Dialect[] => [...(options.ts ? DIALECTS : ALL_DIALECTS)];

/** A Babel tree's `Program` (jscodeshift's root is the `File`). */
function babelProgram(parser: string, text: string): AnyNode {
  const [program] = jscodeshift.withParser(parser)(text).find(jscodeshift.Program).paths();
  if (!program) throw new Error(`jscodeshift (${parser}) found no Program`);
  return program.node as unknown as AnyNode;
}

export function parseProgram(dialect: Dialect, text: string, options: ParseOptions = {}): AnyNode {
  const jsx = options.jsx ?? false;
  switch (dialect) {
    case 'typescript-estree':
      return parseTypeScriptEstree(text, { jsx, loc: true, range: true }) as unknown as AnyNode;
    case 'espree':
      return espree.parse(text, {
        ecmaVersion: 'latest',
        sourceType: options.cjs ? 'commonjs' : 'module',
        ecmaFeatures: { jsx },
        loc: true,
        range: true,
      }) as unknown as AnyNode;
    case 'babel-ts':
      return babelProgram(jsx ? 'tsx' : 'ts', text);
    case 'babel-babylon':
      return babelProgram('babylon', text);
  }
}

/** The program's first statement. */
export const firstStatement = (dialect: Dialect, text: string): AnyNode =>
  children(parseProgram(dialect, text), 'body')[0]!;

/** The expression of the program's first statement. */
export const firstExpression = (dialect: Dialect, text: string): AnyNode | undefined =>
  child(firstStatement(dialect, text), 'expression');
