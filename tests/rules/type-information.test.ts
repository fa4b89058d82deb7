/**
 * `typeAware: true` without type information: every rule that has the option fails the same way,
 * naming the rule, the option and the file (one error, from `rules/type-information.ts`).
 */
import tsParser from '@typescript-eslint/parser';
import type { JSONSchema } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../packages/eslint-plugin-graceful-shutdown/index.js';

/** The rules whose options schema has `typeAware`. */
const typeAwareRules = Object.entries(plugin.rules).filter(([, rule]) => {
  const schema: readonly JSONSchema.JSONSchema4[] = Array.isArray(rule.meta.schema) ? rule.meta.schema : [];
  const options = schema[0];
  const properties = options?.type === 'object' ? options.properties : undefined;
  return properties !== undefined && 'typeAware' in properties;
});

describe('typeAware without type information', () => {
  it('applies to the rules that declare the option', () => {
    expect(typeAwareRules.map(([name]) => name).sort()).toEqual([
      'no-unmanaged-promises',
      'require-signal-propagation',
    ]);
  });

  for (const [name] of typeAwareRules) {
    it(`${name}: one clear error naming the rule and the file`, () => {
      const config: Linter.Config[] = [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser },
          plugins: { 'graceful-shutdown': plugin as never },
          rules: { [`graceful-shutdown/${name}`]: ['error', { typeAware: true }] },
        },
      ];
      const lint = (): Linter.LintMessage[] =>
        new Linter({ configType: 'flat', cwd: '/virtual' }).verify(
          `async function main(signal: AbortSignal) {
  fetch('x');
}`,
          config,
          { filename: '/virtual/untyped/cli.ts' },
        );
      expect(lint).toThrow(
        `graceful-shutdown/${name}: "typeAware: true" needs type information, but the parser provided none for /virtual/untyped/cli.ts.`,
      );
    });
  }
});
