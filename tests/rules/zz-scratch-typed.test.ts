import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-unmanaged-promises.js';

const tsconfigRootDir = path.resolve(import.meta.dirname, '../../fixtures/rules/no-unmanaged-promises');
const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['*.ts*'] }, tsconfigRootDir } },
});
ruleTester.run('typed', rule, {
  valid: [{ code: 'declare const p: Promise<void>; async function f() { await p; }', options: [{ typeAware: true }] }],
  invalid: [
    { code: 'declare const p: Promise<void>;\np;\ndeclare function g(): Promise<number>;\ng().then(() => 1);\nconst xs: Promise<void>[] = [];\nxs;', options: [{ typeAware: true }], errors: [{ messageId: 'unhandled', line: 2 }, { messageId: 'unhandled', line: 4 }, { messageId: 'promiseArray', line: 6 }] },
  ],
});
