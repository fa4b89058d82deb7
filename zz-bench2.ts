import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import rule from './rules/require-signal-propagation.ts';
const fixtures = path.resolve('fixtures/rules/require-signal-propagation');
const parts = ["import { readFile } from 'node:fs/promises';", 'interface MainContext { signal: AbortSignal }', 'declare const items: number[];'];
parts.push('async function main({ signal }: MainContext) {');
for (let i = 0; i < 1500; i++) parts.push(`  const y${i} = await fetch('u${i}'); const z${i} = items.map((v) => v + ${i}); console.log(z${i}.length, JSON.stringify(y${i}));`);
parts.push('}');
const code = parts.join('\n');
const linter = new Linter({ configType: 'flat' });
const base = { files: ['**/*.ts'], plugins: { gs: { rules: { r: rule } } as any }, languageOptions: { parser: tsParser as any, parserOptions: { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: fixtures } } } as any;
for (let round = 0; round < 2; round++) {
  let t = performance.now();
  linter.verify(code, { ...base, rules: {} }, { filename: path.join(fixtures, `b${round}.ts`) });
  console.log('typed parse only', Math.round(performance.now() - t));
  t = performance.now();
  const m = linter.verify(code, { ...base, rules: { 'gs/r': ['error', { typeAware: true }] } }, { filename: path.join(fixtures, `b${round}.ts`) });
  console.log('typed with rule', Math.round(performance.now() - t), m.length);
}
