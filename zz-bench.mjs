import { ESLint } from 'eslint';
import { glob } from 'tinyglobby';
import path from 'node:path';
const { default: plugin } = await import(process.argv[2]);
const rule = plugin;
const files = [];
for (const f of await glob(['*.mjs', '*.cjs'], { cwd: '/tmp/nup/corpus' })) files.push(path.resolve('/tmp/nup/corpus', f));
console.log('files', files.length);
async function run(withRule) {
  const eslint = new ESLint({ stats: true, cwd: '/tmp/nup/corpus', overrideConfigFile: true, ignore: false, overrideConfig: [{ files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } }, { files: ['**/*.mjs', '**/*.cjs'], plugins: { gs: { rules: { r: rule } } }, rules: withRule ? { 'gs/r': ['error', JSON.parse(process.env.OPTS ?? '{}')] } : {} }] });
  const t = performance.now();
  const results = await eslint.lintFiles(files);
  const ms = performance.now() - t;
  const count = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId === 'gs/r').length, 0);
  const fatal = results.reduce((n, r) => n + r.messages.filter((m) => m.fatal).length, 0);
  let parse = 0, ruleMs = 0, total = 0; for (const r of results) for (const pass of r.stats?.times?.passes ?? []) { parse += pass.parse?.total ?? 0; ruleMs += pass.rules?.['gs/r']?.total ?? 0; total += pass.total ?? 0; }
  console.log('stats', JSON.stringify({ parse: Math.round(parse), rule: Math.round(ruleMs), total: Math.round(total) }));
  const byId = {}; for (const r of results) for (const m of r.messages) if (m.ruleId === 'gs/r') byId[m.messageId] = (byId[m.messageId] ?? 0) + 1;
  return { ms: Math.round(ms), count, fatal, byId };
}
for (let i = 0; i < 2; i++) { console.log('base', JSON.stringify(await run(false))); console.log('rule', JSON.stringify(await run(true))); }
