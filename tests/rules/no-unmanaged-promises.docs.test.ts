// The rule doc's "Not reported" examples say what the rule accepts: no block there is reported.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-unmanaged-promises.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const doc = fs.readFileSync(path.join(here, '../../docs/rules/no-unmanaged-promises.md'), 'utf8');
const fixtures = path.join(here, '../../fixtures/rules/no-unmanaged-promises');

function blocks(heading: string): string[] {
  const start = doc.indexOf(heading);
  const end = doc.indexOf('\n#', start + heading.length);
  const section = doc.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** Blocks starting `// typeAware` are linted with types, as virtual files of the typed tests' fixture project. */
function lint(code: string, filename = 'example.ts'): Linter.LintMessage[] {
  const typeAware = code.startsWith('// typeAware');
  return new Linter({ configType: 'flat' }).verify(
    code,
    {
      files: ['**/*.ts'],
      plugins: {
        gs: { rules: { 'no-unmanaged-promises': rule } } as unknown as NonNullable<Linter.Config['plugins']>[string],
      },
      languageOptions: {
        parser: tsParser as unknown as Linter.Parser,
        sourceType: 'module',
        ...(typeAware
          ? { parserOptions: { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: fixtures } }
          : {}),
      },
      rules: { 'gs/no-unmanaged-promises': ['error', { typeAware }] },
    },
    { filename: typeAware ? path.join(fixtures, 'docs-example.ts') : filename },
  );
}

describe('no-unmanaged-promises docs examples', () => {
  const notReported = blocks('### Not reported');
  it.each(notReported)('does not report %#', (code) => {
    expect(lint(code)).toEqual([]);
  });
  it('reports the cannot-reject call as untracked in an entrypoint, as the doc says', () => {
    const messages = lint(`#!/usr/bin/env node\n${notReported[0]!}`);
    expect(messages.map((message) => [message.messageId, message.line])).toEqual([['untracked', 15]]);
  });
  it('found the examples', () => {
    expect(notReported.length).toBe(2);
    expect(notReported.filter((code) => code.startsWith('// typeAware')).length).toBe(1);
  });
});
