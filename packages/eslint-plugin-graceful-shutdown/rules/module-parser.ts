import type { TSESLint } from '@typescript-eslint/utils';
import type { AnyNode, ModuleParser } from '../detection/index.js';

interface EslintParser {
  parse?: (text: string, options: Record<string, unknown>) => unknown;
  parseForESLint?: (text: string, options: Record<string, unknown>) => { ast: unknown };
}

const parsers = new WeakMap<object, ModuleParser>();

/**
 * Parses another module of the project with the parser ESLint used for this file, without type
 * information (no `project`/`projectService`: reading an import must not build a program).
 * One function per parser, so the imported-module cache sees the same parser every time.
 */
export function moduleParserFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ModuleParser {
  const parser = context.languageOptions.parser as EslintParser | undefined;
  if (!parser || (!parser.parse && !parser.parseForESLint)) return () => undefined;
  let parse = parsers.get(parser);
  if (!parse) {
    parse = (text, file) => {
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
          const ast = parser.parseForESLint ? parser.parseForESLint(text, options).ast : parser.parse!(text, options);
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
