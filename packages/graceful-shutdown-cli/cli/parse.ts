/**
 * Parses a source to a Babel AST for the entrypoint detector, with jscodeshift's own Babel and
 * parser options (so the CLI and the codemod agree on syntax): TypeScript for .ts/.mts/.cts,
 * TypeScript + JSX for .tsx, and for JavaScript JSX (then Flow, as jscodeshift's `babylon`, when
 * that fails); an extensionless script whose `#!` line runs tsx, bun… may be TypeScript too. Error recovery is on: a semantic slip Babel can step over (`export { undefinedName }`)
 * does not hide whether a file is an entrypoint; real syntax errors still throw.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseErrorText } from '../codemods/index.js';
import type { AnyNode } from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';
import { isExtensionless, shebangRuntime } from './extensionless.js';

const require = createRequire(import.meta.url);

interface Parser {
  parse(code: string): { program: AnyNode };
}
type BabylonFactory = (options?: Record<string, unknown>) => Parser;
type ParserName = 'ts' | 'tsx' | 'jsx' | 'flow';

const parsers = new Map<ParserName, Parser>();
function parser(name: ParserName): Parser {
  let loaded = parsers.get(name);
  if (!loaded) {
    const babylon = require('jscodeshift/parser/babylon.js') as BabylonFactory;
    if (name === 'flow') loaded = babylon();
    else {
      const base = require('jscodeshift/parser/tsOptions.js') as { plugins: unknown[] } & Record<string, unknown>;
      const plugins = base.plugins.filter((plugin) => plugin !== 'typescript');
      if (name !== 'jsx') plugins.push('typescript');
      if (name !== 'ts') plugins.push('jsx');
      plugins.push('explicitResourceManagement');
      loaded = babylon({ ...base, tokens: false, errorRecovery: true, plugins });
    }
    parsers.set(name, loaded);
  }
  return loaded;
}

/** A source the parser rejected; `message` is the parser's own, with the file's line and column (1-based). */
export class SourceParseError extends Error {
  override readonly name = 'SourceParseError';
}

function parsersFor(file: string, text: string): ParserName[] {
  if (isExtensionless(file) && shebangRuntime(text)?.typescript) return ['jsx', 'ts', 'flow'];
  switch (path.extname(file)) {
    case '.ts':
    case '.mts':
    case '.cts':
      return ['ts'];
    case '.tsx':
      return ['tsx'];
    default:
      return ['jsx', 'flow'];
  }
}

export function parseProgram(file: string, text: string): AnyNode {
  let firstError: unknown;
  for (const name of parsersFor(file, text)) {
    try {
      return parser(name).parse(text).program;
    } catch (error) {
      firstError ??= error;
    }
  }
  throw new SourceParseError(parseErrorText(firstError));
}

/** The line a node starts on, when the parser recorded it. */
export function lineOf(node: AnyNode | undefined): number | undefined {
  const loc = node?.loc as { start?: { line?: number } } | undefined;
  return loc?.start?.line;
}
