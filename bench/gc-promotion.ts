/**
 * Why any enabled rule costs ESLint time: runs ESLint's CLI over the lint corpus under
 * `node --trace-gc-nvp` and sums what young-generation GCs (scavenges) promoted to the old
 * generation, and their pauses. Promoted bytes are objects still alive at a scavenge: an
 * allocation pattern, nearly independent of how busy the machine is, so a few runs settle it.
 *
 *   tsx bench/gc-promotion.ts [--runs N]
 *
 * Configs: parse-only; one rule with no listeners; the same with ESLint's rule contexts built
 * without a per-file prototype (bench/lib/eslint-flat-file-context.cjs); our `recommended`, stock
 * and with that patch.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMain } from '../packages/graceful-shutdown-cli/codemods/helper/graceful-shutdown.js';
import { ensureLintCorpus } from './lib/lint-corpus.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslintBin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
const flatFileContext = path.join(repoRoot, 'bench', 'lib', 'eslint-flat-file-context.cjs');

interface Variant {
  readonly name: string;
  readonly config: string;
  readonly preload?: string;
}

const VARIANTS: readonly Variant[] = [
  { name: 'parse-only', config: 'parse-only' },
  { name: 'one rule without listeners', config: 'one-empty-rule' },
  { name: 'one rule without listeners, flat rule contexts', config: 'one-empty-rule', preload: flatFileContext },
  { name: 'recommended', config: 'recommended' },
  { name: 'recommended, flat rule contexts', config: 'recommended', preload: flatFileContext },
];

interface GcSums {
  readonly promotedMB: number;
  readonly scavengePauseMs: number;
  readonly markCompactPauseMs: number;
}

function measure(variant: Variant, cwd: string): GcSums {
  const args = [
    ...(variant.preload ? ['--require', variant.preload] : []),
    '--trace-gc-nvp',
    eslintBin,
    '--config',
    path.join(repoRoot, 'bench', 'configs', `${variant.config}.mjs`),
    '--format',
    'json',
    '.',
  ];
  const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${variant.name}: ESLint exited with ${run.status}: ${run.stderr.slice(0, 500)}`);
  let promoted = 0;
  let scavenge = 0;
  let markCompact = 0;
  let lines = 0;
  for (const line of run.stdout.split('\n')) {
    if (!line.includes(' gc=')) continue;
    lines++;
    const fields = new Map(
      line
        .trim()
        .split(/\s+/)
        .map((field) => field.split('=') as [string, string]),
    );
    const pause = Number(fields.get('pause') ?? 0);
    if (fields.get('gc') === 's') {
      scavenge += pause;
      promoted += Number(fields.get('promoted') ?? 0);
    } else if (fields.get('gc') === 'mc' || fields.get('gc') === 'ms') markCompact += pause;
  }
  if (lines === 0) throw new Error(`${variant.name}: no GC trace lines in the output (did --trace-gc-nvp change?)`);
  return { promotedMB: promoted / 1e6, scavengePauseMs: scavenge, markCompactPauseMs: markCompact };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

runMain(async () => {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const corpus = await ensureLintCorpus(repoRoot);
  console.log(`${corpus.files.length} files, ${runs} run(s) per config, medians:`);
  console.log('| config | promoted by scavenges | scavenge pauses | mark-compact pauses |');
  console.log('|---|---:|---:|---:|');
  for (const variant of VARIANTS) {
    const samples = Array.from({ length: runs }, () => measure(variant, corpus.dir));
    const cell = (pick: (sums: GcSums) => number, unit: string): string =>
      `${Math.round(median(samples.map(pick)))} ${unit}`;
    console.log(
      `| ${variant.name} | ${cell((s) => s.promotedMB, 'MB')} | ${cell((s) => s.scavengePauseMs, 'ms')} | ${cell((s) => s.markCompactPauseMs, 'ms')} |`,
    );
  }
});
