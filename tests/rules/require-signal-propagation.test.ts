// Syntactic mode (the default): the shared table, the signal in scope, and the suggestions.
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/require-signal-propagation.js';
import { invalid, valid } from './require-signal-propagation.cases.js';

const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('require-signal-propagation', rule, { valid, invalid });

// One definition of "a require binding" (detection/syntax/require.ts): a type assertion on the
// `require` changes no value, so a destructured binding through one is the module's export too.
ruleTester.run('require-signal-propagation: require bindings through type assertions', rule, {
  valid: [
    `
const { readFile } = require('node:fs/promises') as typeof import('node:fs/promises');
async function main({ signal }: MainContext) {
  await readFile(path, { signal });
}
`,
  ],
  invalid: [
    {
      code: `
const { readFile } = require('node:fs/promises') as typeof import('node:fs/promises');
async function main({ signal }: MainContext) {
  await readFile(path);
}
`,
      errors: [
        {
          messageId: 'missingSignal',
          line: 4,
          suggestions: [
            {
              messageId: 'passOptions',
              output: `
const { readFile } = require('node:fs/promises') as typeof import('node:fs/promises');
async function main({ signal }: MainContext) {
  await readFile(path, { signal });
}
`,
            },
          ],
        },
      ],
    },
  ],
});
