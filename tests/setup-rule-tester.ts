// RuleTester needs a test framework's hooks; give it vitest's before any `new RuleTester()`.
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import { checkSuggestionsEndTheirFinding } from './suggestions-end-their-finding.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
// No `itOnly`: a case marked `only: true` then fails loudly instead of silently focusing a run.
checkSuggestionsEndTheirFinding(RuleTester);
