// Shared by the fix --thread-signal CLI tests (two files, so two workers run them at once).
import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { type Tree, makeProject, readText, repoRoot, runFixJson } from './helpers.js';

// Each test type-checks real programs several times: minutes on a loaded 2-core box.
export const SLOW = { timeout: 600_000 };

export interface ThreadSignalEditJson {
  file: string;
  line: number;
  column: number;
  kind: string;
  description: string;
  group: number;
}

export interface FixJson {
  dryRun: boolean;
  files: Array<{
    file: string;
    status: string;
    reason?: string;
    error?: string;
    helper?: string;
    changedBy?: string[];
    diff?: string;
  }>;
  helpers: Array<{ file: string; variant: string; status: string }>;
  threadSignal?: Array<{
    config: string | null;
    error?: string;
    skipped?: string;
    edits?: ThreadSignalEditJson[];
    reverted?: Array<{ group: number; reason: string; diagnostics: string[]; edits: ThreadSignalEditJson[] }>;
    leftAlone?: Array<{ kind: string; file: string; line: number; name: string; reason: string }>;
    outsideProgram?: Array<{ file: string; reason: string }>;
    diagnostics?: { before: number; after: number };
    lines: string[];
  }>;
  summary: { changed: number; unchanged: number; skipped: number; failed: number; notEntrypoints: number };
}

export const TSCONFIG = JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['bin', 'lib'],
  },
  null,
  2,
);

export const PACKAGE = JSON.stringify(
  { name: 'slow-sync', private: true, type: 'module', bin: { 'slow-sync': './bin/cli.ts' } },
  null,
  2,
);

/** A CLI as people write it: `main().catch(…)`, no signal anywhere. */
export const CLI = `#!/usr/bin/env node
import { syncAll } from '../lib/sync.js';

async function main(): Promise<void> {
  await syncAll(process.argv[2] ?? 'http://127.0.0.1:9/slow');
  console.log('synced');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;

export const SYNC = `import { setTimeout as sleep } from 'node:timers/promises';
import { download } from './download.js';

export async function syncAll(url: string): Promise<void> {
  await Promise.all([pause(1_000), download(url)]);
}

async function pause(ms: number): Promise<void> {
  await sleep(ms);
}
`;

export const DOWNLOAD = `export interface DownloadOptions {
  retries?: number;
}

export async function download(url: string, options: DownloadOptions = {}): Promise<string> {
  const response = await fetch(url, { headers: { accept: 'text/plain' } });
  return response.text();
}
`;

/** A temp TS project that resolves `@types/node` (and typescript, for tsc) from the repo. */
export function tsProject(files: Tree): string {
  const dir = makeProject({ 'package.json': PACKAGE, 'tsconfig.json': TSCONFIG, ...files });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export const freshCli = (): string =>
  tsProject({ 'bin/cli.ts': CLI, 'lib/sync.ts': SYNC, 'lib/download.ts': DOWNLOAD });

export const fixJson = (cwd: string, ...args: string[]): { json: FixJson; status: number | null; stderr: string } =>
  runFixJson<FixJson>(cwd, ...args);
export const entry = (json: FixJson, file: string): FixJson['files'][number] | undefined =>
  json.files.find((f) => f.file === file);
export const read = readText;

/** `tsc --noEmit` over the project, with the repo's TypeScript. */
export function typeCheck(dir: string): string {
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
    { cwd: dir, encoding: 'utf8' },
  );
  return `${result.stdout}${result.stderr}`.trim();
}
