import { createRequire } from 'node:module';
import type { TSESLint } from '@typescript-eslint/utils';
import type { AnyNode, ModuleParser } from '../detection/index.js';
import { isOxlint } from '../detection/engine.js';

interface EslintParser {
  meta?: { name?: unknown; version?: unknown };
  parse?: (text: string, options: Record<string, unknown>) => unknown;
  parseForESLint?: (text: string, options: Record<string, unknown>) => { ast: unknown };
}

type TreeParse = (text: string, options: Record<string, unknown>) => unknown;

const parsers = new WeakMap<object, ModuleParser>();

/**
 * typescript-estree's own `parse`, when the file's parser is typescript-eslint's of the same
 * version: the same converter, so the same tree as `parseForESLint`, without the tokens, comments
 * and scope analysis that `parseForESLint` always adds and that an imported module's facts never
 * read (they were most of the cost of reading a module). Resolved from `@typescript-eslint/utils`,
 * which depends on it; undefined (so `parseForESLint` is used) when anything differs.
 */
function typescriptEstreeParse(parser: EslintParser): TreeParse | undefined {
  const version = parser.meta?.version;
  if (parser.meta?.name !== 'typescript-eslint/parser' || typeof version !== 'string') return undefined;
  return typescriptEstree(version);
}

/** typescript-estree's `parse`, of the given version when one is asked for. */
function typescriptEstree(version?: string): TreeParse | undefined {
  try {
    const fromUtils = createRequire(createRequire(import.meta.url).resolve('@typescript-eslint/utils'));
    const manifest = fromUtils('@typescript-eslint/typescript-estree/package.json') as { version?: unknown };
    if (version !== undefined && manifest.version !== version) return undefined;
    const estree = fromUtils('@typescript-eslint/typescript-estree') as { parse?: unknown };
    return typeof estree.parse === 'function' ? (estree.parse as TreeParse) : undefined;
  } catch {
    return undefined;
  }
}

/** A tree parse that gives undefined for a module that does not parse. */
const treeParser =
  (treeParse: TreeParse): ModuleParser =>
  (text, file) => {
    try {
      return (treeParse(text, { range: true, loc: true, filePath: file, jsx: /x$/.test(file) }) ?? undefined) as
        AnyNode | undefined;
    } catch {
      return undefined; // a module that does not parse is unknown
    }
  };

let engineFallback: ModuleParser | undefined;

/**
 * For an engine whose parser is not ESLint's kind (oxlint's parses what oxlint gives JS plugins, not
 * TypeScript modules from disk), typescript-estree's `parse`, so imported modules are read as under
 * ESLint; nothing when it cannot be loaded.
 */
function fallbackParser(): ModuleParser {
  if (!engineFallback) {
    const treeParse = typescriptEstree();
    engineFallback = treeParse ? treeParser(treeParse) : () => undefined;
  }
  return engineFallback;
}

/**
 * Parses another module of the project with the parser ESLint used for this file, without type
 * information (no `project`/`projectService`: reading an import must not build a program).
 * One function per parser, so the imported-module cache sees the same parser every time.
 */
export function moduleParserFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ModuleParser {
  const parser = context.languageOptions.parser as EslintParser | undefined;
  if (!parser || (!parser.parse && !parser.parseForESLint) || isOxlint(context.languageOptions))
    return fallbackParser();
  let parse = parsers.get(parser);
  if (!parse) {
    const treeParse = typescriptEstreeParse(parser);
    parse = treeParse
      ? treeParser(treeParse)
      : (text, file) => {
          for (const sourceType of ['module', 'script']) {
            const options = {
              ecmaVersion: 'latest',
              sourceType,
              range: true,
              loc: true,
              filePath: file,
              ecmaFeatures: { jsx: /x$/.test(file), globalReturn: sourceType === 'script' },
            };
            try {
              const ast = parser.parseForESLint
                ? parser.parseForESLint(text, options).ast
                : parser.parse!(text, options);
              if (ast) return ast as AnyNode;
            } catch {
              // try the next source type; a module neither parses is unknown
            }
          }
          return undefined;
        };
    parsers.set(parser, parse);
  }
  return parse;
}
