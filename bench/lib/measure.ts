/**
 * Whole-process timing: every command of a group runs once per round, the order rotating each
 * round so drift on the machine (another process, thermal, caches) falls on all of them alike;
 * a warm-up round is discarded. Medians, and ratios from the same rounds, so a ratio never
 * compares runs taken minutes apart. Peak memory (max RSS) and CPU time (user + system) come
 * from GNU time when installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchCommand {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Exit statuses that mean "ran to the end" (ESLint exits 1 when it reports something). Default [0]. */
  readonly okStatus?: readonly number[];
  /** Untimed, before every run (e.g. lay a fresh copy of a project the command rewrites). */
  readonly prepare?: () => void;
  /** Checks one run's output once, before timing; returns a note for the table (e.g. "1,234 findings"). */
  readonly verify?: (stdout: string) => string;
}

export interface Sample {
  readonly ms: number;
  readonly maxRssKiB?: number;
  /** User + system CPU time: steadier than wall time when other work shares the machine. */
  readonly cpuMs?: number;
}

export interface Measured {
  readonly name: string;
  readonly samples: readonly Sample[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly medianRssKiB?: number;
  readonly medianCpuMs?: number;
  readonly note?: string;
}

export interface MeasureOptions {
  readonly rounds: number;
  readonly warmup: number;
  readonly log?: (line: string) => void;
  /** Stops between runs once aborted (Ctrl+C: the running child gets the signal too). */
  readonly signal?: AbortSignal;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = ((): boolean => {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-f', '%M %U %S', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+ [\d.]+ [\d.]+\s*$/m.test(probe.stderr);
})();

export const measuresMemory = hasGnuTime;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

class CommandFailed extends Error {}

function runOnce(command: BenchCommand, scratch: string, captureStdout: boolean): { sample: Sample; stdout: string } {
  command.prepare?.();
  const rssFile = path.join(scratch, 'rss');
  rmSync(rssFile, { force: true });
  const [file, args] = hasGnuTime
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, command.command, ...command.args]]
    : [command.command, [...command.args]];
  const started = performance.now();
  const result = spawnSync(file, args, {
    cwd: command.cwd,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...command.env },
    stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const ok = command.okStatus ?? [0];
  if (result.error || result.signal || result.status === null || !ok.includes(result.status)) {
    const why =
      result.error?.message ?? (result.signal ? `killed by ${result.signal}` : `exit status ${String(result.status)}`);
    throw new CommandFailed(
      `${command.name}: ${why}\n$ ${[command.command, ...command.args].join(' ')}\n${(result.stderr ?? '').slice(-4_000)}`,
    );
  }
  let measured: Pick<Sample, 'maxRssKiB' | 'cpuMs'> = {};
  if (hasGnuTime && existsSync(rssFile)) {
    const [rss, user, system] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (rss !== undefined && user !== undefined && system !== undefined && [rss, user, system].every(Number.isFinite)) {
      measured = { maxRssKiB: rss, cpuMs: (user + system) * 1000 };
    }
  }
  return { sample: { ms, ...measured }, stdout: result.stdout ?? '' };
}

/** Runs a group of commands in alternating rounds and returns one result per command, in the given order. */
export function measureAlternating(commands: readonly BenchCommand[], options: MeasureOptions): Measured[] {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gs-bench-'));
  try {
    const notes = new Map<string, string>();
    for (const command of commands) {
      if (!command.verify) continue;
      options.signal?.throwIfAborted();
      const { stdout } = runOnce(command, scratch, true);
      notes.set(command.name, command.verify(stdout));
    }
    const samples = new Map<string, Sample[]>(commands.map((command) => [command.name, []]));
    const total = options.warmup + options.rounds;
    for (let round = 0; round < total; round++) {
      const order = commands.map((_, i) => commands[(i + round) % commands.length]!);
      const times: string[] = [];
      for (const command of order) {
        options.signal?.throwIfAborted();
        const { sample } = runOnce(command, scratch, false);
        if (round >= options.warmup) samples.get(command.name)!.push(sample);
        times.push(`${command.name} ${(sample.ms / 1000).toFixed(2)} s`);
      }
      options.log?.(
        `  ${round < options.warmup ? 'warm-up' : `round ${round - options.warmup + 1}/${options.rounds}`}: ${times.join(', ')}`,
      );
    }
    return commands.map((command) => {
      const own = samples.get(command.name)!;
      const ms = own.map((sample) => sample.ms);
      const rss = own.flatMap((sample) => (sample.maxRssKiB === undefined ? [] : [sample.maxRssKiB]));
      const cpu = own.flatMap((sample) => (sample.cpuMs === undefined ? [] : [sample.cpuMs]));
      const note = notes.get(command.name);
      return {
        name: command.name,
        samples: own,
        medianMs: median(ms),
        minMs: Math.min(...ms),
        maxMs: Math.max(...ms),
        ...(rss.length === 0 ? {} : { medianRssKiB: median(rss) }),
        ...(cpu.length === 0 ? {} : { medianCpuMs: median(cpu) }),
        ...(note === undefined ? {} : { note }),
      };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface Ratio {
  /** median(a) / median(b). */
  readonly ofMedians: number;
  /** The same for CPU time, when measured. */
  readonly cpuOfMedians?: number;
  /** The median of the per-round ratios a_i / b_i (rounds are paired by index): robust to drift between rounds. */
  readonly pairedMedian: number;
  /** The spread of the per-round ratios. */
  readonly roundMin: number;
  readonly roundMax: number;
}

export function ratio(a: Measured, b: Measured): Ratio {
  const perRound = a.samples.map((sample, i) => sample.ms / b.samples[i]!.ms);
  const cpu =
    a.medianCpuMs !== undefined && b.medianCpuMs !== undefined ? { cpuOfMedians: a.medianCpuMs / b.medianCpuMs } : {};
  return {
    ofMedians: a.medianMs / b.medianMs,
    ...cpu,
    pairedMedian: median(perRound),
    roundMin: Math.min(...perRound),
    roundMax: Math.max(...perRound),
  };
}
