import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { it } from 'vitest';
import rule from '../../rules/require-signal-propagation.js';
it('bench', () => {
  const parts = ["import { readFile } from 'node:fs/promises';", 'const signal = AbortSignal.timeout(1000);'];
  for (let i = 0; i < 3000; i++) parts.push(`await fetch('u${i}', { signal }); const x${i} = await readFile('p${i}', { signal });`);
  parts.push('async function main({ signal }: MainContext) {');
  for (let i = 0; i < 3000; i++) parts.push(`  const y${i} = await fetch('u${i}'); items.map((v) => v + ${i});`);
  parts.push('}');
  const code = parts.join('\n');
  const linter = new Linter({ configType: 'flat' });
  const config = { files: ['**/*.ts'], plugins: { gs: { rules: { r: rule } } as any }, languageOptions: { parser: tsParser as any }, rules: { 'gs/r': 'error' } } as any;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    const messages = linter.verify(code, config, { filename: 'bench.ts' });
    console.log('ms', Math.round(performance.now() - t), 'messages', messages.length);
  }
  const plain = { ...config, rules: {} };
  const t = performance.now(); linter.verify(code, plain, { filename: 'bench.ts' }); console.log('parse only ms', Math.round(performance.now() - t));
});
