// `graceful-shutdown fix --thread-signal`: thread-signal after graceful-main, on its output, in
// TypeScript projects with a tsconfig and @types/node (the repo's node_modules, symlinked).
// Every run type-checks a real program, so these tests take seconds each.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, git, gitCommitAll, removeProjects, runCli, snapshot, STACK_LINE } from './helpers.js';
import { SLOW, SYNC, DOWNLOAD, freshCli, fixJson, entry, read, typeCheck } from './fix-thread-signal.shared.js';

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
});
