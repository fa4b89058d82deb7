// Syntactic mode (the default): the shared table, the signal in scope, and the suggestions.
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-signal-propagation.js';
import { invalid, valid } from './require-signal-propagation.cases.js';

const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('require-signal-propagation', rule, { valid, invalid });
