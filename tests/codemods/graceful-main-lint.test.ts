// `require-signal-cancellation` and `no-exit-before-drain` report nothing on any graceful-main
// output, even with the `strict` config's options; on the inputs they do report (so the check is
// not vacuous) — with `strict`, since a read-only input or an exit after main awaited everything
// is not reported by `recommended`. `require-resource-close` reports nothing on any output either:
// the codemod closes every resource of the table it leaves open (and, its closes taken out, the rule reports).
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../packages/eslint-plugin-graceful-shutdown/index.js';
import { type FixtureCase, isTypeScript, loadCases, sourceTypeOf } from './graceful-main-fixtures.js';

const cases = loadCases();
const changed = cases.filter((fixture) => fixture.output !== undefined);
const linter = new Linter({ configType: 'flat', cwd: '/' });
const strictEntry = (rule: string): Linter.RuleEntry =>
  (plugin.configs.strict.rules?.[`graceful-shutdown/${rule}`] ?? 'error') as Linter.RuleEntry;

function lint(
  fixture: FixtureCase,
  text: string,
  rules: readonly string[] = ['require-signal-cancellation', 'no-exit-before-drain'],
): Linter.LintMessage[] {
  const languageOptions: Linter.Config['languageOptions'] = isTypeScript(fixture.ext)
    ? { parser: tsParser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } }
    : { ecmaVersion: 'latest', sourceType: sourceTypeOf(fixture) };
  // The input's path: the rules decide "entrypoint" from the file's package.json and name too.
  return linter.verify(
    text,
    [
      {
        files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
        plugins: { 'graceful-shutdown': { rules: plugin.rules } as never },
        languageOptions,
        rules: Object.fromEntries(rules.map((rule) => [`graceful-shutdown/${rule}`, strictEntry(rule)])),
      },
    ],
    { filename: fixture.inputPath },
  );
}

const format = (messages: readonly Linter.LintMessage[]): string[] =>
  messages.map((message) => `${message.line}: ${message.ruleId ?? 'parser'}: ${message.message}`);

describe('graceful-main outputs pass the entrypoint rules', () => {
  it.each(changed.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
    expect(format(lint(fixture, fixture.output!))).toEqual([]);
  });

  it('the rules do report on the inputs', () => {
    // Every input has a naive handler, an exit on main's path, or no signal handling at all.
    const quiet = changed.filter((fixture) => !lint(fixture, fixture.input).some((message) => message.ruleId !== null));
    expect(quiet.map((fixture) => fixture.name)).toEqual([]);
  });
});

describe('graceful-main outputs close every resource require-resource-close knows', () => {
  const resourceRule = ['require-resource-close'];

  it.each(changed.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
    expect(format(lint(fixture, fixture.output!, resourceRule))).toEqual([]);
  });

  it('the rule does report on those outputs with their deferred closes taken out (the check is not vacuous)', () => {
    // The rule only looks at programs that handle shutdown: the outputs, not the inputs.
    const deferredClose = /^\s*defer\(\(\) => \w+\.\$?\w+\(\)\);\n/gm;
    const closing = changed.filter((fixture) => fixture.output!.match(deferredClose));
    const quiet = closing.filter(
      (fixture) => lint(fixture, fixture.output!.replace(deferredClose, ''), resourceRule).length === 0,
    );
    expect(closing.length).toBeGreaterThanOrEqual(20);
    expect(quiet.map((fixture) => fixture.name)).toEqual([]);
  });
});
