import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
const { default: rule } = await import('./zz-rule-entry.ts');
const typeAware = process.env.TYPED === '1';
const eslint = new ESLint({ cwd: '/work/main', overrideConfigFile: true, overrideConfig: [
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'examples/app/', 'tests/runtime/programs/', '**/*.d.ts', 'zz-*', 'bench/.cache/'] },
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: typeAware ? { projectService: true, tsconfigRootDir: '/work/main' } : {} } },
  { files: typeAware ? ['**/*.ts'] : ['**/*.ts', '**/*.js', '**/*.mjs'], plugins: { gs: { rules: { r: rule } } }, rules: { 'gs/r': ['error', { typeAware }] } },
] });
const results = await eslint.lintFiles(['.']);
let n = 0;
for (const r of results) for (const m of r.messages) { if (m.ruleId !== 'gs/r' && !m.fatal) continue; n++; console.log(`${r.filePath.replace('/work/main/', '')}:${m.line}:${m.column} ${m.messageId ?? ''} ${m.fatal ? m.message : ''}`); }
console.log('files', results.length, 'messages', n);
