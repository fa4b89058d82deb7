/**
 * What every part of the graceful-main rewrite works on: the file's Babel AST as recast parsed it,
 * with parent links, the names in use, the file's code style for new code, and statement edits
 * that keep comments. Also the outcomes a rewrite can end in short of changing the file.
 */
import type { JSCodeshift } from 'jscodeshift';
import {
  type AnyNode,
  child,
  children,
  isFunctionNode,
  isMemberExpression,
  unwrap,
  walk,
} from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';
import { type EntrypointReason } from 'eslint-plugin-graceful-shutdown/detection/entrypoint';
import { type ImportedWork } from 'eslint-plugin-graceful-shutdown/detection/imported-modules';
import { type ImportMap, collectImports } from 'eslint-plugin-graceful-shutdown/detection/imports';
import { type CodeStyle, parseExpression, parseStatements } from './source.js';

/** The file is left as it is, for a reason worth telling the user (`status: 'skipped'`). */
export class Skip extends Error {}
/** The file needs nothing (`status: 'unchanged'`): not an entrypoint, already graceful, nothing to wrap. */
export class Unchanged extends Error {}

export interface RewriteInput {
  readonly j: JSCodeshift;
  readonly program: AnyNode;
  /** The parsed text (positions refer to it). */
  readonly text: string;
  readonly typescript: boolean;
  readonly style: CodeStyle;
  readonly reasons: readonly EntrypointReason[];
  /** Extra helper specifiers recognised as "already graceful". */
  readonly helpers: readonly string[];
  /** Lines before the parsed text (the `#!` line and header comments), for line numbers in reasons. */
  readonly lineOffset: number;
  /**
   * The damaging work a node starts by running a relative module of the package (`require('./')()`,
   * `import './server.js'`), its file relative to this file's folder. Reading other files is the caller's.
   */
  readonly importedWork?: (node: AnyNode, imports: ImportMap) => ImportedWork | undefined;
  /** The imported module (relative to this file's folder) that installs SIGINT/SIGTERM handling, if one does. */
  readonly handlingModule?: () => string | undefined;
}

/** The MainContext members generated code uses. */
export type Member = 'track' | 'defer' | 'shutdown';
export const MEMBERS: readonly Member[] = ['track', 'defer', 'shutdown'];

export const isBoundary = (node: AnyNode): boolean => isFunctionNode(node) || node.type === 'StaticBlock';

/** A node's child list, live (for splicing). */
export const nodeList = (node: AnyNode, key: string): AnyNode[] => {
  const value = node[key];
  return Array.isArray(value) ? (value as AnyNode[]) : [];
};

/** Every statement list (block bodies, switch cases) by owner type, for in-place edits. */
export const STATEMENT_LIST_KEYS: Readonly<Record<string, string>> = {
  Program: 'body',
  BlockStatement: 'body',
  StaticBlock: 'body',
  SwitchCase: 'consequent',
  TSModuleBlock: 'body',
};

/**
 * The file being rewritten, passed explicitly to every planner and edit: its AST with parent
 * links (kept current by the statement edits below), the names in use, the file's code style,
 * and what generated code refers to (context members, the `MainContext` type).
 */
export class FileContext {
  readonly j: JSCodeshift;
  readonly program: AnyNode;
  readonly imports: ImportMap;
  readonly parents = new Map<AnyNode, AnyNode>();
  /** Identifier names used in the file (not property keys), for collision-free new names. */
  readonly names = new Set<string>();
  /** `;` or '' after new statements, as the file writes them. */
  readonly semi: string;
  /** A string literal in the file's quotes. */
  readonly q: (text: string) => string;
  /** How generated code reaches the context: destructured names, or `ctx.x` when a name is taken. */
  readonly contextObject: string | undefined;
  /** The context members generated code refers to. */
  readonly usedMembers = new Set<Member>();
  /** Generated code names the `MainContext` type (the helper import then brings it). */
  mainContextTypeUsed = false;

  constructor(readonly input: RewriteInput) {
    this.j = input.j;
    this.program = input.program;
    this.imports = collectImports(input.program);
    walk(input.program, (node, parent) => {
      if (parent) this.parents.set(node, parent);
      if (node.type === 'Identifier' && typeof node.name === 'string' && !this.isPropertyKey(node, parent))
        this.names.add(node.name);
      return undefined;
    });
    this.semi = input.style.semicolons ? ';' : '';
    this.q = (text) =>
      `${input.style.quote}${text.replace(/\\/g, '\\\\').replaceAll(input.style.quote, `\\${input.style.quote}`)}${input.style.quote}`;
    this.contextObject = MEMBERS.some((member) => this.names.has(member))
      ? this.freshName('ctx', ['context', 'mainContext'])
      : undefined;
  }

  isPropertyKey(node: AnyNode, parent: AnyNode | undefined): boolean {
    if (!parent) return false;
    if (isMemberExpression(parent) && child(parent, 'property') === node && !parent.computed) return true;
    if (
      (parent.type === 'ObjectProperty' ||
        parent.type === 'ClassProperty' ||
        parent.type === 'ObjectMethod' ||
        parent.type === 'ClassMethod') &&
      child(parent, 'key') === node &&
      !parent.computed
    ) {
      return !(parent.type === 'ObjectProperty' && parent.shorthand === true);
    }
    return false;
  }

  freshName(base: string, alternatives: readonly string[] = []): string {
    for (const name of [base, ...alternatives]) if (!this.names.has(name)) return this.reserve(name);
    for (let i = 2; ; i++) if (!this.names.has(`${base}${i}`)) return this.reserve(`${base}${i}`);
  }

  reserve(name: string): string {
    this.names.add(name);
    return name;
  }

  ancestors(node: AnyNode): AnyNode[] {
    const out: AnyNode[] = [];
    for (let parent = this.parents.get(node); parent; parent = this.parents.get(parent)) out.unshift(parent);
    return out;
  }

  /** The function (or program) a node runs in. */
  enclosingFunction(node: AnyNode): AnyNode | undefined {
    for (let parent = this.parents.get(node); parent; parent = this.parents.get(parent))
      if (isBoundary(parent)) return parent;
    return undefined;
  }

  isInside(node: AnyNode, container: AnyNode): boolean {
    for (let current: AnyNode | undefined = node; current; current = this.parents.get(current))
      if (current === container) return true;
    return false;
  }

  /** How generated code names a context member. */
  ref(member: Member): string {
    this.usedMembers.add(member);
    return this.contextObject === undefined ? member : `${this.contextObject}.${member}`;
  }

  /** `{ track, defer }: MainContext` (or `ctx: MainContext` when a name is taken); the type only where nothing infers it. */
  contextPattern(members: readonly Member[], annotate: boolean): string {
    const type = annotate && this.input.typescript ? `: MainContext` : '';
    if (type) this.mainContextTypeUsed = true;
    return this.contextObject !== undefined ? `${this.contextObject}${type}` : `{ ${members.join(', ')} }${type}`;
  }

  statements(code: string): AnyNode[] {
    return parseStatements(this.j, code);
  }

  expression(code: string): AnyNode {
    return parseExpression(this.j, code);
  }

  readonly placeholder = '__graceful_main_placeholder__';

  /** References to `name` as a value, except the given nodes and its own declaration. */
  countReferences(name: string, except: readonly AnyNode[]): number {
    let count = 0;
    walk(this.program, (node, parent) => {
      if (node.type !== 'Identifier' || node.name !== name || except.includes(node) || this.isPropertyKey(node, parent))
        return undefined;
      if (
        parent &&
        (parent.type === 'FunctionDeclaration' ||
          parent.type === 'VariableDeclarator' ||
          parent.type === 'FunctionExpression') &&
        child(parent, 'id') === node
      )
        return undefined;
      count++;
      return undefined;
    });
    return count;
  }

  referencedNames(root: AnyNode): Set<string> {
    const names = new Set<string>();
    walk(root, (node, parent) => {
      if (node.type === 'Identifier' && !this.isPropertyKey(node, parent)) names.add(String(node.name));
      return undefined;
    });
    return names;
  }

  referencesAny(statements: readonly AnyNode[], names: readonly string[]): boolean {
    return statements.some((statement) => [...this.referencedNames(statement)].some((name) => names.includes(name)));
  }

  usesThis(fn: AnyNode): boolean {
    let found = false;
    walk(child(fn, 'body') ?? fn, (node) => {
      if (found || (node.type !== 'ArrowFunctionExpression' && isBoundary(node))) return false;
      if (node.type === 'ThisExpression' || (node.type === 'Identifier' && node.name === 'arguments')) found = true;
      return undefined;
    });
    return found;
  }

  /** The block body of a function, turning an expression body into `{ return … }` when needed. */
  bodyOf(fn: AnyNode): AnyNode {
    const body = child(fn, 'body')!;
    if (body.type === 'BlockStatement') return body;
    const block = this.statements(`{\n  return ${this.placeholder}${this.semi}\n}`)[0]!;
    const statement = nodeList(block, 'body')[0]!;
    statement.argument = body;
    fn.body = block;
    fn.expression = false;
    this.parents.set(block, fn);
    this.parents.set(statement, block);
    this.parents.set(body, statement);
    return block;
  }

  replaceStatement(statement: AnyNode, replacements: AnyNode[]): void {
    const parent = this.parents.get(statement);
    if (!parent) return;
    // recast drops a replaced node's comments: the first replacement carries them on.
    if (replacements.length > 0 && !replacements.includes(statement)) moveComments(statement, replacements[0]!);
    const key = STATEMENT_LIST_KEYS[parent.type];
    if (key) {
      const list = nodeList(parent, key);
      const index = list.indexOf(statement);
      if (index !== -1) {
        list.splice(index, 1, ...replacements);
        for (const replacement of replacements) this.parents.set(replacement, parent);
        return;
      }
    }
    for (const slot of Object.keys(parent)) {
      if (parent[slot] !== statement) continue;
      const replacement =
        replacements.length === 1
          ? replacements[0]!
          : replacements.length === 0
            ? this.statements(';')[0]!
            : this.blockOf(replacements);
      parent[slot] = replacement;
      this.parents.set(replacement, parent);
    }
  }

  removeStatement(statement: AnyNode): void {
    this.replaceStatement(statement, []);
  }

  insertAfter(statement: AnyNode, statements: AnyNode[]): void {
    const parent = this.parents.get(statement);
    const key = parent ? STATEMENT_LIST_KEYS[parent.type] : undefined;
    if (!parent || !key) return;
    const list = nodeList(parent, key);
    list.splice(list.indexOf(statement) + 1, 0, ...statements);
    for (const inserted of statements) this.parents.set(inserted, parent);
  }

  blockOf(statements: AnyNode[]): AnyNode {
    const block = this.statements('{\n}')[0]!;
    nodeList(block, 'body').push(...statements);
    return block;
  }

  /** ` (line n)` for reasons, counted in the file as written. */
  line(node: AnyNode | undefined): string {
    const start = (node?.loc as { start?: { line?: number } } | null | undefined)?.start?.line;
    return start === undefined ? '' : ` (line ${start + this.input.lineOffset})`;
  }
}

/** Declarations (and type-only code) that may run earlier without changing what the program does. */
export function isInert(statement: AnyNode): boolean {
  if (
    [
      'FunctionDeclaration',
      'ClassDeclaration',
      'EmptyStatement',
      'ImportDeclaration',
      'TSInterfaceDeclaration',
      'TSTypeAliasDeclaration',
      'TSDeclareFunction',
      'TSModuleDeclaration',
    ].includes(statement.type)
  ) {
    return true;
  }
  if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') {
    const declaration = child(statement, 'declaration');
    return !declaration || isInert(declaration);
  }
  if (statement.type === 'VariableDeclaration') {
    return children(statement, 'declarations').every((declarator) => {
      const init = unwrap(child(declarator, 'init'));
      return !init || isFunctionNode(init) || /Literal$/.test(init.type) || init.type === 'ClassExpression';
    });
  }
  return false;
}

export function numberValue(node: AnyNode | undefined): number | undefined {
  const target = unwrap(node);
  if ((target?.type === 'NumericLiteral' || target?.type === 'Literal') && typeof target.value === 'number')
    return target.value;
  return undefined;
}

/** A node moved out of parentheses it needed where it was (an IIFE's function passed as an argument). */
export function unparenthesize(node: AnyNode): void {
  // On recast's pristine copy too: the node then still counts as unchanged and keeps its text.
  for (const target of [node, node.original as AnyNode | undefined]) {
    const extra = target?.extra as Record<string, unknown> | undefined;
    if (extra?.parenthesized) {
      delete extra.parenthesized;
      delete extra.parenStart;
    }
  }
}

export function isOneLine(node: AnyNode): boolean {
  const loc = node.loc as { start: { line: number }; end: { line: number } } | null | undefined;
  return loc !== null && loc !== undefined && loc.start.line === loc.end.line;
}

export function moveComments(from: AnyNode, to: AnyNode): void {
  const comments = from.comments as unknown[] | null | undefined;
  if (!comments || comments.length === 0) return;
  to.comments = [...((to.comments as unknown[] | null | undefined) ?? []), ...comments];
  from.comments = null;
}

export function isEmptyFunction(node: AnyNode | undefined): boolean {
  const fn = unwrap(node);
  const body = fn && isFunctionNode(fn) ? child(fn, 'body') : undefined;
  return body?.type === 'BlockStatement' && nodeList(body, 'body').length === 0;
}

/** A `.then`/`.catch` argument that passes the outcome through: missing, `undefined`, `null` or `void 0`. */
export function isAbsentHandler(node: AnyNode | undefined): boolean {
  const value = unwrap(node);
  if (value === undefined) return true;
  if (value.type === 'Identifier') return value.name === 'undefined';
  if (value.type === 'NullLiteral' || (value.type === 'Literal' && value.value === null && value.raw === 'null'))
    return true;
  return (
    value.type === 'UnaryExpression' && value.operator === 'void' && numberValue(child(value, 'argument')) !== undefined
  );
}
