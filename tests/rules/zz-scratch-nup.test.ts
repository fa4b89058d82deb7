import { Linter } from 'eslint';
import * as parser from '@typescript-eslint/parser';
import rule from '../../rules/no-unmanaged-promises.js';
import { readFileSync } from 'node:fs';
import { it } from 'vitest';

it('try', () => {
  const code = readFileSync('/tmp/nup/in.ts', 'utf8');
  const linter = new Linter({ configType: 'flat', cwd: '/tmp/nup' });
  const out = linter.verify(code, [{ files: ['**/*.*'], plugins: { gs: { rules: { 'no-unmanaged-promises': rule as never } } }, languageOptions: { parser, sourceType: 'module' }, rules: { 'gs/no-unmanaged-promises': ['error', JSON.parse(process.env.OPTS ?? '{}')] } }], { filename: process.env.FN ?? '/tmp/nup/lib.ts' });
  for (const m of out) console.log(`${m.line}:${m.column} ${m.messageId ?? ''} ${m.message}${m.suggestions ? ' | ' + m.suggestions.map((s) => s.desc).join(' / ') : ''}`);
});
