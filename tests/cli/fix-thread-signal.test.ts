// `graceful-shutdown fix --thread-signal`: thread-signal after graceful-main, on its output, in
// TypeScript projects with a tsconfig and @types/node (the repo's node_modules, symlinked).
// Every run type-checks a real program, so these tests take seconds each.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STACK_LINE,
  type Tree,
  ensureBuilt,
  git,
  gitCommitAll,
  makeProject,
  readText,
  removeProjects,
  repoRoot,
  runCli,
  runFixJson,
  snapshot,
} from './helpers.js';

const SLOW = { timeout: 180_000 };

interface ThreadSignalEditJson {
  file: string;
  line: number;
  column: number;
  kind: string;
  description: string;
  group: number;
}

interface FixJson {
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

const TSCONFIG = JSON.stringify(
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

const PACKAGE = JSON.stringify(
  { name: 'slow-sync', private: true, type: 'module', bin: { 'slow-sync': './bin/cli.ts' } },
  null,
  2,
);

/** A CLI as people write it: `main().catch(…)`, no signal anywhere. */
const CLI = `#!/usr/bin/env node
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

const SYNC = `import { setTimeout as sleep } from 'node:timers/promises';
import { download } from './download.js';

export async function syncAll(url: string): Promise<void> {
  await Promise.all([pause(1_000), download(url)]);
}

async function pause(ms: number): Promise<void> {
  await sleep(ms);
}
`;

const DOWNLOAD = `export interface DownloadOptions {
  retries?: number;
}

export async function download(url: string, options: DownloadOptions = {}): Promise<string> {
  const response = await fetch(url, { headers: { accept: 'text/plain' } });
  return response.text();
}
`;

/** A temp TS project that resolves `@types/node` (and typescript, for tsc) from the repo. */
function tsProject(files: Tree): string {
  const dir = makeProject({ 'package.json': PACKAGE, 'tsconfig.json': TSCONFIG, ...files });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const freshCli = (): string => tsProject({ 'bin/cli.ts': CLI, 'lib/sync.ts': SYNC, 'lib/download.ts': DOWNLOAD });

const fixJson = (cwd: string, ...args: string[]): { json: FixJson; status: number | null; stderr: string } =>
  runFixJson<FixJson>(cwd, ...args);
const entry = (json: FixJson, file: string): FixJson['files'][number] | undefined =>
  json.files.find((f) => f.file === file);
const read = readText;

/** `tsc --noEmit` over the project, with the repo's TypeScript. */
function typeCheck(dir: string): string {
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
    { cwd: dir, encoding: 'utf8' },
  );
  return `${result.stdout}${result.stderr}`.trim();
}

beforeAll(ensureBuilt);
afterAll(removeProjects);

describe('graceful-shutdown fix --thread-signal', () => {
  it('runs graceful-main and thread-signal together on a fresh CLI, with a JSON summary', SLOW, () => {
    const dir = freshCli();
    gitCommitAll(dir);
    const { json, status, stderr } = fixJson(dir, '--thread-signal');
    expect(status).toBe(0);
    expect(stderr).toBe(''); // committed: no warning

    expect(entry(json, 'bin/cli.ts')).toMatchObject({
      status: 'changed',
      helper: 'bin/graceful-shutdown.ts',
      changedBy: ['graceful-main', 'thread-signal'],
    });
    expect(entry(json, 'lib/sync.ts')).toMatchObject({ status: 'changed', changedBy: ['thread-signal'] });
    expect(entry(json, 'lib/download.ts')).toMatchObject({ status: 'changed', changedBy: ['thread-signal'] });
    expect(entry(json, 'lib/sync.ts')?.reason).toBeUndefined(); // no longer "not an entrypoint"
    expect(json.helpers).toEqual([
      expect.objectContaining({ file: 'bin/graceful-shutdown.ts', variant: 'ts', status: 'written' }),
    ]);
    expect(json.summary).toEqual({ changed: 3, unchanged: 0, skipped: 0, failed: 0, notEntrypoints: 0 });

    expect(json.threadSignal).toHaveLength(1);
    const [group] = json.threadSignal!;
    expect(group).toMatchObject({
      config: 'tsconfig.json',
      reverted: [],
      leftAlone: [],
      diagnostics: { before: 0, after: 0 },
    });
    expect(new Set(group!.edits!.map((edit) => edit.file))).toEqual(
      new Set(['bin/cli.ts', 'lib/sync.ts', 'lib/download.ts']),
    );
    expect(group!.edits).toContainEqual(
      expect.objectContaining({ file: 'lib/sync.ts', kind: 'add-parameter', line: 4 }),
    );
    expect(group!.lines).toContain('changed   lib/sync.ts');
    expect(group!.lines.some((line) => line.startsWith('  lib/download.ts:'))).toBe(true);

    // graceful-main's rewrite and thread-signal's edits, in one file.
    const cli = read(dir, 'bin/cli.ts');
    expect(cli).toContain("import { runMain, type MainContext } from './graceful-shutdown.js';");
    expect(cli).toContain('async function main({ signal }: MainContext): Promise<void> {');
    expect(cli).toContain("await syncAll(process.argv[2] ?? 'http://127.0.0.1:9/slow', signal);");
    expect(cli).toContain('runMain(main);');
    expect(cli).not.toContain('process.exit');
    const sync = read(dir, 'lib/sync.ts');
    expect(sync).toContain('export async function syncAll(url: string, signal?: AbortSignal): Promise<void> {');
    expect(sync).toContain('await Promise.all([pause(1_000, signal), download(url, { signal })]);');
    expect(sync).toContain('await sleep(ms, undefined, { signal });');
    const download = read(dir, 'lib/download.ts');
    expect(download).toContain('  signal?: AbortSignal;\n}');
    expect(download).toContain("fetch(url, { headers: { accept: 'text/plain' }, signal: options.signal })");
    expect(git(dir, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([
      ' M bin/cli.ts',
      ' M lib/download.ts',
      ' M lib/sync.ts',
      '?? bin/graceful-shutdown.ts',
    ]);

    // The program still type-checks, and a second run changes nothing.
    expect(typeCheck(dir)).toBe('');
    const before = snapshot(dir);
    const again = fixJson(dir, '--thread-signal');
    expect(again.status).toBe(0);
    expect(again.json.summary.changed).toBe(0);
    expect(again.json.threadSignal?.[0]?.edits).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('works on its own: on a project graceful-main already rewrote, only thread-signal edits', SLOW, () => {
    const dir = freshCli();
    gitCommitAll(dir);
    // Plain fix: graceful-main only (nothing threaded, and no ts-morph run).
    const plain = fixJson(dir);
    expect(plain.status).toBe(0);
    expect(plain.json.threadSignal).toBeUndefined();
    expect(entry(plain.json, 'bin/cli.ts')?.changedBy).toBeUndefined();
    expect(read(dir, 'bin/cli.ts')).toContain('async function main(): Promise<void> {');
    expect(read(dir, 'lib/sync.ts')).toBe(SYNC);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-gpg-sign', '-m', 'graceful-main');
    const graceful = read(dir, 'bin/cli.ts');
    const helper = read(dir, 'bin/graceful-shutdown.ts');

    const { json, status, stderr } = fixJson(dir, '--thread-signal');
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(entry(json, 'bin/cli.ts')).toMatchObject({ status: 'changed', changedBy: ['thread-signal'] });
    expect(entry(json, 'bin/cli.ts')?.helper).toBeUndefined();
    expect(json.helpers).toEqual([]);
    expect(json.summary.changed).toBe(3);
    expect(read(dir, 'bin/cli.ts')).toBe(
      graceful
        .replace(
          "import { runMain } from './graceful-shutdown.js';",
          "import { runMain, type MainContext } from './graceful-shutdown.js';",
        )
        .replace(
          'async function main(): Promise<void> {',
          'async function main({ signal }: MainContext): Promise<void> {',
        )
        .replace("'http://127.0.0.1:9/slow');", "'http://127.0.0.1:9/slow', signal);"),
    );
    expect(read(dir, 'lib/sync.ts')).toContain('download(url, { signal })');
    expect(read(dir, 'bin/graceful-shutdown.ts')).toBe(helper);
  });

  it('--dry-run --diff shows the signal edits and writes nothing (and never refuses)', SLOW, () => {
    const dir = freshCli();
    gitCommitAll(dir);
    writeFileSync(path.join(dir, 'lib/download.ts'), `${DOWNLOAD}// edited\n`); // uncommitted
    const before = snapshot(dir);
    const result = runCli(['fix', '--thread-signal', '--dry-run', '--diff'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(snapshot(dir)).toEqual(before);

    const out = result.stdout;
    // One diff per file, from the text on disk to graceful-main + thread-signal.
    expect(out.match(/^--- a\/bin\/cli\.ts$/gm)).toHaveLength(1);
    expect(out).toMatch(/^\+import \{ runMain, type MainContext \} from '\.\/graceful-shutdown\.js';$/m);
    expect(out).toMatch(/^-async function main\(\): Promise<void> \{$/m);
    expect(out).toMatch(/^\+async function main\(\{ signal \}: MainContext\): Promise<void> \{$/m);
    expect(out).toMatch(/^\+runMain\(main\);$/m);
    expect(out).toContain('--- a/lib/sync.ts\n+++ b/lib/sync.ts\n');
    expect(out).toMatch(/^\+export async function syncAll\(url: string, signal\?: AbortSignal\): Promise<void> \{$/m);
    expect(out).toMatch(/^\+ {2}await sleep\(ms, undefined, \{ signal \}\);$/m);
    expect(out).toContain('--- a/lib/download.ts\n+++ b/lib/download.ts\n');
    expect(out).toMatch(/^\+ {2}signal\?: AbortSignal;$/m);

    expect(out).toMatch(/^would change\s+bin\/cli\.ts\s+graceful-main \+ thread-signal$/m);
    expect(out).toMatch(/^would change\s+lib\/sync\.ts\s+thread-signal$/m);
    expect(out).toMatch(/^helper\s+bin\/graceful-shutdown\.ts\s+would be written \(ts\)$/m);
    expect(out).toMatch(/^thread-signal: \d+ edits in 3 files, 0 groups reverted, 0 left alone\.$/m);
    expect(out).toContain('3 changed, 0 unchanged, 0 skipped, 0 failed. Dry run: nothing was written.');

    // The same run for real refuses: a file only thread-signal changes has uncommitted changes.
    const refused = runCli(['fix', '--thread-signal'], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/refusing to write/);
    expect(refused.stderr).toContain('lib/download.ts (modified)');
    expect(refused.stderr).not.toMatch(STACK_LINE);
    expect(snapshot(dir)).toEqual(before);
  });

  it('an edit group that would add a type error is reverted, reported with its reason, and not written', SLOW, () => {
    const dir = tsProject({
      'bin/cli.ts': `#!/usr/bin/env node
import { save } from '../lib/options.js';
import { runMain, type MainContext } from './graceful-shutdown.js';

async function main({ signal }: MainContext): Promise<void> {
  await save('x');
  await fetch('https://other.test');
}

runMain(main);
`,
      'lib/options.ts': `export interface SaveOptions {
  path?: string;
}

export async function save(data: string, options: SaveOptions = {}): Promise<void> {
  await fetch('https://store.test', { method: 'POST', body: data });
}
`,
      'lib/defaults.ts': `import type { SaveOptions } from './options.js';

// An optional \`signal\` in SaveOptions would be missing here.
export const everything: Required<SaveOptions> = { path: '/tmp/x' };
`,
    });
    mkdirSync(path.join(dir, 'bin'), { recursive: true });
    copyFileSync(path.join(repoRoot, 'dist/helper/graceful-shutdown.ts'), path.join(dir, 'bin/graceful-shutdown.ts'));
    gitCommitAll(dir);
    const before = snapshot(dir);

    const text = runCli(['fix', '--thread-signal', '--dry-run'], { cwd: dir });
    expect(text.status).toBe(0); // not a failure: the program is left as it was
    expect(text.stdout).toMatch(
      /^reverted\s+\S+:\d+\s+3 thread-signal edits not made: it would add a diagnostic: lib\/defaults\.ts:4: TS2741 Property 'signal' is missing/m,
    );
    expect(text.stdout).toMatch(/^thread-signal: 1 edit in 1 file, 1 group reverted, 0 left alone\.$/m);
    expect(snapshot(dir)).toEqual(before);

    const { json, status } = fixJson(dir, '--thread-signal');
    expect(status).toBe(0);
    const [group] = json.threadSignal!;
    expect(group!.reverted).toHaveLength(1);
    expect(group!.reverted![0]!.diagnostics).toEqual([expect.stringMatching(/^lib\/defaults\.ts:4: TS2741/)]);
    expect(group!.reverted![0]!.edits.map((edit) => `${edit.file} ${edit.kind}`).sort()).toEqual([
      'bin/cli.ts pass-signal',
      'lib/options.ts add-option',
      'lib/options.ts api-signal',
    ]);
    expect(group!.lines.some((line) => line.startsWith('reverted  group '))).toBe(true);
    expect(group!.diagnostics).toEqual({ before: 0, after: 0 });
    // The reverted group is not written anywhere; the independent edit in main is.
    expect(entry(json, 'lib/options.ts')).toMatchObject({ status: 'skipped', reason: 'not an entrypoint' });
    expect(read(dir, 'lib/options.ts')).toBe(Buffer.from(before.get('lib/options.ts')!, 'base64').toString('utf8'));
    const cli = read(dir, 'bin/cli.ts');
    expect(cli).toContain("  await save('x');\n  await fetch('https://other.test', { signal });");
    expect(git(dir, 'status', '--porcelain').trim()).toBe('M bin/cli.ts');
    expect(typeCheck(dir)).toBe('');
  });

  it('changes only the files given: functions elsewhere are left alone, with the reason', SLOW, () => {
    const dir = freshCli();
    const { json, status } = fixJson(dir, '--thread-signal', '--dry-run', 'bin/cli.ts');
    expect(status).toBe(0);
    expect(json.files.map((f) => f.file)).toEqual(['bin/cli.ts']);
    expect(entry(json, 'bin/cli.ts')).toMatchObject({ status: 'changed', changedBy: ['graceful-main'] });
    expect(json.threadSignal![0]!.leftAlone).toEqual([
      expect.objectContaining({
        kind: 'function',
        file: 'lib/sync.ts',
        name: 'syncAll',
        reason: 'it is outside the files being changed',
      }),
    ]);
    const text = runCli(['fix', '--thread-signal', '--dry-run', 'bin/cli.ts'], { cwd: dir });
    expect(text.stdout).toMatch(
      /^left alone\s+lib\/sync\.ts:4\s+function syncAll: it is outside the files being changed$/m,
    );
  });

  it('says, per file, why a JavaScript file its tsconfig leaves out got no edit', SLOW, () => {
    const JOB = `async function main() {
  const response = await fetch('http://127.0.0.1:9/x');
  console.log(await response.text());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;
    // scripts/ is outside "include"; lib/legacy.js is inside it, but allowJs is off.
    const dir = tsProject({
      'bin/cli.ts': CLI,
      'lib/sync.ts': SYNC,
      'lib/download.ts': DOWNLOAD,
      'scripts/job.js': JOB,
    });
    writeFileSync(path.join(dir, 'lib/legacy.js'), JOB);
    const { json, status } = fixJson(dir, '--thread-signal', '--dry-run');
    expect(status).toBe(0);
    expect(entry(json, 'scripts/job.js')).toMatchObject({ status: 'changed', changedBy: ['graceful-main'] });
    expect(json.threadSignal![0]!.outsideProgram).toEqual([
      {
        file: 'lib/legacy.js',
        reason:
          'a JavaScript file outside the TypeScript program: tsconfig.json does not set "allowJs" (set "allowJs": true for thread-signal to edit it)',
      },
      {
        file: 'scripts/job.js',
        reason:
          'a JavaScript file outside the TypeScript program: tsconfig.json does not include it and does not set "allowJs" (add it to "include" and set "allowJs": true for thread-signal to edit it)',
      },
    ]);
    // The TypeScript files are threaded as before.
    expect(entry(json, 'lib/download.ts')).toMatchObject({ status: 'changed', changedBy: ['thread-signal'] });
    const text = runCli(['fix', '--thread-signal', '--dry-run'], { cwd: dir });
    expect(text.stdout).toMatch(
      /^not threaded\s+scripts\/job\.js\s+thread-signal: a JavaScript file outside the TypeScript program: tsconfig\.json does not include it/m,
    );
    expect(text.stdout).toMatch(/^not threaded\s+lib\/legacy\.js\s+thread-signal: .*does not set "allowJs"/m);
  });

  it('a project thread-signal cannot open is a failed entry naming its config, without a stack trace', SLOW, () => {
    const dir = freshCli();
    const unreadable = path.join(dir, 'tsconfig.json');
    writeFileSync(unreadable, '{ "compilerOptions": ');
    const { json, status, stderr } = fixJson(dir, '--thread-signal', '--dry-run');
    expect(status).toBe(1);
    expect(stderr).not.toMatch(/internal error/);
    expect(entry(json, 'tsconfig.json')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^thread-signal: \S/),
    });
    expect(json.threadSignal).toEqual([
      expect.objectContaining({ config: 'tsconfig.json', error: entry(json, 'tsconfig.json')!.error }),
    ]);
    // graceful-main's own rewrite is still reported (and would be written).
    expect(entry(json, 'bin/cli.ts')).toMatchObject({ status: 'changed', changedBy: ['graceful-main'] });
    expect(json.summary).toMatchObject({ changed: 1, failed: 1 });
    const text = runCli(['fix', '--thread-signal', '--dry-run'], { cwd: dir });
    expect(text.stdout).toMatch(/^failed\s+tsconfig\.json\s+thread-signal: \S/m);
    expect(text.stdout).toMatch(/1 project failed\.$/m);
    expect(text.stderr).not.toMatch(STACK_LINE);
  });

  it('loads ts-morph only with --thread-signal', SLOW, () => {
    const dir = freshCli();
    // ts-morph is CommonJS: loading it registers its module in require's cache.
    const probe = `
      import { createRequire } from 'node:module';
      const { run } = await import(${JSON.stringify(path.join(repoRoot, 'dist/cli/program.js'))});
      const io = { cwd: process.cwd(), stdout: { write() {} }, stderr: { write() {} } };
      const code = await run(process.argv.slice(1), io);
      const tsMorph = Object.keys(createRequire(import.meta.url).cache).some((file) => /[\\\\/]node_modules[\\\\/]ts-morph[\\\\/]/.test(file));
      process.stdout.write(JSON.stringify({ code, tsMorph }));
    `;
    const loads = (...args: string[]): unknown =>
      JSON.parse(
        spawnSync(process.execPath, ['--input-type=module', '-e', probe, ...args], { cwd: dir, encoding: 'utf8' })
          .stdout,
      );
    expect(loads('fix', '--dry-run')).toEqual({ code: 0, tsMorph: false });
    expect(loads('check', 'bin')).toEqual({ code: 1, tsMorph: false });
    expect(loads('fix', '--dry-run', '--thread-signal')).toEqual({ code: 0, tsMorph: true });
  });

  it('is in the help', () => {
    const dir = makeProject({});
    expect(runCli(['fix', '--help'], { cwd: dir }).stdout).toMatch(
      /^\s+--thread-signal\s+also run the thread-signal codemod/m,
    );
  });
});
