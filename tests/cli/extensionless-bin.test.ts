// Extensionless scripts (`bin/tool` with a `#!/usr/bin/env node` line, named by package.json `bin`
// or not) are entrypoints like any other: `entrypoints` lists them, `check` lints them, `fix`
// rewrites them with the JavaScript helper and keeps their executable bit. Extensionless files
// that are not JavaScript (shell scripts, LICENSE, binaries) are never looked at.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shebangRuntime } from '../../packages/graceful-shutdown-cli/cli/extensionless.js';
import { STACK_LINE, type Tree, ensureBuilt, gitCommitAll, makeProject, removeProjects, runCli } from './helpers.js';

interface EntrypointsJson {
  entrypoints: Array<{ file: string; reasons: Array<{ kind: string; detail: string; line?: number }> }>;
  skipped: Array<{ file: string; reason: string }>;
  failed: Array<{ file: string; error: string }>;
  filesExamined: number;
}

interface FixJson {
  files: Array<{
    file: string;
    status: 'changed' | 'unchanged' | 'skipped' | 'failed';
    reason?: string;
    error?: string;
    helper?: string;
  }>;
  helpers: Array<{ file: string; variant: string; status: string }>;
  summary: { changed: number; unchanged: number; skipped: number; failed: number; notEntrypoints: number };
}

interface LintResult {
  filePath: string;
  errorCount: number;
  messages: Array<{ ruleId: string | null; severity: number; message: string; fatal?: boolean; line: number }>;
}

/** CommonJS, as most published bins are: work started at top level (an interval: work an interruption damages), no signal handling, a top-level `return` (legal in CommonJS only). */
const CJS_TOOL = `#!/usr/bin/env node
'use strict';
const { setTimeout: sleep } = require('node:timers/promises');

async function main() {
  const heartbeat = setInterval(() => {}, 1000);
  await sleep(10);
  clearInterval(heartbeat);
  console.log('tool done');
}

if (process.argv[2] === '--version') return console.log('1.0.0');
main();
`;

/** Not named by `bin`: picked up by its `#!` line alone. */
const MIGRATE = `#!/usr/bin/env -S node --enable-source-maps
const { writeFile } = require('node:fs/promises');
async function main() {
  await writeFile('migrated.json', '{}');
  console.log('migrated');
}

main().catch(() => process.exit(1));
`;

const SHELL_SCRIPT = '#!/bin/sh\nexec node "$(dirname "$0")/tool" "$@"\n';
const LICENSE = 'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n';
const BINARY = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]);
const LIBRARY = "'use strict';\nexports.add = (a, b) => a + b;\n";

const cjsPackage = (extra: Tree = {}): Tree => ({
  'package.json': JSON.stringify({ name: 'mytool', version: '1.0.0', bin: { mytool: 'bin/tool' } }, null, 2),
  'bin/tool': CJS_TOOL,
  'scripts/migrate': MIGRATE,
  'bin/run': SHELL_SCRIPT,
  LICENSE,
  'bin/blob': BINARY,
  'lib/add.js': LIBRARY,
  ...extra,
});

const json = <T>(args: string[], cwd: string): { json: T; status: number | null; stderr: string } => {
  const result = runCli([...args, '--format', 'json'], { cwd });
  expect(result.stderr).not.toMatch(STACK_LINE);
  return { json: JSON.parse(result.stdout) as T, status: result.status, stderr: result.stderr };
};
const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');
const modeOf = (dir: string, file: string): number => statSync(path.join(dir, file)).mode & 0o777;
const ours = (result: LintResult | undefined): string[] =>
  (result?.messages ?? [])
    .map((m) => m.ruleId ?? `(no rule) ${m.message}`)
    .filter((id) => !id.startsWith('(no rule) File skipped'));
const lintResult = (results: LintResult[], dir: string, file: string): LintResult | undefined =>
  results.find((result) => result.filePath === path.join(dir, file));

/** `node --check`: Node's own parser, with the module system it would run the file with. */
function nodeCheck(file: string): void {
  const result = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

beforeAll(ensureBuilt);
afterAll(removeProjects);

describe('which extensionless #! lines run JavaScript', () => {
  it.each([
    ['#!/usr/bin/env node', 'node', false],
    ['#! /usr/bin/env node', 'node', false],
    ['#!/usr/bin/env -S node --enable-source-maps --no-warnings', 'node', false],
    ['#!/usr/bin/env -S NODE_OPTIONS=--max-old-space-size=4096 node', 'node', false],
    ['#!/usr/local/bin/node', 'node', false],
    ['#!/usr/bin/nodejs', 'nodejs', false],
    ['#!/opt/node/bin/node20 --harmony', 'node20', false],
    ['#!/usr/bin/env zx', 'zx', false],
    ['#!/usr/bin/env tsx', 'tsx', true],
    ['#!/usr/bin/env -S npx --yes tsx', 'tsx', true],
    ['#!/usr/bin/env ts-node', 'ts-node', true],
    ['#!/usr/bin/env bun', 'bun', true],
    ['#!/usr/bin/env -S deno run --allow-net', 'deno', true],
  ])('%s runs %s', (line, runtime, typescript) => {
    expect(shebangRuntime(`${line}\nconsole.log(1);\n`)).toEqual({ runtime, typescript });
  });

  it('accepts a BOM and CRLF', () => {
    expect(shebangRuntime('\ufeff#!/usr/bin/env node\r\nx();\r\n')).toEqual({ runtime: 'node', typescript: false });
  });

  it.each([
    '#!/bin/sh',
    '#!/usr/bin/env bash',
    '#!/usr/bin/env python3',
    '#!/usr/bin/env',
    '#!',
    '// #!/usr/bin/env node',
    'console.log(1)',
    '',
  ])('%j runs no JavaScript runtime', (line) => {
    expect(shebangRuntime(`${line}\nexit 0\n`)).toBeUndefined();
  });
});

describe('extensionless bin scripts', () => {
  it('entrypoints lists the bin and a #! script, never the shell script, LICENSE or binary (git walk)', () => {
    const dir = makeProject(cjsPackage());
    gitCommitAll(dir);
    const { json: found, status } = json<EntrypointsJson>(['entrypoints'], dir);
    expect(status).toBe(0);
    expect(found.entrypoints.map((entry) => entry.file)).toEqual(['bin/tool', 'scripts/migrate']);
    expect(found.entrypoints[0]?.reasons.map((reason) => reason.kind).sort()).toEqual([
      'main-call',
      'package-bin',
      'shebang',
    ]);
    expect(found.entrypoints[0]?.reasons.find((reason) => reason.kind === 'main-call')?.line).toBe(13);
    // Examined: the two scripts and lib/add.js; the other extensionless files are not sources at all.
    expect(found.filesExamined).toBe(3);
    expect(found.skipped).toEqual([]);
    expect(found.failed).toEqual([]);
    const text = runCli(['entrypoints'], { cwd: dir });
    expect(text.stdout).toMatch(/^bin\/tool\n {2}- named by package\.json "bin" \(bin\/tool\)/m);
  });

  it('check reports our findings on the extensionless bin, parsed as CommonJS (exit 1)', () => {
    const dir = makeProject(cjsPackage());
    gitCommitAll(dir);
    const { json: results, status } = json<LintResult[]>(['check'], dir);
    expect(status).toBe(1);
    expect(results.map((result) => path.relative(dir, result.filePath)).sort()).toEqual([
      'bin/tool',
      'lib/add.js',
      'scripts/migrate',
    ]);
    const tool = lintResult(results, dir, 'bin/tool');
    // The top-level `return` parses: no fatal parse error, only our rules.
    expect(tool?.messages.some((message) => message.fatal)).toBe(false);
    expect(ours(tool)).toContain('graceful-shutdown/require-signal-cancellation');
    expect(ours(tool).every((id) => id.startsWith('graceful-shutdown/'))).toBe(true);
    expect(
      tool?.messages.find((message) => message.ruleId === 'graceful-shutdown/require-signal-cancellation')?.line,
    ).toBe(6); // the interval, the work an interruption damages
    expect(ours(lintResult(results, dir, 'scripts/migrate'))).toContain(
      'graceful-shutdown/require-signal-cancellation',
    );
    // The stylish format names it too.
    expect(runCli(['check', 'bin'], { cwd: dir }).stdout).toContain(path.join(dir, 'bin/tool'));
  });

  it('fix rewrites it with the CommonJS helper, keeps mode 0755, the output runs, and a second fix changes nothing', () => {
    const dir = makeProject(cjsPackage());
    chmodSync(path.join(dir, 'bin/tool'), 0o755);
    gitCommitAll(dir);
    const { json: fixed, status } = json<FixJson>(['fix'], dir);
    expect(status).toBe(0);
    const tool = fixed.files.find((file) => file.file === 'bin/tool');
    expect(tool).toMatchObject({ status: 'changed', helper: 'bin/graceful-shutdown.js' });
    // One helper per package: beside the first rewritten file.
    expect(fixed.files.find((file) => file.file === 'scripts/migrate')).toMatchObject({
      status: 'changed',
      helper: 'bin/graceful-shutdown.js',
    });
    expect(read(dir, 'scripts/migrate')).toContain("require('../bin/graceful-shutdown.js')");
    expect(fixed.helpers).toContainEqual(
      expect.objectContaining({ file: 'bin/graceful-shutdown.js', variant: 'cjs', status: 'written' }),
    );
    expect(fixed.files.map((file) => file.file)).not.toEqual(
      expect.arrayContaining(['bin/run', 'LICENSE', 'bin/blob']),
    );
    expect(fixed.summary).toMatchObject({ changed: 2, failed: 0 });

    const after = read(dir, 'bin/tool');
    expect(after.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(after).toContain("const { runMain } = require('./graceful-shutdown.js');");
    expect(after).toContain('runMain(main);');
    expect(modeOf(dir, 'bin/tool')).toBe(0o755);
    nodeCheck(path.join(dir, 'bin/tool'));
    nodeCheck(path.join(dir, 'scripts/migrate'));
    // Untouched: the shell script, the LICENSE, the binary.
    expect(read(dir, 'bin/run')).toBe(SHELL_SCRIPT);
    expect(read(dir, 'LICENSE')).toBe(LICENSE);
    expect(readFileSync(path.join(dir, 'bin/blob'))).toEqual(BINARY);

    // It still does its work, and its early return still works.
    const run = spawnSync(process.execPath, [path.join(dir, 'bin/tool')], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('tool done\n');
    expect(
      spawnSync(process.execPath, [path.join(dir, 'bin/tool'), '--version'], { encoding: 'utf8', timeout: 30_000 })
        .stdout,
    ).toBe('1.0.0\n');

    // Idempotent: nothing changes the second time, and check has nothing left to say about it.
    gitCommitAll(dir);
    const again = json<FixJson>(['fix'], dir);
    expect(again.status).toBe(0);
    expect(again.json.summary.changed).toBe(0);
    expect(read(dir, 'bin/tool')).toBe(after);
    const checked = json<LintResult[]>(['check', 'bin/tool'], dir);
    expect(ours(lintResult(checked.json, dir, 'bin/tool'))).toEqual([]);
  });

  it('walks a folder outside git the same way, skipping node_modules and build output', () => {
    const dir = makeProject(
      cjsPackage({
        'node_modules/dep/bin/dep': '#!/usr/bin/env node\nasync function main() {}\nmain();\n',
        'dist/cli': '#!/usr/bin/env node\nasync function main() {}\nmain();\n',
      }),
    );
    const { json: found } = json<EntrypointsJson>(['entrypoints'], dir);
    expect(found.entrypoints.map((entry) => entry.file)).toEqual(['bin/tool', 'scripts/migrate']);
    expect(found.filesExamined).toBe(3);
  });

  it.skipIf(process.platform === 'win32')('never opens a named pipe (it would wait for a writer)', () => {
    const dir = makeProject(cjsPackage());
    expect(spawnSync('mkfifo', [path.join(dir, 'bin/pipe')]).status).toBe(0);
    const walked = json<EntrypointsJson>(['entrypoints'], dir);
    expect(walked.json.entrypoints.map((entry) => entry.file)).toEqual(['bin/tool', 'scripts/migrate']);
    const named = json<EntrypointsJson>(['entrypoints', 'bin/pipe'], dir);
    expect(named.json.skipped).toEqual([expect.objectContaining({ file: 'bin/pipe', reason: 'not a regular file' })]);
  });

  it('gives a named extensionless file that is not JavaScript a reason to skip it', () => {
    const dir = makeProject(cjsPackage());
    const { json: found, status } = json<EntrypointsJson>(
      ['entrypoints', 'bin/run', 'LICENSE', 'bin/blob', 'bin/tool'],
      dir,
    );
    expect(status).toBe(0);
    expect(found.entrypoints.map((entry) => entry.file)).toEqual(['bin/tool']);
    expect(found.skipped).toEqual([
      expect.objectContaining({
        file: 'bin/run',
        reason: 'no extension, and its #! line runs sh, not a JavaScript runtime',
      }),
      expect.objectContaining({
        file: 'LICENSE',
        reason: 'no extension, no #! line, and not named by package.json "bin"',
      }),
      expect.objectContaining({ file: 'bin/blob', reason: 'binary file' }),
    ]);
    const fixed = json<FixJson>(['fix', '--dry-run', 'bin/run'], dir);
    expect(fixed.json.files).toEqual([
      expect.objectContaining({ file: 'bin/run', status: 'skipped', reason: expect.stringContaining('runs sh') }),
    ]);
    const checked = runCli(['check', 'LICENSE'], { cwd: dir });
    expect(checked.status).toBe(0);
    expect(checked.stdout).toMatch(
      /^ {2}0:0 {2}warning {2}File skipped: no extension, no #! line, and not named by package\.json "bin"/m,
    );
  });

  it("a bin without a #! line is JavaScript on the package's word; a bin running sh is not", () => {
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'x', bin: { x: 'cli', y: 'bin/y' } }),
      cli: 'async function main() {}\nmain();\n',
      'bin/y': SHELL_SCRIPT,
    });
    const { json: found } = json<EntrypointsJson>(['entrypoints'], dir);
    expect(found.entrypoints.map((entry) => entry.file)).toEqual(['cli']);
    expect(found.filesExamined).toBe(1);
  });

  it('looks at a file once when an extensionless link points to a .js source, under its .js name', () => {
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'x', bin: { x: 'bin/x' } }),
      'lib/cli.js': CJS_TOOL,
    });
    mkdirSync(path.join(dir, 'bin'));
    symlinkSync('../lib/cli.js', path.join(dir, 'bin', 'x'));
    const { json: found } = json<EntrypointsJson>(['entrypoints', 'bin/x', 'lib'], dir);
    expect(found.filesExamined).toBe(1);
    expect(found.entrypoints.map((entry) => entry.file)).toEqual(['lib/cli.js']);
  });

  it("an ESLint 8 `/* eslint-env node */` comment (as in terser's bin/uglifyjs) is not a finding of the built-in config", () => {
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'x' }),
      'bin/clean': '#!/usr/bin/env node\n/* eslint-env node */\nconsole.log(1);\n',
    });
    const result = runCli(['check', '--format', 'json'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(
      (JSON.parse(result.stdout) as LintResult[]).map((entry) => [path.relative(dir, entry.filePath), entry.messages]),
    ).toEqual([['bin/clean', []]]);
  });

  it('check --config: a config whose entries apply to every file lints the script too', () => {
    const dir = makeProject({
      ...cjsPackage(),
      'eslint.config.mjs': "export default [{ rules: { 'no-var': 'error' } }];\n",
      'bin/tool': `${CJS_TOOL}var legacy = 1;\n`,
    });
    const { json: results, status } = json<LintResult[]>(['check', '--config', 'eslint.config.mjs', 'bin/tool'], dir);
    expect(status).toBe(1);
    const tool = lintResult(results, dir, 'bin/tool');
    expect(tool?.messages.map((message) => message.ruleId)).toEqual(['no-var']); // and the top-level return parsed
  });

  it('a script run by tsx is parsed as TypeScript by check; --type-aware checks it without types, with a note; fix leaves it alone', () => {
    const tsTool = `#!/usr/bin/env -S npx tsx
async function save(data: string): Promise<void> {}

async function main(): Promise<void> {
  save('x');
}

main();
`;
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'x', type: 'module', bin: { x: 'bin/x' } }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', types: [] },
        include: ['src'],
      }),
      'src/ok.ts': 'export const one = 1;\n',
      'bin/x': tsTool,
    });
    const checked = json<LintResult[]>(['check'], dir);
    expect(checked.status).toBe(1);
    const script = lintResult(checked.json, dir, 'bin/x');
    expect(script?.messages.some((message) => message.fatal)).toBe(false);
    expect(ours(script)).toContain('graceful-shutdown/no-unmanaged-promises');

    const typed = json<LintResult[]>(['check', '--type-aware'], dir);
    expect(typed.status).toBe(1);
    expect(typed.stderr).toMatch(
      /^note: an extensionless TypeScript script is checked without type information .*: bin\/x$/m,
    );
    expect(ours(lintResult(typed.json, dir, 'bin/x'))).toContain('graceful-shutdown/no-unmanaged-promises');

    expect(json<EntrypointsJson>(['entrypoints'], dir).json.entrypoints.map((entry) => entry.file)).toEqual(['bin/x']);
    const fixed = json<FixJson>(['fix', '--dry-run'], dir);
    expect(fixed.status).toBe(0);
    expect(fixed.json.files.find((file) => file.file === 'bin/x')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('rename it to .ts'),
    });
  });
});

describe.skipIf(process.platform === 'win32')("an ES module package's extensionless bin after fix", () => {
  const SERVER = `#!/usr/bin/env node
import http from 'node:http';

async function main() {
  const server = http.createServer((req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1', () => console.log('listening'));
}

main();
`;
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('imports the ES module .js helper, starts, and exits on SIGTERM', async () => {
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'srv', type: 'module', bin: { srv: './bin/srv' } }),
      'bin/srv': SERVER,
    });
    chmodSync(path.join(dir, 'bin/srv'), 0o755);
    const { json: fixed, status } = json<FixJson>(['fix'], dir);
    expect(status).toBe(0);
    expect(fixed.files).toEqual([
      expect.objectContaining({ file: 'bin/srv', status: 'changed', helper: 'bin/graceful-shutdown.js' }),
    ]);
    expect(fixed.helpers).toEqual([
      expect.objectContaining({ file: 'bin/graceful-shutdown.js', variant: 'esm', status: 'written' }),
    ]);
    const after = read(dir, 'bin/srv');
    expect(after).toContain("import { runMain, closeServer } from './graceful-shutdown.js';");
    expect(modeOf(dir, 'bin/srv')).toBe(0o755);

    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const started = spawn(process.execPath, [path.join(dir, 'bin/srv')], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let stdout = '';
    let stderr = '';
    started.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      started.on('close', (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('listening')) {
      if (Date.now() > deadline || started.exitCode !== null)
        throw new Error(`did not start\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    started.kill('SIGTERM');
    const exit = await Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running\n${stderr}`)), 30_000)),
    ]);
    // runMain re-raises the signal, so the parent sees a death by SIGTERM.
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(stderr).toContain('SIGTERM received: shutting down');
  }, 60_000);
});
