// Every rule doc's examples say what the rule does: each block under a `### ❌` heading is reported,
// no block under a `### ✅` or `### Not reported` heading is. A heading that names `strict`
// (`### ❌ Reported with `strict``) lints its blocks with the options of the `strict` config, the
// others with those of `recommended`. A block whose first line is `// file: public/app.js` is linted
// under that file name (default `example.ts`). A block whose first line is `// typeAware` is linted
// with types (`typeAware: true`), as a virtual file of the rule's typed-test fixture project.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../packages/eslint-plugin-graceful-shutdown/index.js';
import { typedParserOptions } from './typed-parser-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const docsDir = path.join(here, '../../docs/rules');
const fixturesDir = path.join(here, '../../fixtures/rules');

interface Example {
  readonly heading: string;
  readonly code: string;
  readonly reported: boolean;
  readonly config: 'recommended' | 'strict';
  readonly filename: string;
  readonly typeAware: boolean;
}

/** The fenced ts/js blocks of every `###` section whose heading says what the rule does with them. */
function examples(doc: string): Example[] {
  const out: Example[] = [];
  for (const section of doc.split(/^(?=### )/m)) {
    const heading = section.slice(0, section.indexOf('\n')).replace(/^### /, '').trim();
    const reported = heading.startsWith('❌');
    if (!reported && !heading.startsWith('✅') && !/^not reported/i.test(heading)) continue;
    const end = section.search(/^## /m);
    for (const match of (end === -1 ? section : section.slice(0, end)).matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)) {
      const code = match[1]!;
      const file = /^\/\/ file: (\S+)/.exec(code)?.[1];
      out.push({
        heading,
        code,
        reported,
        config: heading.includes('`strict`') ? 'strict' : 'recommended',
        filename: file ?? 'example.ts',
        typeAware: code.startsWith('// typeAware'),
      });
    }
  }
  return out;
}

/** The rule's entry in the example's config, with `typeAware` added for a typed example. */
function ruleEntry(ruleId: string, example: Example): Linter.RuleEntry {
  const entry = (plugin.configs[example.config].rules?.[ruleId] ?? 'error') as Linter.RuleEntry;
  if (!example.typeAware) return entry;
  const [severity, options] = Array.isArray(entry) ? entry : [entry, {}];
  return [severity, { ...(options as object), typeAware: true }] as Linter.RuleEntry;
}

function lint(rule: string, example: Example): Linter.LintMessage[] {
  const ruleId = `graceful-shutdown/${rule}`;
  const fixtures = path.join(fixturesDir, rule);
  return new Linter({ configType: 'flat' }).verify(
    example.code,
    {
      files: ['**/*.ts', '**/*.js'],
      plugins: { 'graceful-shutdown': plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      languageOptions: {
        parser: tsParser,
        sourceType: 'module',
        // The options every typed suite shares (typed-parser-options.ts): one project service per process.
        ...(example.typeAware ? { parserOptions: typedParserOptions(fixtures) } : {}),
      },
      rules: { [ruleId]: ruleEntry(ruleId, example) },
    },
    { filename: example.typeAware ? path.join(fixtures, 'docs-example.ts') : example.filename },
  );
}

describe.each(Object.keys(plugin.rules))('docs/rules/%s.md examples', (rule) => {
  const all = examples(fs.readFileSync(path.join(docsDir, `${rule}.md`), 'utf8'));
  const label = (example: Example): string => `${example.heading}: ${example.code.split('\n')[0]}`;

  it('has examples of both kinds', () => {
    expect(all.some((example) => example.reported)).toBe(true);
    expect(all.some((example) => !example.reported)).toBe(true);
  });
  it.each(all.filter((example) => example.reported).map((example) => [label(example), example] as const))(
    'reports %s',
    (_, example) => {
      const messages = lint(rule, example);
      expect(messages.filter((message) => message.fatal)).toEqual([]);
      expect(messages.length).toBeGreaterThan(0);
    },
  );
  it.each(all.filter((example) => !example.reported).map((example) => [label(example), example] as const))(
    'accepts %s',
    (_, example) => {
      expect(lint(rule, example)).toEqual([]);
    },
  );
});
