// What the rules read from the engine, and the AST shapes oxlint's JS plugin API differs in.
import { Linter } from 'eslint';
import * as espree from 'espree';
import { describe, expect, it } from 'vitest';
import { isDirective } from '../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import {
  isClassicScript,
  isOxlint,
  typelessEngineReason,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/engine.js';
import plugin from '../../packages/eslint-plugin-graceful-shutdown/index.js';

/** espree under the name oxlint's rule contexts give their parser. */
const oxlintNamedParser = { ...espree, meta: { name: 'oxlint' }, name: 'oxlint' } as unknown as Linter.Parser;

describe('engine', () => {
  it('recognises oxlint by the parser name its rule contexts carry', () => {
    expect(isOxlint({ sourceType: 'script', parser: { name: 'oxlint', version: '1.95.0' } })).toBe(true);
    expect(isOxlint({ sourceType: 'module', parser: espree })).toBe(false);
    expect(isOxlint({})).toBe(false);
  });

  it("takes ESLint's script sourceType as a classic script, and oxlint's unambiguous guess as none", () => {
    expect(isClassicScript({ sourceType: 'script', parser: espree })).toBe(true);
    expect(isClassicScript({ sourceType: 'module', parser: espree })).toBe(false);
    expect(isClassicScript({ sourceType: 'commonjs', parser: espree })).toBe(false);
    expect(isClassicScript({ sourceType: 'script', parser: { name: 'oxlint' } })).toBe(false);
  });

  it('explains a missing type checker by the engine only under oxlint', () => {
    expect(typelessEngineReason({ parser: { name: 'oxlint' } })).toMatch(/oxlint gives JS plugins no type information/);
    expect(typelessEngineReason({ parser: espree })).toBeUndefined();
  });

  it('counts a statement as a directive only when `directive` is a string (oxlint sets null elsewhere)', () => {
    expect(isDirective({ type: 'ExpressionStatement', directive: 'use strict' })).toBe(true);
    expect(isDirective({ type: 'ExpressionStatement', directive: null })).toBe(false);
    expect(isDirective({ type: 'ExpressionStatement' })).toBe(false);
  });

  it("no-unmanaged-promises keeps a classic script's globals out, but not a file oxlint merely guessed is a script", () => {
    const code = `var pending = fetch('https://example.com');
const jobs = [];
jobs.push(fetch('https://example.com'));
`;
    const lint = (parser: Linter.Parser): string[] =>
      new Linter({ configType: 'flat' })
        .verify(
          code,
          [
            { languageOptions: { sourceType: 'script', parser, globals: { fetch: 'readonly' } } },
            plugin.configs.recommended as Linter.Config,
          ],
          'lib.js',
        )
        .map((message) => `${message.line}:${message.column} ${message.messageId ?? message.message}`);
    expect(lint(espree as unknown as Linter.Parser)).toEqual([]);
    expect(lint(oxlintNamedParser)).toEqual(['1:5 unusedPromise', '3:1 undrainedCollection']);
  });
});
