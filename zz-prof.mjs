import { Linter } from 'eslint';
import { readFileSync, readdirSync } from 'node:fs';
const { default: rule } = await import(process.argv[2]);
const dir = '/tmp/nup/corpus';
const files = readdirSync(dir).map((f) => ({ f, text: readFileSync(`${dir}/${f}`, 'utf8') }));
const linter = new Linter({ configType: 'flat', cwd: dir });
const config = (withRule) => [{ files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } }, { files: ['**/*.mjs', '**/*.cjs'], plugins: { gs: { rules: { r: rule } } }, rules: withRule ? { 'gs/r': 'error' } : {} }];
const mode = process.argv[3];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  let n = 0;
  for (const { f, text } of files) n += linter.verify(text, config(mode === 'rule'), { filename: `${dir}/${f}` }).length;
  console.log(mode, Math.round(performance.now() - t), n);
}
