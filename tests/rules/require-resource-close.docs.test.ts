// The rule doc's examples say what the rule does: every ❌ block is reported, no ✅ block is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/require-resource-close.js';

const doc = fs.readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), '../../docs/rules/require-resource-close.md'),
  'utf8',
);

function blocks(heading: string): string[] {
  const start = doc.indexOf(heading);
  const end = doc.indexOf('\n### ', start + heading.length);
  const section = doc.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

function lint(code: string): Linter.LintMessage[] {
  return new Linter({ configType: 'flat', cwd: '/' }).verify(
    code,
    {
      files: ['**/*.ts'],
      plugins: {
        gs: { rules: { 'require-resource-close': rule } } as unknown as NonNullable<Linter.Config['plugins']>[string],
      },
      languageOptions: { parser: tsParser as unknown as Linter.Parser, sourceType: 'module' },
      rules: { 'gs/require-resource-close': 'error' },
    },
    { filename: '/virtual/app/example.ts' },
  );
}

describe('docs examples', () => {
  it.each(blocks('### ❌ Incorrect'))('reports %#', (code) => {
    const messages = lint(code);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages.length).toBeGreaterThan(0);
  });
  it.each(blocks('### ✅ Correct'))('accepts %#', (code) => {
    expect(lint(code)).toEqual([]);
  });
  it('found the examples', () => {
    expect(blocks('### ❌ Incorrect').length).toBe(2);
    expect(blocks('### ✅ Correct').length).toBe(2);
  });
});
