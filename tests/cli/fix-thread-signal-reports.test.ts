// `fix --thread-signal`, what it leaves undone and says so: reverted groups, files and functions
// outside its reach, projects it cannot open; ts-morph loaded only with the flag.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  git,
  gitCommitAll,
  makeProject,
  removeProjects,
  repoRoot,
  runCli,
  snapshot,
  STACK_LINE,
} from './helpers.js';
import {
  SLOW,
  CLI,
  SYNC,
  DOWNLOAD,
  tsProject,
  freshCli,
  fixJson,
  entry,
  read,
  typeCheck,
} from './fix-thread-signal.shared.js';

beforeAll(ensureBuilt);
afterAll(removeProjects);

describe('graceful-shutdown fix --thread-signal: what it did not do, and why', () => {
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
    copyFileSync(
      path.join(repoRoot, 'packages/graceful-shutdown-cli/dist/helper/graceful-shutdown.ts'),
      path.join(dir, 'bin/graceful-shutdown.ts'),
    );
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
    // A server without signal handling: something `check` reports (the CLI only reads and prints).
    writeFileSync(path.join(dir, 'bin/serve.ts'), `import http from 'node:http';\nhttp.createServer().listen(0);\n`);
    // ts-morph is CommonJS: loading it registers its module in require's cache.
    const probe = `
      import { createRequire } from 'node:module';
      const { run } = await import(${JSON.stringify(path.join(repoRoot, 'packages/graceful-shutdown-cli/dist/cli/program.js'))});
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
