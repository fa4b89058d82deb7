/** The vocabulary shared by thread-signal's analysis steps. */
import { ts } from 'ts-morph';
import { type SignalTypes } from './signal-types.js';
import { type TextEdit } from './text-edits.js';

/** Functions thread-signal can give a `signal`: declarations, `const f = (…) => …`, class methods. */
export type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export const isFunctionLike = (node: ts.Node): node is FunctionLike =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node);

export type EditKind =
  /** `signal?: AbortSignal` appended to a function's parameters. */
  | 'add-parameter'
  /** `signal?: AbortSignal` added to a function's options type. */
  | 'add-option'
  /** `signal` added to a destructuring parameter (`{ track, defer, signal }: MainContext`). */
  | 'add-binding'
  /** `signal` passed to a project function at a call site. */
  | 'pass-signal'
  /** `signal` passed to a signal-accepting API (fetch, timers/promises, …) or library call. */
  | 'api-signal';

export interface PlannedEdit extends TextEdit {
  readonly file: ts.SourceFile;
  readonly kind: EditKind;
  readonly description: string;
  /** Edits sharing a key belong to the same group: they are applied or reverted together. */
  readonly keys: readonly string[];
}

/** How a function reaches its AbortSignal. */
export interface Binding {
  /** What to pass: `signal`, `ctx.signal`, `opts?.signal`. */
  readonly expression: string;
  /** The identifier the expression starts with, checked for shadowing at each use. */
  readonly root: string;
  /** The root's symbol when it exists before the edit (undefined for a `signal` we add). */
  readonly rootSymbol: ts.Symbol | undefined;
  /** Whether the expression can be `undefined` (an optional parameter, an optional option). */
  readonly mayBeUndefined: boolean;
  /** For a binding we create: its group key, and the edits that create it. */
  readonly key?: string;
  readonly creates?: readonly PlannedEdit[];
}

export interface LeftAlone {
  readonly kind: 'function' | 'call';
  readonly file: string;
  readonly line: number;
  /** The function's name, or the call's callee text. */
  readonly name: string;
  readonly reason: string;
}

export interface AnalysisContext {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly types: SignalTypes;
  /** Whether thread-signal may change this file (project source, within the files asked for). */
  readonly editable: (file: ts.SourceFile) => boolean;
  /** Whether the type checker reports errors for this file (TS, or JS with checkJs / `// @ts-check`). */
  readonly checked: (file: ts.SourceFile) => boolean;
  /** Every reference to a function's name, across files (the language service's find-references). */
  readonly references: (name: ts.Identifier) => readonly ts.Node[];
}

export const isTypeScriptFile = (file: ts.SourceFile): boolean => /\.(?:[cm]?ts|tsx)$/.test(file.fileName);

export function position(file: ts.SourceFile, node: ts.Node): { line: number; column: number } {
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return { line: line + 1, column: character + 1 };
}

/** Strips parentheses, `as`, `!`, `satisfies` and `<T>x`, which do not change which function is called. */
export function skipTransparent(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    } else return current;
  }
}

/** The outermost expression that is `node` wrapped in transparent wrappers. */
export function climbTransparent(node: ts.Node): ts.Node {
  let current = node;
  while (
    current.parent &&
    (ts.isParenthesizedExpression(current.parent) ||
      ts.isAsExpression(current.parent) ||
      ts.isNonNullExpression(current.parent) ||
      ts.isSatisfiesExpression(current.parent) ||
      ts.isTypeAssertionExpression(current.parent))
  ) {
    current = current.parent;
  }
  return current;
}

/** A function's display name: `fetchAll`, `Client.load`, `<anonymous>`. */
export function functionName(fn: ts.Node): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (ts.isMethodDeclaration(fn) || ts.isPropertyDeclaration(fn) || ts.isPropertyAssignment(fn)) {
    const owner = fn.parent && (ts.isClassLike(fn.parent) && fn.parent.name ? `${fn.parent.name.text}.` : '');
    return `${owner}${fn.name.getText()}`;
  }
  const holder = climbTransparent(fn).parent;
  if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (holder && (ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder))) return holder.name.getText();
  return '<anonymous>';
}
