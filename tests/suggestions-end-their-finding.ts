/**
 * Every suggestion a rule offers must end the finding it was offered for: applying it must not
 * leave that finding, nor trade it for another one on the same line (`void p` where untracked
 * promises are reported). Installed by the RuleTester setup, so it covers the invalid cases of every
 * rule suite: after each `run`, the suggestion outputs are linted again with the same options,
 * filename and parser, through a wrapper of the rule that reports when the finding is still there.
 */
import type { InvalidTestCase, RuleTester, RunTests, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type AnyRule = TSESLint.RuleModule<string, readonly unknown[]>;

interface Expectation {
  readonly label: string;
  /** The finding's line, when the case says it and the suggestion keeps the line count. */
  readonly line: number | undefined;
  /** Findings on that line before (any message), or in the whole file when the line is unknown. */
  readonly before: number;
}

export const REMAINS = 'suggestionLeftTheFinding';

function reportLine(descriptor: TSESLint.ReportDescriptor<string>): number {
  const loc = 'loc' in descriptor && descriptor.loc ? descriptor.loc : undefined;
  if (loc) return 'start' in loc ? loc.start.line : loc.line;
  return (descriptor as { node: TSESTree.Node }).node.loc.start.line;
}

/**
 * Cases are told apart by their code: the rule sees its options merged with its defaults and the
 * tester's default filename, so neither can be matched reliably (a repeated output is checked once).
 */
const keyOf = (code: string): string => code;

/** The rule, reporting only `REMAINS` when a suggestion output still has the finding it was meant to end. */
export function checkingRule(rule: AnyRule, expectations: ReadonlyMap<string, Expectation>): AnyRule {
  return {
    ...rule,
    meta: {
      ...rule.meta,
      messages: {
        ...rule.meta.messages,
        [REMAINS]: 'Applying {{label}} left {{after}} finding(s) where there were {{before}}.',
      },
    },
    create(context) {
      const reports: Array<TSESLint.ReportDescriptor<string>> = [];
      const proxy = Object.create(context, {
        report: { value: (descriptor: TSESLint.ReportDescriptor<string>) => reports.push(descriptor) },
      }) as typeof context;
      const listeners = rule.create(proxy) as TSESLint.RuleListener & Record<string, (node: never) => void>;
      const onExit = listeners['Program:exit'];
      return {
        ...listeners,
        'Program:exit'(node: TSESTree.Program) {
          onExit?.(node);
          const expectation = expectations.get(keyOf(context.sourceCode.text));
          if (!expectation) {
            // Only suggestion outputs are linted with this rule: a miss is a bug here, never a pass.
            context.report({ node, messageId: REMAINS, data: { label: 'an unknown output', after: '?', before: '?' } });
            return;
          }
          const after =
            expectation.line === undefined
              ? reports.length
              : reports.filter((report) => reportLine(report) === expectation.line).length;
          if (after >= expectation.before)
            context.report({
              node,
              messageId: REMAINS,
              data: { label: expectation.label, after: String(after), before: String(expectation.before) },
            });
        },
      };
    },
  };
}

const lineCount = (text: string): number => text.split('\n').length;

/** The valid cases (suggestion outputs) and what each must show, for one `run`'s invalid cases. */
export function suggestionCases(invalid: ReadonlyArray<InvalidTestCase<string, readonly unknown[]>>): {
  cases: Array<ValidTestCase<readonly unknown[]>>;
  expectations: Map<string, Expectation>;
} {
  const cases: Array<ValidTestCase<readonly unknown[]>> = [];
  const expectations = new Map<string, Expectation>();
  for (const item of invalid) {
    const allLines = item.errors.every((error) => typeof error.line === 'number');
    item.errors.forEach((error, errorIndex) => {
      (error.suggestions ?? []).forEach((suggestion, suggestionIndex) => {
        if (!suggestion.output) return;
        const line =
          allLines && lineCount(suggestion.output) === lineCount(item.code) ? (error.line as number) : undefined;
        const before = line === undefined ? item.errors.length : item.errors.filter((e) => e.line === line).length;
        const label = `suggestion ${suggestionIndex} (${suggestion.messageId}) of error ${errorIndex} (${String(error.messageId)})`;
        const key = keyOf(suggestion.output);
        if (expectations.has(key)) return;
        expectations.set(key, { label, line, before });
        cases.push({
          name: `${item.name ?? item.code.slice(0, 60)} — ${label}`,
          code: suggestion.output,
          ...(item.options === undefined ? {} : { options: item.options }),
          ...(item.filename === undefined ? {} : { filename: item.filename }),
          ...(item.languageOptions === undefined ? {} : { languageOptions: item.languageOptions }),
          ...(item.settings === undefined ? {} : { settings: item.settings }),
        });
      });
    });
  }
  return { cases, expectations };
}

/** Makes every `RuleTester#run` also check that its suggestions end their findings. */
export function checkSuggestionsEndTheirFinding(tester: typeof RuleTester): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- wrapped below and only ever called with `.call(this)`
  const run = tester.prototype.run;
  // The rule files share a worker (and this module's RuleTester) in turn: wrap `run` once.
  if (run.name === 'runAndCheckSuggestions') return;
  tester.prototype.run = function runAndCheckSuggestions(
    this: RuleTester,
    name: string,
    rule: AnyRule,
    tests: RunTests<string, readonly unknown[]>,
  ): void {
    run.call(this, name, rule, tests);
    const { cases, expectations } = suggestionCases(tests.invalid);
    if (cases.length === 0) return;
    run.call(this, `${name}: suggestions end their finding`, checkingRule(rule, expectations), {
      valid: cases,
      invalid: [],
    });
  };
}
