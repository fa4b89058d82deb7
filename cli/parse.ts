/**
 * Parses a source to a Babel AST for the entrypoint detector, with the parsers jscodeshift uses
 * (so the CLI and the codemod agree on what parses): `ts` for .ts/.mts/.cts, `tsx` for .tsx,
 * and for JavaScript `tsx` (JSX and modern syntax) with `babylon` (Flow) as the fallback.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AnyNode } from '../detection/ast.js';

const require = createRequire(import.meta.url);

interface Parser {
  parse(code: string): { program: AnyNode };
}
type ParserName = 'ts' | 'tsx' | 'babylon';

const parsers = new Map<ParserName, Parser>();
function parser(name: ParserName): Parser {
  let loaded = parsers.get(name);
  if (!loaded) {
    loaded = (require(`jscodeshift/parser/${name}.js`) as () => Parser)();
    parsers.set(name, loaded);
  }
  return loaded;
}

/** A source the parser rejected; `message` is the parser's own, with its line and column. */
export class SourceParseError extends Error {
  override readonly name = 'SourceParseError';
}

function parsersFor(file: string): ParserName[] {
  switch (path.extname(file)) {
    case '.ts':
    case '.mts':
    case '.cts':
      return ['ts'];
    case '.tsx':
      return ['tsx'];
    default:
      return ['tsx', 'babylon'];
  }
}

export function parseProgram(file: string, text: string): AnyNode {
  let firstError: unknown;
  for (const name of parsersFor(file)) {
    try {
      return parser(name).parse(text).program;
    } catch (error) {
      firstError ??= error;
    }
  }
  const message = firstError instanceof Error ? firstError.message : String(firstError);
  throw new SourceParseError(message);
}

/** The line a node starts on, when the parser recorded it. */
export function lineOf(node: AnyNode | undefined): number | undefined {
  const loc = node?.loc as { start?: { line?: number } } | undefined;
  return loc?.start?.line;
}
