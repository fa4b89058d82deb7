// Parity: oxlint's JS plugin API and ESLint give the same findings (file, line, column, rule) over the
// rule fixtures, the code in the rule tests and a set of real files, through `check --engine …`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_LINE, ensureBuilt, makeProject, removeProjects, repoRoot, runCli } from '../cli/helpers.js';

interface LintMessage {
  ruleId: string | null;
  line: number;
  column: number;
  fatal?: boolean;
  message: string;
}
interface LintResult {
  filePath: string;
  messages: LintMessage[];
}

/**
 * Files oxlint refuses to lint, each with the error it reports instead (so `check --engine oxlint`
 * says so): its parser rejects a byte-order mark before `#!`, and it lints no file with a TypeScript
 * semantic error such as `export =` beside other exports. ESLint's parsers accept both.
 */
const OXLINT_REFUSES: Record<string, string> = {
  'fixtures/graceful-main/ts-crlf-bom/input.ts': 'Invalid Character `!`',
  'fixtures/graceful-main/ts-crlf-bom/output.ts': 'Invalid Character `!`',
  'fixtures/rules/entrypoint-rules/odd-syntax.ts': 'TS(2309)',
};

const RULES = [
  'no-exit-before-drain',
  'no-unmanaged-promises',
  'require-signal-cancellation',
  'require-signal-propagation',
];

/**
 * Every string in the rule tests that may be code (the `code` of RuleTester cases, the arguments of
 * the helpers that build them): strings that are not code fail to parse under both engines and drop out.
 */
function ruleTestSnippets(): string[] {
  const dir = path.join(repoRoot, 'tests', 'rules');
  const snippets = new Set<string>();
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .sort()) {
    const source = ts.createSourceFile(name, readFileSync(path.join(dir, name), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        const text = node.text;
        if (text.length >= 8 && /[(;={\n]/.test(text)) snippets.add(text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...snippets];
}

function runEngine(engine: 'eslint' | 'oxlint', paths: readonly string[]): LintResult[] {
  const result = runCli(['check', '--engine', engine, '--format', 'json', ...paths], { cwd: repoRoot });
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect([0, 1], `${engine}: exit ${String(result.status)}\n${result.stderr}`).toContain(result.status);
  return JSON.parse(result.stdout) as LintResult[];
}

const isSkip = (message: LintMessage): boolean => message.ruleId === null && message.message.startsWith('File skipped');
const findingsOf = (result: LintResult, root: string): string[] =>
  result.messages
    .filter((message) => message.ruleId !== null)
    .map((message) => `${path.relative(root, result.filePath)}:${message.line}:${message.column} ${message.ruleId}`);

beforeAll(ensureBuilt);
afterAll(removeProjects);

describe('oxlint parity', () => {
  it('gives the same findings as ESLint on the fixtures, the rule tests’ code and real files', () => {
    const snippets = ruleTestSnippets();
    const snippetDir = makeProject(
      // `.mts`: a module under both engines, as RuleTester's `file.ts` is. oxlint parses a `.ts` file without
      // import/export as a script, where `await (x)` calls a function named `await` (see the README).
      Object.fromEntries(snippets.map((code, index) => [`case-${String(index).padStart(4, '0')}.mts`, code])),
    );
    const paths = ['fixtures', 'examples', snippetDir];
    const eslint = runEngine('eslint', paths);
    const oxlint = runEngine('oxlint', paths);

    const byFile = (results: LintResult[]) => new Map(results.map((result) => [result.filePath, result]));
    const eslintByFile = byFile(eslint);
    const oxlintByFile = byFile(oxlint);
    const differences: string[] = [];
    const compared: { eslint: string[]; oxlint: string[] } = { eslint: [], oxlint: [] };
    let files = 0;
    let unparsableSnippets = 0;
    const refused: string[] = [];
    for (const [file, fromEslint] of eslintByFile) {
      const fromOxlint = oxlintByFile.get(file);
      // Extensionless scripts: oxlint lints none, and says so (cli/oxlint.ts).
      if (fromOxlint?.messages.some(isSkip)) continue;
      if (!fromOxlint) {
        differences.push(`${path.relative(repoRoot, file)}: missing from oxlint's results`);
        continue;
      }
      const eslintFatal = fromEslint.messages.some((message) => message.fatal);
      const oxlintFatal = fromOxlint.messages.some((message) => message.fatal);
      if (eslintFatal || oxlintFatal) {
        // Strings from the tests that are not code; every fixture and real file must parse under both.
        if (file.startsWith(snippetDir)) {
          unparsableSnippets++;
          continue;
        }
        const refusal = OXLINT_REFUSES[path.relative(repoRoot, file)];
        if (!eslintFatal && refusal !== undefined) {
          refused.push(path.relative(repoRoot, file));
          expect(fromOxlint.messages.find((message) => message.fatal)?.message).toContain(refusal);
          continue;
        }
        differences.push(
          `${path.relative(repoRoot, file)}: parse error under ${eslintFatal ? 'ESLint' : ''}${eslintFatal && oxlintFatal ? ' and ' : ''}${oxlintFatal ? 'oxlint' : ''}`,
        );
        continue;
      }
      files++;
      compared.eslint.push(...findingsOf(fromEslint, repoRoot));
      compared.oxlint.push(...findingsOf(fromOxlint, repoRoot));
    }
    for (const file of oxlintByFile.keys())
      if (!eslintByFile.has(file)) differences.push(`${path.relative(repoRoot, file)}: missing from ESLint's results`);
    const onlyIn = (a: string[], b: string[]): string[] => {
      const other = new Set(b);
      return a.filter((finding) => !other.has(finding));
    };
    differences.push(
      ...onlyIn(compared.eslint, compared.oxlint).map((finding) => `ESLint only: ${finding}`),
      ...onlyIn(compared.oxlint, compared.eslint).map((finding) => `oxlint only: ${finding}`),
    );
    expect(differences, differences.join('\n')).toEqual([]);
    expect(compared.oxlint.length).toBe(compared.eslint.length);
    expect(refused.sort()).toEqual(Object.keys(OXLINT_REFUSES).sort());

    // Not vacuous: many files compared, every rule reports somewhere.
    expect(files).toBeGreaterThan(500);
    expect(snippets.length - unparsableSnippets).toBeGreaterThan(400);
    for (const rule of RULES)
      expect(
        compared.eslint.filter((finding) => finding.endsWith(`graceful-shutdown/${rule}`)).length,
        rule,
      ).toBeGreaterThan(5);
  }, 300_000); // two CLI runs over ~1,100 files: a minute or two on a loaded 2-core box
});
