import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { threadSignal, type ThreadSignalResult } from '../../packages/graceful-shutdown-cli/codemods/thread-signal.js';
import { rerun, run, type Run } from './thread-signal-project.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const CONTEXT = `export interface MainContext {
  readonly signal: AbortSignal;
  readonly shutdown: Promise<string>;
  readonly track: (work: PromiseLike<unknown>, label?: string) => void;
  readonly defer: (close: () => unknown, label?: string) => () => void;
}
export function runMain(main: (ctx: MainContext) => Promise<number | void>): void {
  void main({} as MainContext);
}
`;

const reasons = (result: ThreadSignalResult): string[] =>
  result.leftAlone.map((entry) => `${entry.kind} ${entry.name}: ${entry.reason}`);

/** Runs, then checks the invariants every run must keep: nothing reverted unless expected, idempotent. */
function thread(files: Record<string, string>, options: Parameters<typeof run>[1] = {}): Run {
  const result = run(files, options);
  const again = rerun(result, options);
  expect(again.edits, 'a second run changes nothing').toEqual([]);
  expect(again.files.filter((file) => file.status === 'changed')).toEqual([]);
  return result;
}

describe('thread-signal: across files', () => {
  it('threads ctx.signal from main through aliases and re-exports to Node APIs and fetch', () => {
    const { result, text, relative } = thread({
      'graceful-shutdown.ts': CONTEXT,
      'bin/cli.ts': `import { runMain, type MainContext } from '../graceful-shutdown.js';
import { getAll, store } from '../lib/index.js';

async function main({ track, defer }: MainContext): Promise<void> {
  const data = await getAll('https://example.test');
  track(store(data));
}

runMain(main);
`,
      'lib/index.ts': `export { fetchAll as getAll } from './fetch.js';
export * from './store.js';
`,
      'lib/fetch.ts': `import { setTimeout as sleep } from 'node:timers/promises';

export async function fetchAll(url: string): Promise<string> {
  await sleep(100);
  const res = await fetch(url, { method: 'GET' });
  return res.text();
}
`,
      'lib/store.ts': `import * as fsp from 'node:fs/promises';

export const store = async (data: string) => {
  await fsp.writeFile('out.txt', data, 'utf8');
};
`,
    });
    expect(result.reverted).toEqual([]);
    expect(reasons(result)).toEqual([]);
    expect(text('bin/cli.ts')).toContain('async function main({ track, defer, signal }: MainContext): Promise<void> {');
    expect(text('bin/cli.ts')).toContain(`const data = await getAll('https://example.test', signal);`);
    expect(text('bin/cli.ts')).toContain('track(store(data, signal));');
    expect(text('lib/index.ts')).toBe(`export { fetchAll as getAll } from './fetch.js';
export * from './store.js';
`);
    expect(text('lib/fetch.ts')).toBe(`import { setTimeout as sleep } from 'node:timers/promises';

export async function fetchAll(url: string, signal?: AbortSignal): Promise<string> {
  await sleep(100, undefined, { signal });
  const res = await fetch(url, { method: 'GET', signal });
  return res.text();
}
`);
    expect(text('lib/store.ts')).toContain(`export const store = async (data: string, signal?: AbortSignal) => {
  await fsp.writeFile('out.txt', data, { encoding: 'utf8', signal });`);
    expect(result.files.find((file) => relative(file.file) === 'lib/index.ts')?.status).toBe('unchanged');
    expect(result.edits.map((edit) => edit.kind).sort()).toEqual([
      'add-binding',
      'add-parameter',
      'add-parameter',
      'api-signal',
      'api-signal',
      'api-signal',
      'pass-signal',
      'pass-signal',
    ]);
    // One connected group: main's new `signal` binding is used by every edit below it.
    expect(new Set(result.edits.map((edit) => edit.group)).size).toBe(1);
  });

  it('uses ctx.signal as it is, and a signal parameter by its own name', () => {
    const { result, text } = thread({
      'main.ts': `import { setTimeout as sleep } from 'node:timers/promises';
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
import type { MainContext } from './graceful-shutdown.js';

export async function main(ctx: MainContext, bus: EventEmitter): Promise<void> {
  await sleep(10);
  await once(bus, 'ready');
}

export async function poll(abortSignal: AbortSignal): Promise<void> {
  await sleep(10, 'x');
}
`,
      'graceful-shutdown.ts': CONTEXT,
    });
    expect(result.reverted).toEqual([]);
    expect(text('main.ts')).toContain('await sleep(10, undefined, { signal: ctx.signal });');
    expect(text('main.ts')).toContain(`await once(bus, 'ready', { signal: ctx.signal });`);
    expect(text('main.ts')).toContain(`await sleep(10, 'x', { signal: abortSignal });`);
    // Existing bindings create nothing: each API edit is its own group.
    expect(new Set(result.edits.map((edit) => edit.group)).size).toBe(3);
  });

  it('gives a parameterless main passed to runMain its MainContext signal (graceful-main adds no parameter it does not need)', () => {
    const { result, text } = thread({
      'bin/graceful-shutdown.ts': CONTEXT,
      'bin/cli.ts': `#!/usr/bin/env node
import { syncAll } from '../lib/sync.js';
import { runMain } from './graceful-shutdown.js';

async function main(): Promise<void> {
  await syncAll(process.argv[2] ?? 'http://localhost');
}

runMain(main);
`,
      'bin/inline.ts': `import { runMain } from './graceful-shutdown.js';
import { setTimeout as sleep } from 'node:timers/promises';

runMain(async () => {
  await sleep(60_000);
});
`,
      'lib/sync.ts': `import { setTimeout as sleep } from 'node:timers/promises';
export async function syncAll(url: string): Promise<void> {
  await Promise.all([sleep(60_000), fetch(url)]);
}
`,
    });
    expect(result.reverted).toEqual([]);
    expect(text('bin/cli.ts')).toBe(`#!/usr/bin/env node
import { syncAll } from '../lib/sync.js';
import { runMain, type MainContext } from './graceful-shutdown.js';

async function main({ signal }: MainContext): Promise<void> {
  await syncAll(process.argv[2] ?? 'http://localhost', signal);
}

runMain(main);
`);
    expect(text('bin/inline.ts')).toContain(`runMain(async ({ signal }) => {
  await sleep(60_000, undefined, { signal });`);
    expect(text('lib/sync.ts')).toContain(
      'await Promise.all([sleep(60_000, undefined, { signal }), fetch(url, { signal })]);',
    );
  });

  it('follows class methods called through this and instances', () => {
    const { result, text } = thread({
      'client.ts': `export class Client {
  constructor(private readonly base: string) {}

  async get(path: string): Promise<string> {
    const res = await fetch(this.base + path);
    return res.text();
  }

  async getAll(paths: string[]): Promise<string[]> {
    return Promise.all(paths.map((p) => this.get(p)));
  }
}
`,
      'main.ts': `import { Client } from './client.js';

export async function main(signal: AbortSignal): Promise<void> {
  const client = new Client('https://example.test');
  await client.getAll(['/a', '/b']);
}
`,
    });
    expect(result.reverted).toEqual([]);
    expect(text('client.ts')).toContain('async get(path: string, signal?: AbortSignal): Promise<string> {');
    expect(text('client.ts')).toContain('const res = await fetch(this.base + path, { signal });');
    expect(text('client.ts')).toContain('async getAll(paths: string[], signal?: AbortSignal): Promise<string[]> {');
    expect(text('client.ts')).toContain('paths.map((p) => this.get(p, signal))');
    expect(text('main.ts')).toContain(`await client.getAll(['/a', '/b'], signal);`);
  });

  it('handles recursion and mutual recursion', () => {
    const { result, text } = thread({
      'crawl.ts': `export async function crawl(url: string, depth: number): Promise<void> {
  const res = await fetch(url);
  if (depth > 0) await crawl(url + '/next', depth - 1);
  await ping(url, depth);
}

async function ping(url: string, depth: number): Promise<void> {
  if (depth > 0) await crawl(url, depth - 1);
}

export async function main(signal: AbortSignal): Promise<void> {
  await crawl('https://example.test', 3);
}
`,
    });
    expect(result.reverted).toEqual([]);
    expect(text('crawl.ts'))
      .toBe(`export async function crawl(url: string, depth: number, signal?: AbortSignal): Promise<void> {
  const res = await fetch(url, { signal });
  if (depth > 0) await crawl(url + '/next', depth - 1, signal);
  await ping(url, depth, signal);
}

async function ping(url: string, depth: number, signal?: AbortSignal): Promise<void> {
  if (depth > 0) await crawl(url, depth - 1, signal);
}

export async function main(signal: AbortSignal): Promise<void> {
  await crawl('https://example.test', 3, signal);
}
`);
  });

  it('adds a signal option to a function that takes an options object (inline, interface, destructured)', () => {
    const { result, text } = thread({
      'download.ts': `export interface DownloadOptions {
  retries?: number;
}

export async function download(url: string, options: DownloadOptions = {}): Promise<string> {
  const res = await fetch(url);
  return res.text();
}

export async function upload(url: string, { method = 'PUT' }: { method?: string } = {}): Promise<void> {
  await fetch(url, { method });
}

export async function main(signal: AbortSignal): Promise<void> {
  await download('https://a.test');
  await download('https://b.test', { retries: 2 });
  await upload('https://c.test', {
    method: 'POST',
  });
}
`,
    });
    expect(result.reverted).toEqual([]);
    expect(text('download.ts')).toBe(`export interface DownloadOptions {
  retries?: number;
  signal?: AbortSignal;
}

export async function download(url: string, options: DownloadOptions = {}): Promise<string> {
  const res = await fetch(url, { signal: options.signal });
  return res.text();
}

export async function upload(url: string, { method = 'PUT', signal }: { method?: string; signal?: AbortSignal } = {}): Promise<void> {
  await fetch(url, { method, signal });
}

export async function main(signal: AbortSignal): Promise<void> {
  await download('https://a.test', { signal });
  await download('https://b.test', { retries: 2, signal });
  await upload('https://c.test', {
    method: 'POST',
    signal,
  });
}
`);
  });

  it('passes a signal to a project function that already accepts one', () => {
    const { result, text } = thread({
      'lib.ts': `export async function load(url: string, opts?: { signal?: AbortSignal }): Promise<void> {
  await fetch(url, { signal: opts?.signal ?? null });
}
export async function wait(ms: number, signal?: AbortSignal): Promise<void> {}
`,
      'main.ts': `import { load, wait } from './lib.js';
export async function main(signal: AbortSignal): Promise<void> {
  await load('https://a.test');
  await wait(5);
}
`,
    });
    expect(result.reverted).toEqual([]);
    expect(text('main.ts')).toContain(`await load('https://a.test', { signal });`);
    expect(text('main.ts')).toContain('await wait(5, signal);');
    expect(text('lib.ts')).not.toContain('signal?: AbortSignal, signal');
  });
});

describe('thread-signal: what it leaves alone', () => {
  it('never changes a function whose value is used (callbacks, Express error middleware)', () => {
    const { result, text } = thread({
      'app.ts': `type Handler = (...args: any[]) => void;
const app = { use(handler: Handler) {} };

async function onError(err: unknown, req: unknown, res: unknown, next: unknown): Promise<void> {
  await fetch('https://log.test');
}
app.use(onError);

async function fetchOne(url: string): Promise<string> {
  return (await fetch(url)).text();
}

export async function main(signal: AbortSignal): Promise<void> {
  await onError(new Error('x'), {}, {}, () => {});
  await Promise.all(['a', 'b'].map(fetchOne));
  await fetchOne('c');
}
`,
    });
    expect(result.reverted).toEqual([]);
    expect(result.edits).toEqual([]);
    expect(reasons(result)).toEqual([
      expect.stringMatching(
        /^function onError: its value is used at app\.ts:7 \(`app\.use\(onError\)`\): .*arity.*Express recognises error middleware by `fn\.length === 4`/,
      ),
      expect.stringMatching(/^function fetchOne: its value is used at app\.ts:15 /),
    ]);
    expect(text('app.ts')).toContain(
      'async function onError(err: unknown, req: unknown, res: unknown, next: unknown): Promise<void> {',
    );
  });

  it('leaves interface implementations, overrides, overloads, rest parameters and `arguments` readers alone', () => {
    const { result } = thread({
      'lib.ts': `export interface Source { read(id: string): Promise<string> }

export class HttpSource implements Source {
  async read(id: string): Promise<string> { return (await fetch(id)).text(); }
}

class Base { async load(id: string): Promise<void> {} }
export class Derived extends Base {
  override async load(id: string): Promise<void> { await fetch(id); }
}

export function get(url: string): Promise<void>;
export function get(url: URL): Promise<void>;
export async function get(url: string | URL): Promise<void> { await fetch(url); }

export async function all(...urls: string[]): Promise<void> { await fetch(urls[0]!); }

export async function legacy(url: string): Promise<void> { await fetch(arguments[0] as string); }

export async function main(signal: AbortSignal, source: HttpSource, derived: Derived): Promise<void> {
  await source.read('x');
  await derived.load('y');
  await get('z');
  await all('a', 'b');
  await legacy('c');
}
`,
    });
    expect(result.edits).toEqual([]);
    expect(reasons(result).sort()).toEqual([
      'function Derived.load: it overrides a base-class method',
      'function HttpSource.read: it implements `Source.read`',
      'function all: it has a rest parameter, so a `signal` parameter cannot follow it',
      'function get: it has overload signatures',
      'function legacy: it reads `arguments`',
    ]);
  });

  it('leaves alone functions typed elsewhere, functions using the name `signal`, and calls whose options it cannot see', () => {
    const { result } = thread({
      'lib.ts': `type Fetcher = (url: string) => Promise<Response>;
export const typed: Fetcher = async (url) => fetch(url);

const signal = new AbortController().signal;
export async function usesOuter(url: string): Promise<void> { await fetch(url, { signal }); await fetch(url); }

export async function main(ctx: { signal: AbortSignal }, init: RequestInit, extra: object): Promise<void> {
  await typed('x');
  await usesOuter('y');
  await fetch('z', init);
  await fetch('w', { ...extra });
}
`,
    });
    expect(result.edits).toEqual([]);
    expect(reasons(result).sort()).toEqual([
      'call fetch: its options are the expression `init`: add `signal` where they are built',
      'call fetch: its options spread another object, which may already carry a signal: add `signal` where that object is built',
      'function typed: its type is declared by `Fetcher`',
      'function usesOuter: it already uses the name `signal`',
    ]);
  });

  it('keeps the signal out of cleanup code: finally blocks, defer, abort and process listeners', () => {
    const { result, text } = thread({
      'graceful-shutdown.ts': CONTEXT,
      'main.ts': `import type { MainContext } from './graceful-shutdown.js';
async function flush(): Promise<void> { await fetch('https://log.test/flush', { method: 'POST' }); }

export async function main({ signal, defer }: MainContext): Promise<void> {
  defer(() => fetch('https://log.test/bye'));
  signal.addEventListener('abort', () => void fetch('https://log.test/aborted'));
  process.on('exit', () => void fetch('https://log.test/exit'));
  try {
    await fetch('https://work.test');
  } finally {
    await flush();
  }
}
`,
    });
    expect(result.edits.map((edit) => edit.description)).toEqual(['fetch(): pass `signal`']);
    expect(text('main.ts')).toContain(`await fetch('https://work.test', { signal });`);
    expect(text('main.ts')).toContain(`async function flush(): Promise<void> {`);
  });

  it('does not use a signal that is shadowed at the call', () => {
    const { result, text } = thread({
      'main.ts': `export async function main(ctx: { signal: AbortSignal }): Promise<void> {
  await fetch('a');
  const inner = async (ctx: { name: string }) => { await fetch(ctx.name); };
  await inner({ name: 'b' });
}
`,
    });
    expect(text('main.ts')).toContain(`await fetch('a', { signal: ctx.signal });`);
    expect(text('main.ts')).toContain('await fetch(ctx.name); };');
    expect(reasons(result)).toEqual(['call fetch: `ctx` means something else here']);
  });

  it('only changes the files it is given', () => {
    const { result, text, relative } = thread(
      {
        'lib.ts': `export async function load(url: string): Promise<void> { await fetch(url); }\n`,
        'main.ts': `import { load } from './lib.js';\nexport async function main(signal: AbortSignal): Promise<void> { await load('x'); await fetch('y'); }\n`,
      },
      { files: ['main.ts'] },
    );
    expect(text('main.ts')).toContain(`await load('x'); await fetch('y', { signal });`);
    expect(text('lib.ts')).not.toContain('signal');
    expect(reasons(result)).toEqual(['function load: it is outside the files being changed']);
    expect(result.files.map((file) => relative(file.file))).toEqual(['main.ts']);
  });
});

describe('thread-signal: safety', () => {
  it('reverts the whole connected group, across files, when it would add a type error, and keeps the others', () => {
    const { result, text, relative } = thread({
      'options.ts': `export interface SaveOptions {
  path?: string;
}
export async function save(data: string, options: SaveOptions = {}): Promise<void> {
  await fetch('https://store.test', { method: 'POST', body: data });
}
`,
      'defaults.ts': `import type { SaveOptions } from './options.js';
// Adding an optional \`signal\` to SaveOptions makes this an error.
export const everything: Required<SaveOptions> = { path: '/tmp/x' };
`,
      'main.ts': `import { save } from './options.js';
export async function main(signal: AbortSignal): Promise<void> {
  await save('x');
  await fetch('https://other.test');
}
`,
    });
    expect(result.reverted).toHaveLength(1);
    const [group] = result.reverted;
    expect(group!.reason).toMatch(/^it would add a diagnostic: defaults\.ts:3: TS2741 Property 'signal' is missing/);
    expect(group!.edits.map((edit) => `${relative(edit.file)} ${edit.kind}`).sort()).toEqual([
      'main.ts pass-signal',
      'options.ts add-option',
      'options.ts api-signal',
    ]);
    expect(text('options.ts')).not.toContain('signal');
    expect(text('defaults.ts')).not.toContain('signal?');
    expect(text('main.ts')).toContain(`await save('x');\n  await fetch('https://other.test', { signal });`);
    expect(result.diagnostics).toEqual({ before: 0, after: 0 });
  });

  it('finds the culprit among groups when the new diagnostic is in an edited file', () => {
    const { result, text } = thread({
      'lib.ts': `export async function load(url: string): Promise<void> { await fetch(url); }\n`,
      'main.ts': `import { load } from './lib.js';
export async function main(signal: AbortSignal): Promise<void> { await load('x'); }
// Code that depends on load's arity through its type:
export const arity: 1 = (null as unknown as Parameters<typeof load>)['length'];
`,
      'other.ts': `export async function poll(signal: AbortSignal): Promise<void> { await fetch('y'); }\n`,
    });
    expect(result.reverted.map((group) => group.reason)).toEqual([
      expect.stringMatching(/^it would add a diagnostic: main\.ts:4: TS2322/),
    ]);
    expect(text('lib.ts')).not.toContain('signal');
    expect(text('other.ts')).toContain(`await fetch('y', { signal });`);
    expect(result.diagnostics).toEqual({ before: 0, after: 0 });
  });

  it('compares diagnostic sets: existing errors do not stop it, and it adds none', () => {
    const { result, text } = thread({
      'broken.ts': `export const n: number = 'not a number';\n`,
      'main.ts': `export async function main(signal: AbortSignal): Promise<void> { await fetch('x'); }\n`,
    });
    expect(result.diagnostics).toEqual({ before: 1, after: 1 });
    expect(result.reverted).toEqual([]);
    expect(text('main.ts')).toContain(`await fetch('x', { signal });`);
  });

  it('writes code that type-checks with exactOptionalPropertyTypes', () => {
    const { result, text } = thread(
      {
        'lib.ts': `import { readFile } from 'node:fs/promises';
export interface LoadOptions { retries?: number }
export async function load(url: string, options: LoadOptions = {}): Promise<void> {
  await fetch(url);
  await readFile(url);
}
export async function main(signal: AbortSignal): Promise<void> { await load('x'); }
`,
      },
      { compilerOptions: { exactOptionalPropertyTypes: true } },
    );
    expect(result.reverted).toEqual([]);
    expect(text('lib.ts')).toContain(
      'export interface LoadOptions { retries?: number; signal?: AbortSignal | undefined }',
    );
    // fetch's RequestInit takes `signal?: AbortSignal | null`, not undefined.
    expect(text('lib.ts')).toContain('await fetch(url, { signal: options.signal ?? null });');
    expect(text('lib.ts')).toContain('await readFile(url, { signal: options.signal });');
  });

  it('keeps formatting: trailing commas, multi-line lists, CRLF, comments', () => {
    const source = [
      'export async function load(',
      '  url: string, // where',
      '  tries: number,',
      '): Promise<void> {',
      '  await fetch(url, {',
      "    method: 'GET',",
      '  });',
      '}',
      'export async function main(signal: AbortSignal): Promise<void> {',
      '  await load(',
      "    'x',",
      '    3,',
      '  );',
      '}',
      '',
    ].join('\r\n');
    const { text } = thread({ 'lib.ts': source });
    expect(text('lib.ts')).toBe(
      [
        'export async function load(',
        '  url: string, // where',
        '  tries: number,',
        '  signal?: AbortSignal,',
        '): Promise<void> {',
        '  await fetch(url, {',
        "    method: 'GET',",
        '    signal,',
        '  });',
        '}',
        'export async function main(signal: AbortSignal): Promise<void> {',
        '  await load(',
        "    'x',",
        '    3,',
        '    signal,',
        '  );',
        '}',
        '',
      ].join('\r\n'),
    );
  });

  it('dry run reports the same edits and leaves the project as it was', () => {
    const files = {
      'main.ts': `export async function main(signal: AbortSignal): Promise<void> { await fetch('x'); }\n`,
    };
    const { result, text } = run(files, { dryRun: true });
    expect(result.edits).toHaveLength(1);
    expect(result.files[0]).toMatchObject({
      status: 'changed',
      before: files['main.ts'],
      after: expect.stringContaining(`fetch('x', { signal })`),
    });
    expect(text('main.ts')).toBe(files['main.ts']);
  });
});

describe('thread-signal: JavaScript', () => {
  const runMainJs = `export function runMain(main) { void main({}); }\n`;

  it('without checkJs: threads through certainly-safe calls only', () => {
    const { result, text } = thread(
      {
        'graceful-shutdown.js': runMainJs,
        'cli.js': `import { setTimeout as sleep } from 'node:timers/promises';
import { runMain } from './graceful-shutdown.js';
import { load, risky } from './lib.js';

async function main(ctx) {
  await sleep(1000);
  await load('https://a.test');
  await risky('https://b.test', 'extra');
}

runMain(main);
`,
        'lib.js': `export async function load(url) {
  const res = await fetch(url);
  return res.text();
}
export async function risky(url) {
  await fetch(url, { method: 'GET' });
}
`,
      },
      { compilerOptions: { allowJs: true, checkJs: false } },
    );
    expect(result.reverted).toEqual([]);
    expect(text('cli.js')).toContain('await sleep(1000, undefined, { signal: ctx.signal });');
    expect(text('cli.js')).toContain(`await load('https://a.test', ctx.signal);`);
    expect(text('lib.js')).toContain(
      'export async function load(url, signal) {\n  const res = await fetch(url, { signal });',
    );
    expect(text('cli.js')).toContain(`await risky('https://b.test', 'extra');`);
    expect(reasons(result)).toEqual([
      expect.stringMatching(
        /^function risky: a call at cli\.js:8 passes more arguments than it declares \(JS without checkJs/,
      ),
    ]);
  });

  it('with checkJs: the type checker guards the edits', () => {
    const { result, text } = thread(
      {
        'main.js': `/** @param {{ signal: AbortSignal }} ctx */
export async function main(ctx) {
  await load('x');
}
async function load(url) {
  await fetch(url);
}
`,
      },
      { compilerOptions: { allowJs: true, checkJs: true } },
    );
    expect(result.reverted).toEqual([]);
    expect(text('main.js')).toContain(`await load('x', ctx.signal);`);
    // Under noImplicitAny (strict), the new parameter is typed by a JSDoc line.
    expect(text('main.js')).toContain(
      '/** @param {AbortSignal} [signal] */\nasync function load(url, signal) {\n  await fetch(url, { signal });',
    );
  });
});

describe('thread-signal: the shared table', () => {
  it('places options before a trailing callback, as the table says (exec, http.get)', () => {
    const { result, text } = thread({
      'main.ts': `import { exec } from 'node:child_process';
import * as http from 'node:http';

export function main(signal: AbortSignal): void {
  exec('ls', (error, stdout) => console.log(stdout));
  http.get('http://localhost:1', (response) => response.resume());
}
`,
    });
    expect(result.reverted).toEqual([]);
    expect(text('main.ts')).toContain(`exec('ls', { signal }, (error, stdout) => console.log(stdout));`);
    expect(text('main.ts')).toContain(`http.get('http://localhost:1', { signal }, (response) => response.resume());`);
  });

  it('in CommonJS without checkJs: uses require bindings, and leaves a string shorthand alone', () => {
    const { result, text } = thread(
      {
        'graceful-shutdown.cjs': `exports.runMain = function runMain(main) { void main({}); };\n`,
        'cli.cjs': `const { setTimeout: sleep } = require('node:timers/promises');
const fsp = require('node:fs').promises;
const { runMain } = require('./graceful-shutdown.cjs');

async function main(ctx) {
  await sleep(10);
  await fsp.readFile('config.json', 'utf8');
  await fsp.readFile('data.bin');
}

runMain(main);
`,
      },
      { compilerOptions: { allowJs: true, checkJs: false } },
    );
    expect(result.reverted).toEqual([]);
    expect(text('cli.cjs')).toContain('await sleep(10, undefined, { signal: ctx.signal });');
    expect(text('cli.cjs')).toContain(`await fsp.readFile('config.json', 'utf8');`);
    expect(text('cli.cjs')).toContain(`await fsp.readFile('data.bin', { signal: ctx.signal });`);
    expect(reasons(result)).toEqual([expect.stringMatching(/^call fsp\.readFile: its options are the string 'utf8'/)]);
  });
});

describe('thread-signal: programmatic use', () => {
  it('analyses overlaid texts (graceful-main output not yet written)', () => {
    const { result } = run(
      { 'main.ts': `export async function main(): Promise<void> { await fetch('x'); }\n` },
      {
        dryRun: true,
        overlay: {
          'main.ts': `export async function main(signal: AbortSignal): Promise<void> { await fetch('x'); }\n`,
        },
      },
    );
    expect(result.files[0]).toMatchObject({
      status: 'changed',
      after: `export async function main(signal: AbortSignal): Promise<void> { await fetch('x', { signal }); }\n`,
    });
  });

  it('reports why nothing was done when the program has no AbortSignal type', () => {
    const { result } = run(
      { 'main.ts': `export async function main(): Promise<void> {}\n` },
      { compilerOptions: { types: [], lib: ['lib.es5.d.ts'] } },
    );
    expect(result.skipped).toMatch(/no AbortSignal type/);
    expect(result.edits).toEqual([]);
  });

  it('never crashes on odd syntax, and keeps every diagnostic set', () => {
    const files = {
      'odd.tsx': `import { setTimeout as sleep } from 'node:timers/promises';
declare const React: { createElement(...args: unknown[]): unknown };
export enum Mode { A, B = 'b' }
export namespace NS { export const x = 1; }
export abstract class Shape { abstract area(): number; get name(): string { return 'shape'; } static { void 0; } }
function decorate(_target: unknown, _context: ClassMethodDecoratorContext): void {}
export class Widget {
  #secret = 1;
  @decorate async load(signal: AbortSignal): Promise<void> { await sleep(1); await this.#tick?.(); }
  async #tick(): Promise<void> { await sleep(2); }
  [Symbol.iterator] = function* () { yield 1; };
}
export default async function (signal: AbortSignal): Promise<void> {
  const el = <div onClick={() => sleep(3)}>{sleep.name}</div>;
  const tag = (s: TemplateStringsArray) => s.raw;
  tag\`x\${1}\`;
  await (async () => { await sleep(4); })();
  label: for (const x of [1]) { if (x) break label; }
  const fn = sleep as typeof sleep | undefined;
  await fn?.(5);
  await import('node:timers/promises').then((m) => m.setTimeout(6));
  const { a = 1, ...rest } = { a: 2, b: 3 };
  void el; void rest; void a; void import.meta.url;
  await new Promise<void>((resolve) => setTimeout(resolve, 1));
  async function* pages() { yield await sleep(7); }
  for await (const page of pages()) void page;
  await sleep(8)!;
  await (sleep satisfies typeof sleep)(9);
}
`,
      'broken.ts': `export function broken( { return sleep(`,
      'plain.js': `module.exports = async function (signal) { await fetch('x'); };\n`,
    };
    const { result } = thread(files, { compilerOptions: { jsx: 4, allowJs: true, target: 9 } });
    expect(result.diagnostics.after).toBeLessThanOrEqual(result.diagnostics.before);
    expect(result.edits.length).toBeGreaterThan(0);
  });
});

describe('thread-signal: on disk', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const project = (files: Record<string, string>): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'thread-signal-disk-'));
    dirs.push(dir);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    return dir;
  };

  it('reads the tsconfig, keeps a byte-order mark and CRLF, writes only changed files', () => {
    const main =
      '\uFEFF// main\r\nexport async function main(signal: AbortSignal): Promise<void> {\r\n  await fetch("x");\r\n}\r\n';
    const dir = project({
      'package.json': '{ "type": "module" }',
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          module: 'NodeNext',
          strict: true,
          types: [],
          noEmit: true,
        },
        include: ['src'],
      }),
      'src/main.ts': main,
      'src/other.ts': 'export const x = 1;\n',
    });
    const before = statSync(path.join(dir, 'src/other.ts')).mtimeMs;
    const result = threadSignal({ tsconfigPath: path.join(dir, 'tsconfig.json') });
    expect(result.reverted).toEqual([]);
    expect(readFileSync(path.join(dir, 'src/main.ts'), 'utf8')).toBe(
      main.replace('fetch("x")', 'fetch("x", { signal })'),
    );
    expect(statSync(path.join(dir, 'src/other.ts')).mtimeMs).toBe(before);
    expect(threadSignal({ tsconfigPath: path.join(dir, 'tsconfig.json') }).edits).toEqual([]);
  });

  it('without a config, opens the files given as JavaScript (no checkJs)', () => {
    const dir = project({
      'package.json': '{ "type": "module" }',
      'cli.js': `import { setTimeout as sleep } from 'node:timers/promises';\n/** @param {AbortSignal} signal */\nexport async function main(signal) {\n  await sleep(10);\n}\n`,
    });
    symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const result = threadSignal({ files: [path.join(dir, 'cli.js')], cwd: dir, dryRun: true });
    expect(result.files).toEqual([
      expect.objectContaining({
        status: 'changed',
        after: expect.stringContaining('await sleep(10, undefined, { signal });'),
      }),
    ]);
    expect(readFileSync(path.join(dir, 'cli.js'), 'utf8')).toContain('await sleep(10);\n');
  });
});
