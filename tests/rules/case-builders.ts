// RuleTester case builders shared by the rule suites: a valid or an invalid case for one filename.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

export function caseBuilders<MessageIds extends string, Options extends readonly unknown[]>(filename: string) {
  type Error = InvalidTestCase<MessageIds, Options>['errors'][number];
  const ok = (code: string, extra: Partial<ValidTestCase<Options>> = {}): ValidTestCase<Options> => ({
    code,
    filename,
    ...extra,
  });
  const bad = (
    code: string,
    errors: Error[],
    extra: Partial<InvalidTestCase<MessageIds, Options>> = {},
  ): InvalidTestCase<MessageIds, Options> => ({ code, filename, errors, ...extra });
  return { ok, bad };
}
