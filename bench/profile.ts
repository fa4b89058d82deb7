/**
 * Where the time goes in one benchmark command: runs it once under `node --cpu-prof` and prints
 * self time grouped by owner (our rules and detection, ESLint, the parsers, TypeScript, …), by
 * file, and by function, and charges the time spent below our code (TypeScript's checker, …) to
 * the innermost function of ours on the stack — what a rule's type queries really cost.
 *
 *   tsx bench/profile.ts lint|lint-base|typed|typed-base|typed-tseslint|fix|check [--top N]
 *   tsx bench/profile.ts --from <file.cpuprofile>     (summarise a profile taken before)
 *
 * The .cpuprofile stays in bench/.cache/profiles/ for Chrome DevTools or speedscope.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMain } from '../packages/graceful-shutdown-cli/codemods/helper/graceful-shutdown.js';
import { ensureLintCorpus } from './lib/lint-corpus.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Who a script belongs to, from its URL. */
function ownerOf(url: string): string {
  if (url === '') return '(native / GC / idle)';
  const file = url.replace(/^file:\/\//, '');
  const ours = /\/packages\/[^/]+\/dist\/([^/]+)/.exec(file);
  if (ours && file.startsWith(repoRoot)) return `ours: ${ours[1]!.replace(/\.js$/, '')}`;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (match) return match[1]!;
  if (file.startsWith('node:')) return 'node internals';
  return path.relative(repoRoot, file);
}

const shortUrl = (url: string): string => url.replace(/^file:\/\//, '').replace(`${repoRoot}/`, '');

function summarise(profile: CpuProfile, top: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const group = (key: (node: CpuProfileNode) => string): Array<[string, number]> => {
    const sums = new Map<string, number>();
    for (const [id, micros] of self) {
      const node = byId.get(id);
      if (!node) continue;
      const name = key(node);
      sums.set(name, (sums.get(name) ?? 0) + micros);
    }
    return [...sums].sort((a, b) => b[1] - a[1]);
  };
  const line = ([name, micros]: [string, number]): string =>
    `  ${(micros / 1000).toFixed(0).padStart(7)} ms ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${name}`;
  // Time spent below our code (in TypeScript's checker, the parser, …), charged to the innermost
  // function of ours on the stack: what a rule's type queries and walks really cost.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const childId of node.children ?? []) parent.set(childId, node.id);
  const ours = (node: CpuProfileNode): boolean => ownerOf(node.callFrame.url).startsWith('ours:');
  const charged = new Map<string, number>();
  for (const [id, micros] of self) {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node && ours(node)) {
        const name = `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
        charged.set(name, (charged.get(name) ?? 0) + micros);
        break;
      }
    }
  }
  const oursTotal = [...charged.values()].reduce((a, b) => a + b, 0);
  return [
    `total sampled: ${(total / 1000).toFixed(0)} ms; under our code (self + what it calls): ${(oursTotal / 1000).toFixed(0)} ms`,
    'self time by owner:',
    ...group((node) => ownerOf(node.callFrame.url))
      .slice(0, top)
      .map(line),
    'self time by file:',
    ...group((node) => shortUrl(node.callFrame.url) || '(native)')
      .slice(0, top)
      .map(line),
    'self time by function:',
    ...group(
      (node) =>
        `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`,
    )
      .slice(0, top)
      .map(line),
    'time under our code, by the innermost function of ours on the stack:',
    ...[...charged]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(line),
  ];
}

/** Runs node with `args` under --cpu-prof (synchronously: Ctrl+C reaches the child too) and returns the profiles written. */
function profiled(args: readonly string[], dir: string, cwd: string): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0 && run.status !== 1) process.stderr.write(`exited ${String(run.status ?? run.signal)}\n`);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => path.join(dir, file));
}

async function main(signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '15' }, from: { type: 'string' } },
  });
  if (values.from !== undefined) {
    // Summarise a profile taken earlier.
    const profile = JSON.parse(readFileSync(values.from, 'utf8')) as CpuProfile;
    process.stdout.write(`${summarise(profile, Number(values.top)).join('\n')}\n`);
    return 0;
  }
  const which = positionals[0] ?? 'lint';
  const corpus = await ensureLintCorpus(repoRoot);
  signal.throwIfAborted();
  const eslint = (config: string): string[] => [
    path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'),
    '--config',
    path.join(repoRoot, 'bench/configs', `${config}.mjs`),
    '--format',
    'json',
    '.',
  ];
  const commands: Record<string, string[]> = {
    'lint-base': eslint('parse-only'),
    lint: eslint('recommended'),
    'typed-base': eslint('typed-parse-only'),
    typed: eslint('typed-recommended'),
    'typed-tseslint': eslint('typed-no-floating-promises'),
    fix: [
      path.join(repoRoot, 'packages/graceful-shutdown-cli/dist/cli/main.js'),
      'fix',
      '--dry-run',
      '--format',
      'json',
      ...corpus.files,
    ],
    check: [
      path.join(repoRoot, 'packages/graceful-shutdown-cli/dist/cli/main.js'),
      'check',
      corpus.files.find((file) => file.endsWith('.js'))!,
    ],
  };
  const args = commands[which];
  if (args === undefined) {
    process.stderr.write(`unknown command ${which}: one of ${Object.keys(commands).join(', ')}\n`);
    return 2;
  }
  const dir = path.join(repoRoot, 'bench', '.cache', 'profiles', which);
  // One profile per thread (fix --jobs N adds workers).
  for (const file of profiled(args, dir, corpus.dir)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    process.stdout.write(
      `${[`## ${which}: ${path.relative(repoRoot, file)} (${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s)`, ...summarise(profile, Number(values.top))].join('\n')}\n`,
    );
  }
  return 0;
}

runMain(({ signal }) => main(signal));
