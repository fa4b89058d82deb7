/** What a benchmark ran on: printed with every result, since the numbers mean nothing without it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function versionOf(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function osRelease(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? `${os.type()} ${os.release()}`;
  } catch {
    return `${os.type()} ${os.release()}`;
  }
}

function gitRevision(cwd: string): string {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dirty === '' ? rev : `${rev} (+ uncommitted changes)`;
  } catch {
    return 'unknown';
  }
}

export interface MachineInfo {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly versions: Record<string, string>;
  readonly revision: string;
  /** 1-minute load average when the run started: other work on the machine shows up in every median. */
  readonly load: number;
}

export function machineInfo(repoRoot: string): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${osRelease()} (${os.arch()}, kernel ${os.release()})`,
    node: process.version,
    versions: Object.fromEntries(
      ['eslint', 'typescript-eslint', 'typescript', 'jscodeshift', 'ts-morph', 'oxlint'].map((name) => [
        name,
        versionOf(name),
      ]),
    ),
    revision: gitRevision(repoRoot),
    load: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function formatMachine(info: MachineInfo): string[] {
  return [
    `- Date: ${info.date}; revision ${info.revision}`,
    `- Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB RAM; ${info.os}; load average ${info.load} at start`,
    `- Node ${info.node}; ${Object.entries(info.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
  ];
}
