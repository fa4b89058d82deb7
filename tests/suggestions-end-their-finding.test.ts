// The check that every suggestion ends its finding must itself catch a suggestion that does not.
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REMAINS, checkingRule, suggestionCases } from './suggestions-end-their-finding.js';

/** Reports `foo()` (suggesting `bar()`, which ends it, or `void foo()`, which it reports again) and `void foo()`. */
const toyRule: TSESLint.RuleModule<string, readonly unknown[]> = {
  defaultOptions: [],
  meta: {
    type: 'problem',
    hasSuggestions: true,
    schema: [],
    messages: { call: 'foo() called.', voided: 'foo() voided.', rename: 'Call bar().', discard: 'Discard it.' },
  },
  create(context) {
    return {
      CallExpression(node) {
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'foo') return;
        if (node.parent.type === 'UnaryExpression') {
          context.report({ node, messageId: 'voided' });
          return;
        }
        const callee = node.callee;
        context.report({
          node,
          messageId: 'call',
          suggest: [
            { messageId: 'rename', fix: (fixer) => fixer.replaceText(callee, 'bar') },
            { messageId: 'discard', fix: (fixer) => fixer.insertTextBefore(node, 'void ') },
          ],
        });
      },
    };
  },
};

const invalid: Array<InvalidTestCase<string, readonly unknown[]>> = [
  {
    code: `const a = 1;
foo();`,
    errors: [
      {
        messageId: 'call',
        line: 2,
        suggestions: [
          { messageId: 'rename', output: `const a = 1;\nbar();` },
          { messageId: 'discard', output: `const a = 1;\nvoid foo();` },
        ],
      },
    ],
  },
];

function lint(code: string, rule: TSESLint.RuleModule<string, readonly unknown[]>): Linter.LintMessage[] {
  return new Linter({ configType: 'flat' }).verify(code, {
    plugins: { toy: { rules: { r: rule as never } } },
    rules: { 'toy/r': 'error' },
  });
}

describe('suggestions end their finding', () => {
  const { cases, expectations } = suggestionCases(invalid);
  const checking = checkingRule(toyRule, expectations);

  it('turns each suggestion output into a case', () => {
    expect(cases.map((item) => item.code)).toEqual([`const a = 1;\nbar();`, `const a = 1;\nvoid foo();`]);
  });
  it('accepts a suggestion that ends the finding', () => {
    expect(lint(cases[0]!.code, checking)).toEqual([]);
  });
  it('rejects a suggestion that trades the finding for another on the same line', () => {
    const messages = lint(cases[1]!.code, checking);
    expect(messages.map((message) => message.messageId)).toEqual([REMAINS]);
    expect(messages[0]!.message).toContain('suggestion 1 (discard) of error 0 (call)');
  });
  it('never passes code it has no expectation for', () => {
    expect(lint('baz();', checking).map((message) => message.messageId)).toEqual([REMAINS]);
  });
});
