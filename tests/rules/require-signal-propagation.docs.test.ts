// The rule doc's examples say what the rule does: every ❌ block is reported, no ✅ block is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/require-signal-propagation.js';

const doc = fs.readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), '../../docs/rules/require-signal-propagation.md'),
  'utf8',
);

function blocks(heading: string): string[] {
  const start = doc.indexOf(heading);
  const end = doc.indexOf('\n### ', start + heading.length);
  const section = doc.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

// Blocks starting `// typeAware` are linted with types, as virtual files of the typed tests' fixture project.
const fixtures = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/rules/require-signal-propagation',
);

function lint(code: string): Linter.LintMessage[] {
  const typeAware = code.startsWith('// typeAware');
  return new Linter({ configType: 'flat' }).verify(
    code,
    {
      files: ['**/*.ts'],
      plugins: {
        gs: { rules: { 'require-signal-propagation': rule } } as unknown as NonNullable<
          Linter.Config['plugins']
        >[string],
      },
      languageOptions: {
        parser: tsParser as unknown as Linter.Parser,
        sourceType: 'module',
        ...(typeAware
          ? { parserOptions: { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: fixtures } }
          : {}),
      },
      rules: { 'gs/require-signal-propagation': ['error', { typeAware }] },
    },
    { filename: typeAware ? path.join(fixtures, 'docs-example.ts') : 'example.ts' },
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
  it.each(blocks('### Not reported'))('does not report %#', (code) => {
    expect(lint(code)).toEqual([]);
  });
  it('found the examples', () => {
    expect(blocks('### ❌ Incorrect').length).toBe(2);
    expect(blocks('### ✅ Correct').length).toBe(2);
    expect(blocks('### Not reported').length).toBe(5);
    expect(blocks('### Not reported').filter((code) => code.startsWith('// typeAware')).length).toBe(2);
  });
});
