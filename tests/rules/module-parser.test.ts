/**
 * How an entrypoint's imported modules are parsed: with the file's own parser, and, for
 * typescript-eslint's parser, with typescript-estree's `parse` directly (the same tree, without the
 * tokens, comments and scope analysis an imported module's facts never read).
 */
import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import * as espree from 'espree';
import { describe, expect, it } from 'vitest';
import { moduleParserFor } from '../../packages/eslint-plugin-graceful-shutdown/rules/module-parser.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const contextWith = (parser: unknown): AnyContext => ({ languageOptions: { parser } }) as unknown as AnyContext;

/** The tree as JSON, without what only `parseForESLint` adds (tokens, comments, its `sourceType`). */
const treeOf = (ast: unknown): string =>
  JSON.stringify(ast, (key, value: unknown) =>
    key === 'tokens' || key === 'comments' || key === 'sourceType' || key === 'parent' ? undefined : value,
  );

const TYPESCRIPT = `import { writeFile } from 'node:fs/promises';
// a comment
export async function save(path: string, data: Record<string, unknown>): Promise<void> {
  await writeFile(path, JSON.stringify(data satisfies object));
}
export default class Store<T> {
  #items: T[] = [];
}`;

const TSX = `export const View = ({ name }: { name: string }) => <p title={name}>{name}</p>;`;

describe('moduleParserFor', () => {
  const parse = moduleParserFor(contextWith(tsParser));

  it('gives the tree typescript-eslint’s parseForESLint gives, for TypeScript and TSX', () => {
    for (const [text, file] of [
      [TYPESCRIPT, '/virtual/app/lib.ts'],
      [TSX, '/virtual/app/view.tsx'],
    ] as const) {
      const expected = tsParser.parseForESLint(text, {
        ecmaVersion: 'latest',
        sourceType: 'module',
        range: true,
        loc: true,
        filePath: file,
        ecmaFeatures: { jsx: file.endsWith('x') },
      }).ast;
      const ast = parse(text, file);
      expect(ast?.type).toBe('Program');
      expect(treeOf(ast)).toBe(treeOf(expected));
    }
  });

  it('skips what parseForESLint adds for ESLint: no tokens, no comments', () => {
    const ast = parse(TYPESCRIPT, '/virtual/app/lib.ts');
    expect(ast?.tokens).toBeUndefined();
    expect(ast?.comments).toBeUndefined();
  });

  it('returns undefined for a module that does not parse', () => {
    expect(parse('export const = ;', '/virtual/app/broken.ts')).toBeUndefined();
  });

  it('uses the parser’s own parseForESLint when it is another version of typescript-eslint’s parser', () => {
    const marker = { type: 'Program', body: [], marker: true };
    const other = {
      meta: { name: 'typescript-eslint/parser', version: '0.0.1' },
      parseForESLint: () => ({ ast: marker }),
    };
    expect(moduleParserFor(contextWith(other))('const a = 1;', '/virtual/app/a.ts')).toBe(marker);
  });

  it('reads modules with typescript-estree under oxlint, whose parser is not for modules on disk', () => {
    const oxlintParser = {
      name: 'oxlint',
      parse: () => {
        throw new Error('not for modules on disk');
      },
    };
    const ast = moduleParserFor(contextWith(oxlintParser))(TYPESCRIPT, '/virtual/app/lib.ts');
    expect(treeOf(ast)).toBe(treeOf(parse(TYPESCRIPT, '/virtual/app/lib.ts')));
    expect(moduleParserFor(contextWith(oxlintParser))('export const = ;', '/virtual/app/broken.ts')).toBeUndefined();
  });

  it('parses with espree as a module, then as a script', () => {
    const parseJs = moduleParserFor(contextWith(espree));
    expect(parseJs('export const a = 1;', '/virtual/app/a.js')?.sourceType).toBe('module');
    // `with` is a syntax error in a module (strict mode) only.
    expect(parseJs('with (scope) { run(); }', '/virtual/app/b.js')?.sourceType).toBe('script');
    expect(parseJs('const = ;', '/virtual/app/c.js')).toBeUndefined();
  });
});
