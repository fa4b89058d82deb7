/**
 * The programs `npm run test:programs` runs before and after `graceful-shutdown fix`: published
 * command-line tools, runners and servers pinned by exact version (installed once into
 * bench/programs/.cache/), and framework hello-worlds written from their READMEs (apps/). Each has
 * scenarios run the same way on both sides; a long-running one is also sent SIGINT and SIGTERM.
 */
import type { PinnedPackage } from '../lib/npm-pack.js';

/** Files written into the run's empty working folder before it starts. */
export type SetupFiles = Readonly<Record<string, string>>;

export type Scenario =
  /** A one-shot run: stdout, stderr, exit status and the files it leaves must match. */
  | {
      readonly kind: 'run';
      readonly args: readonly string[];
      readonly stdin?: string;
      /** Hold stdin open this long before writing it (a slow producer: `(sleep 1.5; echo …) | tool`). */
      readonly stdinDelayMs?: number;
      readonly files?: SetupFiles;
    }
  /** A server on 127.0.0.1 (`{port}` in args, or PORT in its environment): the responses must match; then each signal with `slow` in flight. */
  | {
      readonly kind: 'serve';
      readonly args: readonly string[];
      readonly paths: readonly string[];
      /** A path answered after ~1.5 s: in flight when the signal comes, it must complete. */
      readonly slow?: string;
      /** A large file read by a slow client (paused at first): still downloading when the signal comes, it must arrive whole. */
      readonly slowDownload?: string;
      readonly files?: SetupFiles;
    }
  /** Waits on an open stdin: SIGINT must end it at once, as before. */
  | { readonly kind: 'blocked-input'; readonly args: readonly string[] }
  /** Runs child processes (each writes its pid into `pids/`): SIGTERM must reach them, and the program wait for them. */
  | { readonly kind: 'runner'; readonly args: readonly string[]; readonly files?: SetupFiles };

export interface Program {
  readonly name: string;
  /** Why `fix` leaves it as it is, when it does: printed in the table. */
  readonly note?: string;
  readonly packages: readonly PinnedPackage[];
  /** The published package whose `bin` is run (and fixed), or an app of apps/ (copied, then fixed). */
  readonly entry: { readonly package: string; readonly bin?: string } | { readonly app: string };
  readonly scenarios: readonly Scenario[];
}

const FRAMEWORKS: readonly PinnedPackage[] = [
  { name: 'express', version: '5.3.0' },
  { name: 'koa', version: '3.3.0' },
  { name: 'fastify', version: '5.12.8' },
  { name: 'hono', version: '4.13.23' },
  { name: '@hono/node-server', version: '2.1.11' },
];

const published = (
  name: string,
  version: string,
  scenarios: readonly Scenario[],
  { bin, note }: { bin?: string; note?: string } = {},
): Program => ({
  name,
  packages: [{ name, version }],
  entry: bin === undefined ? { package: name } : { package: name, bin },
  scenarios,
  ...(note === undefined ? {} : { note }),
});
const app = (name: string, file: string, scenarios: readonly Scenario[]): Program => ({
  name,
  packages: FRAMEWORKS,
  entry: { app: file },
  scenarios,
});

/** 32 MiB: more than loopback socket buffers hold, so a paused client keeps the response in flight. */
const BIG_FILE = 'x'.repeat(32 * 1024 * 1024);
const STATIC: SetupFiles = { 'public/index.html': '<h1>hi</h1>\n', 'public/big.bin': BIG_FILE };

const TREE: SetupFiles = { 'out/a.txt': 'a', 'out/b.txt': 'b', 'out/keep.md': 'k', 'out/sub/c.txt': 'c' };
const CHILD = `const fs = require('node:fs');
fs.mkdirSync('pids', { recursive: true });
fs.writeFileSync('pids/' + process.pid, process.argv[2]);
console.log(process.argv[2] + ' started');
process.on('SIGTERM', () => setTimeout(() => { console.log(process.argv[2] + ' stopped'); process.exit(0); }, 300));
setInterval(() => {}, 1000);
`;

export const PROGRAMS: readonly Program[] = [
  // One-shot command-line tools
  published('rimraf', '6.1.4', [
    { kind: 'run', args: ['out/sub', 'out/a.txt'], files: TREE },
    { kind: 'run', args: ['--glob', 'out/**/*.txt'], files: TREE },
  ]),
  published('del-cli', '7.0.0', [{ kind: 'run', args: ['out/*.txt', '!out/b.txt'], files: TREE }], { bin: 'del' }),
  published('yaml', '2.9.1', [
    { kind: 'run', args: ['--json'], stdin: 'a: 1\nb: [x, y]\n' },
    { kind: 'run', args: ['--json'], stdin: 'a: 1\n', stdinDelayMs: 1500 },
    { kind: 'run', args: ['--nope'], stdin: '' },
    { kind: 'blocked-input', args: [] },
  ]),
  published('marked', '18.2.1', [
    { kind: 'run', args: [], stdin: '# Title\n\n*hi*\n' },
    { kind: 'run', args: ['-i', 'in.md', '-o', 'out.html'], files: { 'in.md': '- a\n- b\n' } },
    { kind: 'blocked-input', args: [] },
  ]),
  published('terser', '5.51.2', [
    {
      kind: 'run',
      args: ['in.js', '-c', '-m'],
      files: { 'in.js': 'function add(first, second) { return first + second; }\nconsole.log(add(1, 2));\n' },
    },
    { kind: 'run', args: ['broken.js'], files: { 'broken.js': 'function (\n' } },
  ]),
  published('json', '11.0.0', [
    { kind: 'run', args: ['a.b'], stdin: '{"a":{"b":[1,2]}}' },
    { kind: 'run', args: ['-f', 'x.json', '-e', 'this.c=3', '-I'], files: { 'x.json': '{"a":1}\n' } },
  ]),
  published('wait-on', '9.5.1', [
    { kind: 'run', args: ['-t', '1000', 'missing.txt'] },
    { kind: 'run', args: ['-t', '5000', 'there.txt'], files: { 'there.txt': 'x' } },
  ]),
  published('semver', '7.8.6', [
    { kind: 'run', args: ['1.2.3', '2.0.0', '1.5.0', '-r', '^1'] },
    { kind: 'run', args: ['nope', '-r', '^1'] },
  ]),
  published('js-yaml', '5.5.0', [
    { kind: 'run', args: ['in.yml'], files: { 'in.yml': 'a: [1, 2]\n' } },
    { kind: 'run', args: ['bad.yml'], files: { 'bad.yml': 'a: [1, 2\n' } },
  ]),
  published('json5', '2.2.3', [
    { kind: 'run', args: ['-c', 'in.json5'], files: { 'in.json5': "{a: 1, b: 'x',}\n" } },
    { kind: 'run', args: [], stdin: '{a: 1, // c\n}\n' },
  ]),
  published('cowsay', '1.6.0', [{ kind: 'run', args: ['-f', 'tux', 'hello'] }]),
  // Runners
  published(
    'concurrently',
    '10.0.7',
    [
      {
        kind: 'run',
        args: ['-m', '1', 'node one.js', 'node two.js'],
        files: { 'one.js': "console.log('one')", 'two.js': "console.log('two'); process.exitCode = 3" },
      },
      { kind: 'runner', args: ['node child.js first', 'node child.js second'], files: { 'child.js': CHILD } },
    ],
    {
      note: 'skipped, rightly: the library itself (KillOnSignal) forwards SIGINT/SIGTERM/SIGHUP to the children and waits for them (no child is left); the bin then ends through its own `exitProcess(1)` (process.exit in a `.then` callback, inside a top-level `try`), which the codemod cannot turn into an exit code, hence status 1 rather than the signal',
    },
  ),
  // Servers
  published(
    'http-server',
    '14.1.1',
    [
      {
        kind: 'serve',
        args: ['public', '-a', '127.0.0.1', '-p', '{port}', '-s', '-d', 'false'],
        paths: ['/index.html', '/missing'],
        slowDownload: '/big.bin',
        files: STATIC,
      },
    ],
    {
      note: 'skipped, rightly: the server is created inside `listen()`, called from top-level code and from a portfinder callback, where no main can await it or close it; its SIGINT/SIGTERM handlers log and exit. The reason names the line and asks for an async main',
    },
  ),
  published(
    'serve',
    '14.2.7',
    [
      {
        kind: 'serve',
        args: ['public', '-l', 'tcp://127.0.0.1:{port}', '--no-clipboard', '--no-port-switching'],
        paths: ['/index.html', '/missing'],
        slowDownload: '/big.bin',
        files: STATIC,
      },
    ],
    {
      note: 'unchanged, rightly: graceful by hand: its SIGINT/SIGTERM listener (`registerCloseListener`) closes the server and lets requests finish (a second SIGINT force-closes); it then exits 0, not by the signal',
    },
  ),
  published(
    'json-server',
    '0.17.4',
    [
      {
        kind: 'serve',
        args: ['db.json', '--host', '127.0.0.1', '--port', '{port}', '--quiet', '--static', 'public'],
        paths: ['/posts', '/posts/1', '/nothing'],
        slowDownload: '/big.bin',
        files: { ...STATIC, 'db.json': '{ "posts": [{ "id": 1, "title": "a" }] }\n' },
      },
    ],
    {
      note: "skipped, rightly: the bin only runs the package's own `lib/cli` (`require('./')()`); the server starts in lib/cli/run.js, where the bin cannot see when it ends. The reason names that module and line and says what to do (it dies of the signal as Node does, before and after)",
    },
  ),
  published(
    'sirv-cli',
    '3.0.1',
    [
      {
        kind: 'serve',
        args: ['public', '--host', '127.0.0.1', '--port', '{port}'],
        paths: ['/index.html'],
        slowDownload: '/big.bin',
        files: STATIC,
      },
    ],
    {
      bin: 'sirv',
      note: 'skipped, rightly: the bin only hands `boot` from its own `index.js` to sade (`.action(boot).parse()`); the server starts there, where the bin cannot see when it ends. The reason names that module and line and says what to do (it dies of the signal as Node does, before and after)',
    },
  ),
  // Framework hello-worlds and small hand-written programs
  app('express', 'express-hello.cjs', [{ kind: 'serve', args: [], paths: ['/', '/nope'], slow: '/slow' }]),
  app('koa', 'koa-hello.cjs', [{ kind: 'serve', args: [], paths: ['/'], slow: '/slow' }]),
  app('fastify (callback listen)', 'fastify-callback.mjs', [
    { kind: 'serve', args: [], paths: ['/', '/nope'], slow: '/slow' },
  ]),
  app('fastify (await listen)', 'fastify-await.mjs', [{ kind: 'serve', args: [], paths: ['/'], slow: '/slow' }]),
  app('fastify (getting started)', 'fastify-start.cjs', [{ kind: 'serve', args: [], paths: ['/'], slow: '/slow' }]),
  app('hono (@hono/node-server)', 'hono-node-server.mjs', [
    { kind: 'serve', args: [], paths: ['/', '/nope'], slow: '/slow' },
  ]),
  app('http.createServer', 'http-wrapper.cjs', [{ kind: 'serve', args: [], paths: ['/'], slow: '/slow' }]),
  app('CLI with a cleanup handler', 'cli-cleanup-handler.mjs', [
    { kind: 'run', args: ['0'] },
    { kind: 'run', args: ['300'] },
  ]),
  app('readline CLI', 'readline-upper.mjs', [
    { kind: 'run', args: [], stdin: 'a\nb\n' },
    { kind: 'run', args: [], stdin: 'slow\n', stdinDelayMs: 1500 },
    { kind: 'blocked-input', args: [] },
  ]),
];
