/**
 * Source text in and out of recast for `graceful-main`, keeping what recast would lose: a BOM,
 * the `#!` line, the file's header comments (recast drops them with a moved first statement),
 * CRLF line endings, and the file's own quotes, indentation and semicolon style for new code.
 */
import path from 'node:path';
import jscodeshift, { type ASTNode, type ASTPath, type JSCodeshift } from 'jscodeshift';
import babylonFactoryModule from 'jscodeshift/parser/babylon.js';
import { type AnyNode, children, walk } from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';

export type ParserName = 'ts' | 'tsx' | 'js';

/** `.ts/.mts/.cts` → ts (`<T>x` casts parse), `.tsx` → tsx, everything else → Babel with JSX. */
export function parserFor(filePath: string): ParserName {
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'ts';
  if (ext === '.tsx') return 'tsx';
  return 'js';
}

export const isTypeScriptFile = (filePath: string): boolean => parserFor(filePath) !== 'js';

// jscodeshift's own parser options for TS (plugins for every syntax Babel knows); plain JS gets the
// same minus `typescript` plus `jsx`, so import attributes, decorators and JSX all parse.
const BABEL_PLUGINS = [
  'asyncGenerators',
  'decoratorAutoAccessors',
  'bigInt',
  'classPrivateMethods',
  'classPrivateProperties',
  'classProperties',
  'decorators-legacy',
  'doExpressions',
  'dynamicImport',
  'exportDefaultFrom',
  'exportNamespaceFrom',
  'functionBind',
  'functionSent',
  'importAttributes',
  'importMeta',
  'nullishCoalescingOperator',
  'numericSeparator',
  'objectRestSpread',
  'optionalCatchBinding',
  'optionalChaining',
  'explicitResourceManagement',
  'throwExpressions',
];

function babelOptions(parser: ParserName): Record<string, unknown> {
  const plugins: string[] = [...BABEL_PLUGINS];
  if (parser === 'ts') plugins.push('typescript');
  if (parser === 'tsx') plugins.push('jsx', 'typescript');
  if (parser === 'js') plugins.push('jsx');
  return {
    sourceType: 'module',
    allowImportExportEverywhere: true,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    startLine: 1,
    tokens: true,
    plugins,
  };
}

// jscodeshift's `babylon` wrapper is a factory taking Babel options: it gives us jscodeshift's own
// @babel/parser (already loaded by the runner) without depending on it directly.
const babylonFactory = babylonFactoryModule as (options: Record<string, unknown>) => { parse(code: string): unknown };

const jscodeshiftByParser = new Map<ParserName, JSCodeshift>();
export function jscodeshiftFor(parser: ParserName): JSCodeshift {
  let j = jscodeshiftByParser.get(parser);
  if (!j) {
    const options = babelOptions(parser);
    const parse = babylonFactory(options);
    j = jscodeshift.withParser({ parse: (code: string) => parse.parse(code) as ASTNode });
    jscodeshiftByParser.set(parser, j);
  }
  return j;
}

const moduleParsers = new Map<ParserName, { parse(code: string): unknown }>();
/**
 * Parses another module of the package to read what it does (`detection/imported-modules.ts`):
 * Babel alone, nothing is printed back. Undefined when it does not parse.
 */
export function parseModule(text: string, file: string): AnyNode | undefined {
  const parser = parserFor(file);
  let babel = moduleParsers.get(parser);
  if (!babel) {
    babel = babylonFactory(babelOptions(parser));
    moduleParsers.set(parser, babel);
  }
  try {
    return (babel.parse(text) as { program?: AnyNode }).program;
  } catch {
    return undefined;
  }
}

/** What precedes the code recast sees, and how the text is laid out. */
export interface SourceLayout {
  /** BOM + `#!` line + leading comment block (up to its last line break), put back verbatim. */
  readonly prefix: string;
  /** The code recast parses: LF line endings when the file is consistently CRLF. */
  readonly body: string;
  /** `\r\n` when every line break of the file is CRLF. */
  readonly eol: '\n' | '\r\n';
}

const LEADING_COMMENTS = /^(?:[ \t]*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/)[ \t]*\r?\n|[ \t]*\r?\n)*/;
/** A directive prologue line (`'use strict';`) and the blank lines after it. */
const DIRECTIVE = /^(?:(['"])use [\w -]+\1;?[ \t]*(?:\/\/[^\n]*)?\n(?:[ \t]*\n)*)+/;

export function splitSource(source: string): SourceLayout {
  const crlf = source.includes('\r\n') && !/(?<!\r)\n/.test(source);
  let text = crlf ? source.replace(/\r\n/g, '\n') : source;
  let prefix = '';
  if (text.charCodeAt(0) === 0xfeff) {
    prefix += text[0];
    text = text.slice(1);
  }
  if (text.startsWith('#!')) {
    const end = text.indexOf('\n');
    const cut = end === -1 ? text.length : end + 1;
    prefix += text.slice(0, cut);
    text = text.slice(cut);
  }
  // Header comments stay where they are whatever happens to the first statement, and directives
  // ('use strict') too: recast prints `'use strict';;` when it reprints a program that has them.
  for (let progress = true; progress;) {
    progress = false;
    for (const pattern of [LEADING_COMMENTS, DIRECTIVE]) {
      const match = pattern.exec(text)?.[0] ?? '';
      if (match.length > 0 && match.length < text.length) {
        prefix += match;
        text = text.slice(match.length);
        progress = true;
      }
    }
  }
  return { prefix, body: text, eol: crlf ? '\r\n' : '\n' };
}

export function joinSource(layout: SourceLayout, body: string): string {
  const text = layout.prefix + body;
  return layout.eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
}

/** The style new code is written in, read from the file. */
export interface CodeStyle {
  readonly quote: "'" | '"';
  readonly semicolons: boolean;
  readonly tabWidth: number;
  readonly useTabs: boolean;
}

/** Quotes from string literals, semicolons from statement ends, indentation from line starts. */
export function detectStyle(program: AnyNode, text: string, prefix = ''): CodeStyle {
  // Directives moved to the prefix still say which quotes the file uses.
  let single = (prefix.match(/^'use [\w -]+'/gm) ?? []).length;
  let double = (prefix.match(/^"use [\w -]+"/gm) ?? []).length;
  let withSemicolon = 0;
  let withoutSemicolon = 0;
  walk(program, (node) => {
    if ((node.type === 'StringLiteral' || node.type === 'DirectiveLiteral') && typeof node.start === 'number') {
      const quote = text[node.start];
      if (quote === "'") single++;
      else if (quote === '"') double++;
    }
    if (/Statement$|Declaration$/.test(node.type) && node.type !== 'BlockStatement' && typeof node.end === 'number') {
      if (
        [
          'ExpressionStatement',
          'VariableDeclaration',
          'ImportDeclaration',
          'ReturnStatement',
          'ThrowStatement',
        ].includes(node.type)
      ) {
        if (text[node.end - 1] === ';') withSemicolon++;
        else withoutSemicolon++;
      }
    }
    return undefined;
  });
  const indents = text
    .split('\n')
    .map((line) => /^[ \t]+(?=\S)/.exec(line)?.[0] ?? '')
    .filter((indent) => indent.length > 0);
  const tabs = indents.filter((indent) => indent.startsWith('\t')).length;
  const spaces = indents.filter((indent) => indent.startsWith(' ')).map((indent) => indent.length);
  const smallest = spaces.length > 0 ? Math.min(...spaces) : 2;
  return {
    quote: double > single ? '"' : "'",
    semicolons: withSemicolon >= withoutSemicolon,
    // recast reads a tab as 4 columns when parsing: print with the same width or tabs turn into spaces.
    tabWidth: tabs > spaces.length ? 4 : smallest >= 2 && smallest <= 8 ? smallest : 2,
    useTabs: tabs > spaces.length,
  };
}

/** Parses a file's code (the body of its layout). Throws the parser's error. */
export function parseProgram(j: JSCodeshift, body: string): { root: ReturnType<JSCodeshift>; program: AnyNode } {
  const root = j(body);
  const file = (root.get() as ASTPath).node as AnyNode;
  return { root, program: file.program as AnyNode };
}

/**
 * New statements, parsed from text so recast reuses that text (its builders print object patterns
 * over several lines and drop `async`/types). The statements' own positions are cleared: recast
 * would otherwise lay them out against the snippet's lines and glue them together.
 */
export function parseStatements(j: JSCodeshift, code: string): AnyNode[] {
  const file = (j(code).get() as ASTPath).node as AnyNode;
  const statements = children(file.program as AnyNode, 'body');
  for (const statement of statements) statement.loc = null;
  return statements;
}

/** One new expression, parsed from text (its position kept: recast reuses its text). */
export function parseExpression(j: JSCodeshift, code: string): AnyNode {
  const file = (j(`(${code});`).get() as ASTPath).node as AnyNode;
  const statement = children(file.program as AnyNode, 'body')[0]!;
  const expression = statement.expression as AnyNode;
  // The wrapping parentheses are ours, not part of the expression.
  if (expression.extra && typeof expression.extra === 'object')
    delete (expression.extra as Record<string, unknown>).parenthesized;
  return expression;
}

export function printProgram(root: ReturnType<JSCodeshift>, style: CodeStyle, original: string): string {
  const printed = root.toSource({
    quote: style.quote === '"' ? 'double' : 'single',
    tabWidth: style.tabWidth,
    useTabs: style.useTabs,
    lineTerminator: '\n',
    wrapColumn: 120,
    arrowParensAlways: true,
  });
  return style.useTabs ? retab(printed, original, style.tabWidth) : printed;
}

/**
 * recast indents the first statement of a reprinted block with spaces even under `useTabs`: in a
 * tab-indented file, lines it re-indented (lines not in the original) get their tabs back.
 */
function retab(printed: string, original: string, tabWidth: number): string {
  const originalLines = new Set(original.split('\n'));
  return printed
    .split('\n')
    .map((text) => {
      if (originalLines.has(text)) return text;
      const spaces = /^ +/.exec(text)?.[0].length ?? 0;
      return spaces >= tabWidth
        ? '\t'.repeat(Math.floor(spaces / tabWidth)) + ' '.repeat(spaces % tabWidth) + text.slice(spaces)
        : text;
    })
    .join('\n');
}
