/**
 * The fine instrument behind the lint rows: every lint config in one process, interleaved file by
 * file (each file is linted once per config, in an order that rotates), so drift on a shared
 * machine lands on every config alike and a few percent are resolved where whole-process rounds
 * swing by ±20 %. JIT and caches are warm after the first (discarded) pass, so it measures the
 * steady cost of the rules' work, not start-up; `bench/run.ts` stays the reference for targets.
 *
 *   tsx bench/interleaved.ts [--passes N] [config …]      (configs in bench/configs, default below)
 *
 * Prints, per config, the extra milliseconds per 600-file pass over parse-only and the ratio.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Linter } from 'eslint';
import { runMain } from '../packages/graceful-shutdown-cli/codemods/helper/graceful-shutdown.js';
import { ensureLintCorpus } from './lib/lint-corpus.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

interface ConfigArray {
  normalizeSync(): void;
}
// ESLint's own flat-config array, built once per config: `Linter#verify` would rebuild it per call.
const { FlatConfigArray } = require(
  path.join(path.dirname(require.resolve('eslint')), 'config', 'flat-config-array.js'),
) as {
  FlatConfigArray: new (configs: unknown, options: { basePath: string }) => ConfigArray;
};

const DEFAULT_CONFIGS = ['noop-rules', 'recommended'];

runMain(async ({ signal }) => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { passes: { type: 'string', default: '5' } },
  });
  const passes = Number(values.passes);
  if (!Number.isInteger(passes) || passes < 2)
    throw new Error(`--passes must be an integer ≥ 2 (the first is discarded), got ${values.passes}`);
  const names = ['parse-only', ...(positionals.length > 0 ? positionals : DEFAULT_CONFIGS)];
  const corpus = await ensureLintCorpus(repoRoot);
  const configs: ConfigArray[] = [];
  for (const name of names) {
    const file = path.join(repoRoot, 'bench', 'configs', `${name}.mjs`);
    const module = (await import(pathToFileURL(file).href)) as { default: unknown };
    const array = new FlatConfigArray(module.default, { basePath: corpus.dir });
    array.normalizeSync();
    configs.push(array);
  }
  process.chdir(corpus.dir); // as the whole-process runs: entrypoint detection resolves from here
  const files = corpus.files.map((file) => ({
    file: path.join(corpus.dir, file),
    text: readFileSync(path.join(corpus.dir, file), 'utf8'),
  }));
  const linter = new Linter({ configType: 'flat', cwd: corpus.dir });
  const totals = names.map(() => 0);
  for (let pass = 0; pass < passes; pass++) {
    signal.throwIfAborted();
    const times = names.map(() => 0);
    files.forEach(({ file, text }, index) => {
      for (let k = 0; k < configs.length; k++) {
        const which = (k + index + pass) % configs.length;
        const start = performance.now();
        // Linter#verify takes ESLint's config array object, which its public type does not name.
        linter.verify(text, configs[which] as never, file);
        times[which]! += performance.now() - start;
      }
    });
    if (pass > 0) times.forEach((ms, k) => (totals[k]! += ms));
    console.log(
      `pass ${pass + 1}/${passes}${pass === 0 ? ' (warm-up, discarded)' : ''}: ${names.map((name, k) => `${name} ${Math.round(times[k]!)} ms`).join(', ')}`,
    );
  }
  const base = totals[0]! / (passes - 1);
  for (let k = 1; k < names.length; k++) {
    const mean = totals[k]! / (passes - 1);
    console.log(
      `${names[k]}: ${Math.round(mean)} ms per pass, ${(mean - base >= 0 ? '+' : '') + Math.round(mean - base)} ms over parse-only (${(mean / base).toFixed(3)}×)`,
    );
  }
});
