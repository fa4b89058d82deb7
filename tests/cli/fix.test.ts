// `graceful-shutdown fix`: graceful-main over the entrypoints, with git safety, atomic writes and a summary.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENTRYPOINT,
  LIBRARY,
  PACKAGE_JSON,
  STACK_LINE,
  type Tree,
  cliPath,
  ensureBuilt,
  git,
  gitCommitAll,
  link,
  makeProject,
  readText,
  removeProjects,
  runCli,
  runFixJson,
  snapshot,
} from './helpers.js';

interface FixJson {
  dryRun: boolean;
  files: Array<{
    file: string;
    path: string;
    status: 'changed' | 'unchanged' | 'skipped' | 'failed';
    reason?: string;
    error?: string;
    helper?: string;
    diff?: string;
  }>;
  helpers: Array<{ file: string; variant: string; status: string }>;
  summary: { changed: number; unchanged: number; skipped: number; failed: number; notEntrypoints: number };
}

const fixJson = (cwd: string, ...args: string[]): { json: FixJson; status: number | null; stderr: string } =>
  runFixJson<FixJson>(cwd, ...args);
const entry = (json: FixJson, file: string): FixJson['files'][number] | undefined =>
  json.files.find((f) => f.file === file);
const read = readText;

const app = (extra: Tree = {}): Tree => ({
  'package.json': PACKAGE_JSON,
  'bin/cli.js': ENTRYPOINT,
  'lib/add.js': LIBRARY,
  ...extra,
});

beforeAll(ensureBuilt);
afterAll(removeProjects);

describe('graceful-shutdown fix', () => {
  it('rewrites the entrypoints, writes the helper beside them, leaves other files alone', () => {
    const dir = makeProject(app());
    const { json, status, stderr } = fixJson(dir);
    expect(status).toBe(0);
    expect(entry(json, 'bin/cli.js')).toMatchObject({ status: 'changed', helper: 'bin/graceful-shutdown.js' });
    expect(entry(json, 'lib/add.js')).toMatchObject({ status: 'skipped', reason: 'not an entrypoint' });
    expect(json.helpers).toEqual([
      expect.objectContaining({ file: 'bin/graceful-shutdown.js', variant: 'esm', status: 'written' }),
    ]);
    expect(json.summary).toEqual({ changed: 1, unchanged: 0, skipped: 1, failed: 0, notEntrypoints: 1 });
    expect(read(dir, 'bin/cli.js')).toContain('runMain');
    expect(read(dir, 'bin/cli.js')).toContain('./graceful-shutdown.js');
    expect(existsSync(path.join(dir, 'bin/graceful-shutdown.js'))).toBe(true);
    expect(read(dir, 'lib/add.js')).toBe(LIBRARY);
    // Outside a git repository it warns that there is no way back, and proceeds.
    expect(stderr).toContain('not inside a git repository');
  });

  it('-f json: the summary counts the files by their status (a non-entrypoint is skipped in both)', () => {
    const dir = makeProject(
      app({ 'lib/more.js': LIBRARY, 'bin/binary.js': Buffer.from([0x23, 0x21, 0x00, 0xff, 0x00]) }),
    );
    const { json } = fixJson(dir, '--dry-run');
    const tally = { changed: 0, unchanged: 0, skipped: 0, failed: 0 };
    for (const file of json.files) tally[file.status] += 1;
    expect(json.summary).toEqual({ ...tally, notEntrypoints: 2 });
    expect(tally).toEqual({ changed: 1, unchanged: 0, skipped: 3, failed: 0 });
    const notEntrypoints = json.files.filter((file) => file.reason === 'not an entrypoint');
    expect(notEntrypoints.map((file) => [file.file, file.status])).toEqual([
      ['lib/add.js', 'skipped'],
      ['lib/more.js', 'skipped'],
    ]);
  });

  it('prints a summary table by default', () => {
    const dir = makeProject(app({ 'bin/broken.js': 'async function main( {\n' }));
    const result = runCli(['fix'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^changed\s+bin\/cli\.js/m);
    expect(result.stdout).toMatch(/^failed\s+bin\/broken\.js\s+\S/m);
    expect(result.stdout).toMatch(/^helper\s+bin\/graceful-shutdown\.js\s+written/m);
    expect(result.stdout).toMatch(/1 changed, 0 unchanged, 0 skipped, 1 failed; 1 other file is not an entrypoint\./);
  });

  it("says where a thin bin's work starts when it leaves the bin alone (the json-server layout)", () => {
    const run = `const http = require('node:http');

module.exports = function run(port) {
  http.createServer((request, response) => response.end('ok')).listen(port, '127.0.0.1');
};
`;
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'thin', private: true, bin: './lib/cli/bin.js' }),
      'lib/cli/bin.js': `#!/usr/bin/env node
'use strict';

require('./')();
`,
      'lib/cli/index.js': `const run = require('./run');

module.exports = () => run(Number(process.argv[2]));
`,
      'lib/cli/run.js': run,
    });
    const before = snapshot(dir);
    const { json, status } = fixJson(dir, '--force');
    expect(status).toBe(0);
    expect(entry(json, 'lib/cli/bin.js')).toEqual({
      file: 'lib/cli/bin.js',
      path: path.join(dir, 'lib/cli/bin.js'),
      status: 'skipped',
      reason:
        "its work starts in another module: `require('./')()` (line 4) runs ./run.js:4, which starts `http.createServer(…).listen()`; " +
        'from this file, fix cannot tell when that work ends: move that start into an async main() here that awaits it, ' +
        'or handle SIGINT/SIGTERM in ./run.js',
    });
    expect(snapshot(dir)).toEqual(before);
    const text = runCli(['fix', '--force', 'lib/cli/bin.js'], { cwd: dir });
    expect(text.stdout).toMatch(
      /^skipped\s+lib\/cli\/bin\.js\s+its work starts in another module: `require\('\.\/'\)\(\)`/m,
    );
  });

  it('is idempotent: a second run changes nothing', () => {
    const dir = makeProject(app());
    fixJson(dir);
    const before = snapshot(dir);
    const { json, status } = fixJson(dir);
    expect(status).toBe(0);
    expect(json.summary.changed).toBe(0);
    expect(entry(json, 'bin/cli.js')?.status).toBe('unchanged');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--dry-run writes nothing, and never refuses', () => {
    const dir = makeProject(app());
    gitCommitAll(dir);
    writeFileSync(path.join(dir, 'bin/cli.js'), `${ENTRYPOINT}// edited\n`);
    const before = snapshot(dir);
    const { json, status } = fixJson(dir, '--dry-run');
    expect(status).toBe(0);
    expect(json.dryRun).toBe(true);
    expect(entry(json, 'bin/cli.js')?.status).toBe('changed');
    expect(json.helpers[0]?.status).toBe('would-write');
    expect(snapshot(dir)).toEqual(before);
    const text = runCli(['fix', '--dry-run'], { cwd: dir });
    expect(text.stdout).toMatch(/^would change\s+bin\/cli\.js/m);
    expect(text.stdout).toContain('Dry run: nothing was written.');
  });

  it('--diff prints a unified diff with a/ and b/ paths', () => {
    const dir = makeProject(app());
    const result = runCli(['fix', '--diff', '--dry-run'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--- a/bin/cli.js\n+++ b/bin/cli.js\n@@ ');
    expect(result.stdout).toMatch(/^\+.*runMain/m);
    expect(result.stdout).not.toContain('\u001b['); // no colours when not on a terminal
    expect(fixJson(dir, '--diff', '--dry-run').json.files.find((f) => f.file === 'bin/cli.js')?.diff).toContain(
      '+++ b/bin/cli.js',
    );
  });

  it('--diff is coloured when colours are forced (as on a terminal)', () => {
    const dir = makeProject(app());
    const result = runCli(['fix', '--diff', '--dry-run'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(result.stdout).toMatch(/\u001b\[32m\+/);
  });

  describe('in a git repository', () => {
    it('writes when the files it changes are committed, without a warning', () => {
      const dir = makeProject(app());
      gitCommitAll(dir);
      const { status, stderr } = fixJson(dir);
      expect(status).toBe(0);
      expect(stderr).toBe('');
      expect(read(dir, 'bin/cli.js')).toContain('runMain');
      expect(git(dir, 'status', '--porcelain')).toContain(' M bin/cli.js');
    });

    it.each([
      ['modified', (dir: string) => writeFileSync(path.join(dir, 'bin/cli.js'), `${ENTRYPOINT}// edited\n`)],
      [
        'staged',
        (dir: string) => (
          writeFileSync(path.join(dir, 'bin/cli.js'), `${ENTRYPOINT}// edited\n`),
          git(dir, 'add', 'bin/cli.js')
        ),
      ],
      ['untracked', (dir: string) => writeFileSync(path.join(dir, 'bin/new.js'), ENTRYPOINT)],
    ])('refuses (exit 2, nothing written) when a file it would change is %s', (kind, dirty) => {
      const dir = makeProject(app({ 'bin/other.js': ENTRYPOINT }));
      gitCommitAll(dir);
      dirty(dir);
      const before = snapshot(dir);
      const result = runCli(['fix'], { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/refusing to write/);
      expect(result.stderr).toContain(`(${kind})`);
      expect(result.stderr).toContain('--force');
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(snapshot(dir)).toEqual(before); // not even the committed bin/other.js, nor the helper
    });

    it('does not mind uncommitted changes in files it does not change', () => {
      const dir = makeProject(app());
      gitCommitAll(dir);
      writeFileSync(path.join(dir, 'lib/add.js'), `${LIBRARY}// edited\n`);
      expect(fixJson(dir).status).toBe(0);
      expect(read(dir, 'bin/cli.js')).toContain('runMain');
    });

    it('--force writes over uncommitted changes', () => {
      const dir = makeProject(app());
      gitCommitAll(dir);
      writeFileSync(path.join(dir, 'bin/cli.js'), `${ENTRYPOINT}// edited\n`);
      const { status, json } = fixJson(dir, '--force');
      expect(status).toBe(0);
      expect(json.summary.changed).toBe(1);
      expect(read(dir, 'bin/cli.js')).toContain('// edited');
      expect(read(dir, 'bin/cli.js')).toContain('runMain');
    });
  });

  describe('bad input', () => {
    it('names a file that does not parse with the parser message, leaves it untouched, exits 1', () => {
      const broken = 'async function main() {\n  await x(;\n}\nmain();\n';
      const dir = makeProject(app({ 'bin/broken.js': broken }));
      const { json, status } = fixJson(dir);
      expect(status).toBe(1);
      const failed = entry(json, 'bin/broken.js');
      expect(failed?.status).toBe('failed');
      expect(failed?.error).toMatch(/\(2:\d+\)/); // the parser's line:column
      expect(read(dir, 'bin/broken.js')).toBe(broken);
      expect(entry(json, 'bin/cli.js')?.status).toBe('changed'); // the others still get fixed
    });

    it("places a parse error at the file's own line and column, after the #! line and header comments, as check does", () => {
      const broken = `#!/usr/bin/env node
// Syncs the catalogue.
// Usage: sync <url>
async function main() { await fetch('x', { method: 'GET' ; }); }
main();
`;
      const dir = makeProject(app({ 'bin/broken.js': broken }));
      const { json } = fixJson(dir, '--dry-run', 'bin/broken.js');
      const check = runCli(['check', '-f', 'json', 'bin/broken.js'], { cwd: dir });
      const [message] = (JSON.parse(check.stdout) as Array<{ messages: Array<{ line: number; column: number }> }>)[0]!
        .messages;
      expect(message).toMatchObject({ line: 4, column: 58 });
      expect(entry(json, 'bin/broken.js')?.error).toMatch(/^does not parse: .* \(4:58\)$/);
    });

    it('skips binary and non-UTF-8 files with a reason', () => {
      const dir = makeProject(
        app({
          'bin/binary.js': Buffer.from([0x23, 0x21, 0x00, 0xff, 0x00]),
          'bin/latin1.js': Buffer.from('#!/usr/bin/env node\n// café\nasync function main() {}\nmain();\n', 'latin1'),
        }),
      );
      const before = snapshot(dir);
      const { json, status } = fixJson(dir);
      expect(status).toBe(0);
      expect(entry(json, 'bin/binary.js')).toMatchObject({ status: 'skipped', reason: 'binary file' });
      expect(entry(json, 'bin/latin1.js')).toMatchObject({ status: 'skipped', reason: 'not valid UTF-8' });
      const after = snapshot(dir);
      for (const file of ['bin/binary.js', 'bin/latin1.js']) expect(after.get(file)).toBe(before.get(file));
    });

    it('never crashes on an empty file, a folder named x.ts, a symlink loop or a dangling link', () => {
      const dir = makeProject(app({ 'bin/empty.js': '', 'src/x.ts/index.ts': 'export {};\n' }));
      link(dir, 'bin/loop-a.js', 'loop-b.js');
      link(dir, 'bin/loop-b.js', 'loop-a.js');
      link(dir, 'bin/dangling.js', 'missing.js');
      const { json, status } = fixJson(dir, 'bin', 'src/x.ts', 'bin/loop-a.js');
      expect(status).toBe(0);
      expect(entry(json, 'bin/empty.js')).toMatchObject({ status: 'skipped', reason: 'not an entrypoint' });
      expect(entry(json, 'src/x.ts/index.ts')?.status).toBe('skipped');
      expect(entry(json, 'bin/loop-a.js')).toMatchObject({ status: 'skipped', reason: 'symbolic link loop' });
      expect(entry(json, 'bin/cli.js')?.status).toBe('changed');
      // Walking a git repository lists the links themselves; they are skipped the same way.
      const repo = makeProject(app());
      link(repo, 'bin/loop-a.js', 'loop-b.js');
      link(repo, 'bin/loop-b.js', 'loop-a.js');
      gitCommitAll(repo);
      const walked = fixJson(repo, '--force');
      expect(walked.status).toBe(0);
      expect(entry(walked.json, 'bin/loop-b.js')).toMatchObject({ status: 'skipped', reason: 'symbolic link loop' });
    });

    it('skips a named file that is not JavaScript or TypeScript', () => {
      const dir = makeProject(app({ 'README.md': '# hi\n' }));
      const { json } = fixJson(dir, 'README.md', 'bin');
      expect(entry(json, 'README.md')).toMatchObject({
        status: 'skipped',
        reason: 'not a JavaScript or TypeScript file',
      });
    });

    it('keeps a BOM and CRLF line endings', () => {
      const crlf = `\ufeff${ENTRYPOINT.replace(/\n/g, '\r\n')}`;
      const dir = makeProject(app({ 'bin/cli.js': crlf }));
      const { status } = fixJson(dir);
      expect(status).toBe(0);
      const after = read(dir, 'bin/cli.js');
      expect(after).toContain('runMain');
      expect(after.startsWith('\ufeff#!/usr/bin/env node\r\n')).toBe(true);
      expect(after.replace(/\r\n/g, '')).not.toContain('\n');
      expect(after.indexOf('\ufeff', 1)).toBe(-1);
    });
  });

  describe('writes', () => {
    it('go through a symlink to its real file, keep the file mode, and leave no temp files', () => {
      const dir = makeProject({ 'package.json': PACKAGE_JSON, 'src/real-cli.js': ENTRYPOINT });
      chmodSync(path.join(dir, 'src/real-cli.js'), 0o750);
      link(dir, 'bin', 'src');
      const { json, status } = fixJson(dir, 'bin/real-cli.js');
      expect(status).toBe(0);
      expect(entry(json, 'bin/real-cli.js')?.status).toBe('changed');
      expect(lstatSync(path.join(dir, 'bin')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(path.join(dir, 'bin'))).toBe('src');
      expect(read(dir, 'src/real-cli.js')).toContain('runMain');
      expect(statSync(path.join(dir, 'src/real-cli.js')).mode & 0o777).toBe(0o750);
      expect(readdirSync(path.join(dir, 'src')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });

    it('a file symlink stays a symlink', () => {
      const dir = makeProject({ 'package.json': PACKAGE_JSON, 'src/main.js': ENTRYPOINT });
      link(dir, 'cli.js', 'src/main.js');
      expect(fixJson(dir, 'cli.js').status).toBe(0);
      expect(lstatSync(path.join(dir, 'cli.js')).isSymbolicLink()).toBe(true);
      expect(read(dir, 'src/main.js')).toContain('runMain');
      // The helper sits beside the real file, where the import resolves from.
      expect(existsSync(path.join(dir, 'src/graceful-shutdown.js'))).toBe(true);
    });
  });

  describe('the helper', () => {
    it('--helper puts it where it says, and the files import it from there', () => {
      const dir = makeProject(app());
      const { json, status } = fixJson(dir, '--helper', 'lib/shutdown/graceful-shutdown.js');
      expect(status).toBe(0);
      expect(json.helpers).toEqual([
        expect.objectContaining({ file: 'lib/shutdown/graceful-shutdown.js', status: 'written' }),
      ]);
      expect(existsSync(path.join(dir, 'lib/shutdown/graceful-shutdown.js'))).toBe(true);
      expect(existsSync(path.join(dir, 'bin/graceful-shutdown.js'))).toBe(false);
      expect(read(dir, 'bin/cli.js')).toContain('../lib/shutdown/graceful-shutdown.js');
    });

    it('--helper naming a folder is a usage error', () => {
      const dir = makeProject(app());
      const result = runCli(['fix', '--helper', 'lib'], { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('--helper');
    });

    it('one helper per package, beside the first changed file in sorted order', () => {
      const dir = makeProject(
        app({
          'scripts/migrate.js': ENTRYPOINT,
          'tools/other/package.json': '{"type":"module"}',
          'tools/other/run.js': ENTRYPOINT,
        }),
      );
      const { json, status } = fixJson(dir);
      expect(status).toBe(0);
      expect(json.helpers.map((h) => h.file).sort()).toEqual([
        'bin/graceful-shutdown.js',
        'tools/other/graceful-shutdown.js',
      ]);
      expect(existsSync(path.join(dir, 'scripts/graceful-shutdown.js'))).toBe(false);
      expect(entry(json, 'scripts/migrate.js')?.helper).toBe('bin/graceful-shutdown.js');
      expect(read(dir, 'scripts/migrate.js')).toContain('../bin/graceful-shutdown.js');
    });
  });

  it.skipIf(process.platform === 'win32')(
    'Ctrl+C while analysing stops with nothing written and dies of SIGINT',
    async () => {
      const tree: Tree = { 'package.json': PACKAGE_JSON };
      for (let i = 0; i < 800; i++) tree[`bin/cli-${i}.js`] = ENTRYPOINT;
      const dir = makeProject(tree);
      const before = snapshot(dir);
      const preload = fileURLToPath(new URL('preloads/announce-signal-listener.cjs', import.meta.url));
      const child = spawn(process.execPath, ['--require', preload, cliPath, 'fix', '--jobs', '2'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      const listening = new Promise<void>((resolve) =>
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('test-preload: SIGINT listener installed')) resolve();
        }),
      );
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      // Once runMain listens, and well inside the analysis of 800 files (which takes seconds).
      await listening;
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGINT');
      const { code, signal } = await exited;
      expect({ code, signal }, stderr).toEqual({ code: null, signal: 'SIGINT' });
      expect(stderr).toContain('SIGINT received');
      expect(stderr).not.toMatch(STACK_LINE);
      expect(snapshot(dir)).toEqual(before);
    },
  );

  it('--jobs 2 gives the same result as one thread', () => {
    const tree: Tree = { 'package.json': PACKAGE_JSON, 'lib/add.js': LIBRARY, 'bin/broken.js': 'main(;\n' };
    for (let i = 0; i < 6; i++) tree[`bin/cli-${i}.js`] = ENTRYPOINT;
    const one = makeProject(tree);
    const two = makeProject(tree);
    const a = fixJson(one);
    const b = fixJson(two, '--jobs', '2');
    expect(b.status).toBe(a.status);
    const strip = (json: FixJson, dir: string): unknown => JSON.parse(JSON.stringify(json).split(dir).join('<dir>'));
    expect(strip(b.json, two)).toEqual(strip(a.json, one));
    expect(snapshot(two)).toEqual(snapshot(one));
  });
});
