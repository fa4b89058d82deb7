// `require-signal-cancellation` and `no-exit-before-drain` report nothing on any graceful-main
// output, even with the `strict` config's options; on the inputs they do report (so the check is
// not vacuous) — with `strict`, since a read-only input or an exit after main awaited everything
// is not reported by `recommended`.
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index.js';
import { type FixtureCase, isTypeScript, loadCases, sourceTypeOf } from './graceful-main-fixtures.js';

const cases = loadCases();
const changed = cases.filter((fixture) => fixture.output !== undefined);
const linter = new Linter({ configType: 'flat', cwd: '/' });
const strictEntry = (rule: string): Linter.RuleEntry =>
  (plugin.configs.strict.rules?.[`graceful-shutdown/${rule}`] ?? 'error') as Linter.RuleEntry;

function lint(fixture: FixtureCase, text: string): Linter.LintMessage[] {
  const languageOptions: Linter.Config['languageOptions'] = isTypeScript(fixture.ext)
    ? { parser: tsParser as Linter.Parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } }
    : { ecmaVersion: 'latest', sourceType: sourceTypeOf(fixture) };
  // The input's path: the rules decide "entrypoint" from the file's package.json and name too.
  return linter.verify(
    text,
    [
      {
        files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
        plugins: { 'graceful-shutdown': { rules: plugin.rules } as never },
        languageOptions,
        rules: {
          'graceful-shutdown/require-signal-cancellation': strictEntry('require-signal-cancellation'),
          'graceful-shutdown/no-exit-before-drain': strictEntry('no-exit-before-drain'),
        },
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
