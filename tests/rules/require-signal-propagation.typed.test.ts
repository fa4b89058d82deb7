// Type-aware mode (`typeAware: true`): any callee whose options type takes an AbortSignal,
// options passed as variables, and signals recognised by their type.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule, {
  type RuleOptions,
} from '../../packages/eslint-plugin-graceful-shutdown/rules/require-signal-propagation.js';
import { invalid as syntacticInvalid, valid as syntacticValid } from './require-signal-propagation.cases.js';
import { typedParserOptions } from './typed-parser-options.js';

const fixtures = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/rules/require-signal-propagation',
);

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: typedParserOptions(fixtures),
  },
});

const typeAware: [RuleOptions] = [{ apis: [], ignore: [], typeAware: true }];
const CONTEXT = `interface MainContext { readonly signal: AbortSignal; readonly track: (work: PromiseLike<unknown>) => void }
`;
const MAIN = 'async function main({ signal }: MainContext) {';

// The options type a generated SDK client uses: `signal` travels inside options, possibly as a promise of them.
const SDK = `type O = { body?: unknown; signal?: AbortSignal | null };
declare function post(p: string, o?: O | Promise<O>): Promise<unknown>;`;

ruleTester.run('require-signal-propagation (typeAware): the signal already travels, or no work starts', rule, {
  valid: [
    // The example: the options (with their signal) are forwarded inside a promise of options.
    {
      code: `${SDK}
const wrap = (o: O | undefined, f: (o?: O) => O) => Promise.resolve(o).then(f);
export const create = (body: unknown, options?: O) => post('/x', wrap(options, (o) => ({ body, ...o })));`,
      options: typeAware,
    },
    {
      code: `${SDK}
export async function create(body: unknown, options?: O) {
  await post('/x', options);
  await post('/y', { body, ...options });
}`,
      options: typeAware,
    },
    // A Request carries its own signal.
    {
      code: `export async function send(request: Request, signal: AbortSignal) {
  return fetch(request);
}`,
      options: typeAware,
    },
    // A synchronous helper whose parameter type happens to include \`signal?\` starts nothing.
    {
      code: `${SDK}
function format({ body }: O): string {
  return JSON.stringify(body);
}
export function describe(body: unknown, signal: AbortSignal) {
  return format({ body });
}`,
      options: typeAware,
    },
    // A callee of a union type whose members do not all take options: no signal can be passed without narrowing.
    {
      code: `${SDK}
interface TokenAuth { getToken(options?: { retries?: number }): Promise<string> }
interface X509Auth { getToken(options?: O): Promise<string> }
export async function token(auth: TokenAuth | X509Auth, signal: AbortSignal) {
  return auth.getToken();
}`,
      options: typeAware,
    },
  ],
  invalid: [
    // …when every member takes them, the signal can be passed.
    {
      code: `${SDK}
interface TokenAuth { getToken(options?: O): Promise<string> }
interface X509Auth { getToken(options?: O, context?: unknown): Promise<string> }
export async function token(auth: TokenAuth | X509Auth, signal: AbortSignal) {
  return auth.getToken();
}`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          line: 6,
          suggestions: [
            {
              messageId: 'passOptions',
              output: `${SDK}
interface TokenAuth { getToken(options?: O): Promise<string> }
interface X509Auth { getToken(options?: O, context?: unknown): Promise<string> }
export async function token(auth: TokenAuth | X509Auth, signal: AbortSignal) {
  return auth.getToken({ signal });
}`,
            },
          ],
        },
      ],
    },
    {
      code: `${SDK}
export async function create(body: unknown, signal: AbortSignal) {
  await post('/x', { body });
}`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          line: 4,
          suggestions: [
            {
              messageId: 'addSignal',
              output: `${SDK}
export async function create(body: unknown, signal: AbortSignal) {
  await post('/x', { body, signal });
}`,
            },
          ],
        },
      ],
    },
    // A promise of options whose type has no \`signal\`: reported, with no spread suggestion (a promise cannot be spread).
    {
      code: `${SDK}
declare function build(body: unknown): Promise<{ body: unknown }>;
export async function create(body: unknown, signal: AbortSignal) {
  await post('/x', build(body));
}`,
      options: typeAware,
      errors: [{ messageId: 'missingSignal', line: 5, suggestions: [] }],
    },
    // The same helper, asynchronous: it starts work.
    {
      code: `${SDK}
async function format({ body }: O): Promise<string> {
  return JSON.stringify(body);
}
export async function describe(body: unknown, signal: AbortSignal) {
  return format({ body });
}`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          line: 7,
          suggestions: [
            {
              messageId: 'addSignal',
              output: `${SDK}
async function format({ body }: O): Promise<string> {
  return JSON.stringify(body);
}
export async function describe(body: unknown, signal: AbortSignal) {
  return format({ body, signal });
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-signal-propagation (typeAware)', rule, {
  valid: [
    // A user-defined API that gets the signal.
    {
      code: `import { download } from './lib/download.js';\n${CONTEXT}${MAIN} await download('https://example.com/', { signal }); }`,
      options: typeAware,
    },
    // Options variables whose type may carry `signal`.
    {
      code: `${CONTEXT}${MAIN} const init: RequestInit = { method: 'POST' }; await fetch('https://example.com/', init); }`,
      options: typeAware,
    },
    {
      code: `${CONTEXT}${MAIN} const init = { method: 'POST', signal }; await fetch('https://example.com/', init); }`,
      options: typeAware,
    },
    {
      code: `import { readFile } from 'node:fs/promises';\n${CONTEXT}async function main(ctx: MainContext, options: Record<string, unknown>) { await readFile('a.txt', options); }`,
      options: typeAware,
    },
    {
      code: `${CONTEXT}${MAIN} const init: any = {}; await fetch('https://example.com/', init); }`,
      options: typeAware,
    },
    {
      code: `import { download, type DownloadOptions } from './lib/download.js';\n${CONTEXT}${MAIN} const base: DownloadOptions = { retries: 2 }; await download('https://example.com/', { ...base }); }`,
      options: typeAware,
    },
    // A `signal` option that takes a process signal name is not an AbortSignal option.
    { code: `import { stop } from './lib/download.js';\n${CONTEXT}${MAIN} stop({}); }`, options: typeAware },
    // The parameter's type says it is a signal *name*.
    { code: `process.on('SIGINT', async (signal) => { await fetch('https://example.com/'); });`, options: typeAware },
    { code: `async function f(signal: NodeJS.Signals) { await fetch('https://example.com/'); }`, options: typeAware },
    {
      code: `type Kill = { signal: NodeJS.Signals }; async function f(options: Kill) { await fetch('https://example.com/'); }`,
      options: typeAware,
    },
    // No options parameter: positional signals, rest parameters, `any` parameters.
    {
      code: `async function get(url: string, signal?: AbortSignal) {} ${CONTEXT}${MAIN} await get('x'); }`,
      options: typeAware,
    },
    {
      code: `function all(...options: Array<{ signal?: AbortSignal }>) {} ${CONTEXT}${MAIN} all(); }`,
      options: typeAware,
    },
    { code: `function loose(url: string, options?: any) {} ${CONTEXT}${MAIN} loose('x'); }`, options: typeAware },
    // Event listeners take `{ signal }` but are not work to cancel.
    { code: `${CONTEXT}${MAIN} globalThis.addEventListener('message', () => {}); }`, options: typeAware },
    // No signal in scope.
    {
      code: `import { download } from './lib/download.js'; async function f(url: string) { await download(url); }`,
      options: typeAware,
    },
    // A required `signal` belongs to an object that owns one (a Request), not to an options bag.
    {
      code: `function handle(input: Request | string) {}\n${CONTEXT}${MAIN} handle('https://example.com/'); }`,
      options: typeAware,
    },
    // Synchronous APIs block the event loop until they return: no abort can reach them, although
    // Node's SpawnSyncOptions / ExecSyncOptions / ExecFileSyncOptions declare `signal`.
    {
      code: `import { spawnSync, execFileSync, execSync } from 'node:child_process';\n${CONTEXT}${MAIN} spawnSync('ls', ['-l'], { cwd: '/' }); execFileSync('node', ['-v'], { encoding: 'utf8' }); execSync('ls', { stdio: 'inherit' }); spawnSync('ls'); execSync('ls'); }`,
      options: typeAware,
    },
    {
      code: `import * as cp from 'node:child_process';\n${CONTEXT}${MAIN} const run = cp.execSync; run('ls', { stdio: 'inherit' }); cp.spawnSync('ls', { shell: true }); }`,
      options: typeAware,
    },
    // Any `*Sync` function that returns a plain value (glob's `globSync(pattern, { signal })`).
    {
      code: `function globSync(pattern: string, options?: { signal?: AbortSignal }): string[] { return [pattern]; }\n${CONTEXT}${MAIN} globSync('*.ts'); }`,
      options: typeAware,
    },
    // Annotations that settle it without asking the checker: names, and `any` left to syntax.
    {
      code: `async function f(signal: 'SIGINT' | 'SIGTERM') { await fetch('https://example.com/'); }`,
      options: typeAware,
    },
    { code: `async function f(ctx: unknown) { await fetch('https://example.com/'); }`, options: typeAware },
    // Arrays have `map`, not options.
    { code: `${CONTEXT}${MAIN} const xs = [1, 2].map((x) => x * 2); }`, options: typeAware },
  ],
  invalid: [
    {
      // A user-defined API, declared in the file.
      code: `async function download(url: string, options?: { signal?: AbortSignal; retries?: number }) { return url; }\n${CONTEXT}${MAIN} await download('https://example.com/'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          line: 3,
          column: 54,
          data: { callee: 'download', signal: 'signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `async function download(url: string, options?: { signal?: AbortSignal; retries?: number }) { return url; }\n${CONTEXT}${MAIN} await download('https://example.com/', { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // A user-defined API imported from another module; its options literal lacks `signal`.
      code: `import { download } from './lib/download.js';\n${CONTEXT}${MAIN} await download('https://example.com/', { retries: 3 }); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          line: 3,
          suggestions: [
            {
              messageId: 'addSignal',
              output: `import { download } from './lib/download.js';\n${CONTEXT}${MAIN} await download('https://example.com/', { retries: 3, signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // A method of a user-defined class.
      code: `import { Client } from './lib/download.js';\n${CONTEXT}${MAIN} const client = new Client(); await client.get('/health'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          data: { callee: 'client.get', signal: 'signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `import { Client } from './lib/download.js';\n${CONTEXT}${MAIN} const client = new Client(); await client.get('/health', { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // Optional parameters before the options get `undefined`.
      code: `async function get(url: string, retries?: number, options?: { signal?: AbortSignal }) {}\n${CONTEXT}${MAIN} get('x'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'passOptions',
              output: `async function get(url: string, retries?: number, options?: { signal?: AbortSignal }) {}\n${CONTEXT}${MAIN} get('x', undefined, { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // Options passed as a variable whose type proves it lacks `signal`.
      code: `import { readFile } from 'node:fs/promises';\n${CONTEXT}${MAIN} const options = { encoding: 'utf8' } as const; await readFile('a.txt', options); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'wrapOptions',
              output: `import { readFile } from 'node:fs/promises';\n${CONTEXT}${MAIN} const options = { encoding: 'utf8' } as const; await readFile('a.txt', { ...options, signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // A string variable in the options position is the encoding shorthand.
      code: `import { readFile } from 'node:fs/promises';\n${CONTEXT}async function main({ signal }: MainContext, encoding: BufferEncoding) { await readFile('a.txt', encoding); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'wrapOptions',
              output: `import { readFile } from 'node:fs/promises';\n${CONTEXT}async function main({ signal }: MainContext, encoding: BufferEncoding) { await readFile('a.txt', { encoding: encoding, signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // A spread whose type lacks `signal`.
      code: `${CONTEXT}${MAIN} const base = { method: 'POST' }; await fetch('https://example.com/', { ...base }); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'addSignal',
              output: `${CONTEXT}${MAIN} const base = { method: 'POST' }; await fetch('https://example.com/', { ...base, signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // A string-typed first argument of http.get is the URL: the options go before the callback.
      code: `import http from 'node:http';\n${CONTEXT}async function main({ signal }: MainContext, target: string) { http.get(target, (res) => res.resume()); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'passOptions',
              output: `import http from 'node:http';\n${CONTEXT}async function main({ signal }: MainContext, target: string) { http.get(target, { signal }, (res) => res.resume()); }`,
            },
          ],
        },
      ],
    },
    {
      // A Readable known by its type, not by how it was created.
      code: `import type { Readable } from 'node:stream';\n${CONTEXT}async function count({ signal }: MainContext, input: Readable) { return (await input.map((x) => x).toArray()).length; }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          data: { callee: 'input.map', signal: 'signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `import type { Readable } from 'node:stream';\n${CONTEXT}async function count({ signal }: MainContext, input: Readable) { return (await input.map((x) => x, { signal }).toArray()).length; }`,
            },
          ],
        },
        {
          messageId: 'missingSignal',
          data: { callee: 'toArray', signal: 'signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `import type { Readable } from 'node:stream';\n${CONTEXT}async function count({ signal }: MainContext, input: Readable) { return (await input.map((x) => x).toArray({ signal })).length; }`,
            },
          ],
        },
      ],
    },
    {
      // pipeline's last argument is an options variable (the resolved overload says so).
      code: `import { pipeline } from 'node:stream/promises';\nimport type { Readable, Writable } from 'node:stream';\n${CONTEXT}async function copy({ signal }: MainContext, from: Readable, to: Writable) { const options = { end: false }; await pipeline(from, to, options); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'wrapOptions',
              output: `import { pipeline } from 'node:stream/promises';\nimport type { Readable, Writable } from 'node:stream';\n${CONTEXT}async function copy({ signal }: MainContext, from: Readable, to: Writable) { const options = { end: false }; await pipeline(from, to, { ...options, signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // pipeline whose last argument is a stream variable: append.
      code: `import { pipeline } from 'node:stream/promises';\nimport type { Readable, Writable } from 'node:stream';\n${CONTEXT}async function copy({ signal }: MainContext, from: Readable, to: Writable) { await pipeline(from, to); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'passOptions',
              output: `import { pipeline } from 'node:stream/promises';\nimport type { Readable, Writable } from 'node:stream';\n${CONTEXT}async function copy({ signal }: MainContext, from: Readable, to: Writable) { await pipeline(from, to, { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // Signals recognised by type: an alias, a Request's signal, a local returned by a function.
      code: `type Sig = AbortSignal;\nasync function f(cancel: Sig) { await fetch('https://example.com/'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          data: { callee: 'fetch', signal: 'cancel' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `type Sig = AbortSignal;\nasync function f(cancel: Sig) { await fetch('https://example.com/', { signal: cancel }); }`,
            },
          ],
        },
      ],
    },
    {
      code: `export async function GET(request: Request) { return fetch('https://upstream.example/'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          data: { callee: 'fetch', signal: 'request.signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `export async function GET(request: Request) { return fetch('https://upstream.example/', { signal: request.signal }); }`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function currentSignal(): AbortSignal;\nasync function f() { const current = currentSignal(); await fetch('https://example.com/'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          data: { callee: 'fetch', signal: 'current' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `declare function currentSignal(): AbortSignal;\nasync function f() { const current = currentSignal(); await fetch('https://example.com/', { signal: current }); }`,
            },
          ],
        },
      ],
    },
    {
      // Table rows keep working with types (overloads resolved: spawn(command, options)).
      code: `import { spawn } from 'node:child_process';\nimport { setTimeout as sleep } from 'node:timers/promises';\n${CONTEXT}${MAIN} spawn('ls'); await sleep(100); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          data: { callee: 'spawn', signal: 'signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `import { spawn } from 'node:child_process';\nimport { setTimeout as sleep } from 'node:timers/promises';\n${CONTEXT}${MAIN} spawn('ls', { signal }); await sleep(100); }`,
            },
          ],
        },
        {
          messageId: 'missingSignal',
          data: { callee: 'sleep', signal: 'signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `import { spawn } from 'node:child_process';\nimport { setTimeout as sleep } from 'node:timers/promises';\n${CONTEXT}${MAIN} spawn('ls'); await sleep(100, undefined, { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // Calls through an alias are found by their signature.
      code: `${CONTEXT}${MAIN} const get = fetch; await get('https://example.com/'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          data: { callee: 'get', signal: 'signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `${CONTEXT}${MAIN} const get = fetch; await get('https://example.com/', { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // Any library whose options take a signal: fs.createReadStream (not in the table).
      code: `import { createReadStream } from 'node:fs';\n${CONTEXT}${MAIN} const stream = createReadStream('big.log'); stream.resume(); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'passOptions',
              output: `import { createReadStream } from 'node:fs';\n${CONTEXT}${MAIN} const stream = createReadStream('big.log', { signal }); stream.resume(); }`,
            },
          ],
        },
      ],
    },
    {
      // "Sync" as in synchronising: a `*Sync` function that returns a promise runs past its call.
      code: `function cloudSync(options?: { signal?: AbortSignal }): Promise<void> { return Promise.resolve(); }\n${CONTEXT}${MAIN} await cloudSync(); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          data: { callee: 'cloudSync', signal: 'signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `function cloudSync(options?: { signal?: AbortSignal }): Promise<void> { return Promise.resolve(); }\n${CONTEXT}${MAIN} await cloudSync({ signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // A `*Sync` function that hands back an emitter keeps working after it returns.
      code: `import { EventEmitter } from 'node:events';\nfunction watchSync(dir: string, options?: { signal?: AbortSignal }): EventEmitter { return new EventEmitter(); }\n${CONTEXT}${MAIN} watchSync('.'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'passOptions',
              output: `import { EventEmitter } from 'node:events';\nfunction watchSync(dir: string, options?: { signal?: AbortSignal }): EventEmitter { return new EventEmitter(); }\n${CONTEXT}${MAIN} watchSync('.', { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // Options types found without resolving the call first: generic, mapped, through an optional chain, a union of callees.
      code: `async function get<O extends { signal?: AbortSignal }>(url: string, options?: O) {}\n${CONTEXT}${MAIN} get('x'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'passOptions',
              output: `async function get<O extends { signal?: AbortSignal }>(url: string, options?: O) {}\n${CONTEXT}${MAIN} get('x', { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      code: `async function get<T extends { signal?: AbortSignal }>(url: string, options?: Partial<T>) {}\n${CONTEXT}${MAIN} get('x'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'passOptions',
              output: `async function get<T extends { signal?: AbortSignal }>(url: string, options?: Partial<T>) {}\n${CONTEXT}${MAIN} get('x', { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      code: `type Options = { signal?: AbortSignal; retries?: number };\nasync function get(url: string, options?: Readonly<Options> & { tag?: string }) {}\n${CONTEXT}${MAIN} get('x', { tag: 'a' }); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'addSignal',
              output: `type Options = { signal?: AbortSignal; retries?: number };\nasync function get(url: string, options?: Readonly<Options> & { tag?: string }) {}\n${CONTEXT}${MAIN} get('x', { tag: 'a', signal }); }`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Client } from './lib/download.js';\ndeclare const client: Client | undefined;\n${CONTEXT}${MAIN} await client?.get('/health'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'passOptions',
              output: `import { Client } from './lib/download.js';\ndeclare const client: Client | undefined;\n${CONTEXT}${MAIN} await client?.get('/health', { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      code: `declare const get: ((url: string, o?: { signal?: AbortSignal }) => Promise<void>) | ((url: string, o?: { signal?: AbortSignal; x?: number }) => Promise<void>);\n${CONTEXT}${MAIN} get('x'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'passOptions',
              output: `declare const get: ((url: string, o?: { signal?: AbortSignal }) => Promise<void>) | ((url: string, o?: { signal?: AbortSignal; x?: number }) => Promise<void>);\n${CONTEXT}${MAIN} get('x', { signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // Annotations that settle it without asking the checker: `AbortSignal`, and `any` left to syntax.
      code: `async function f(cancel?: AbortSignal | null) { await fetch('https://example.com/'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          data: { callee: 'fetch', signal: 'cancel' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `async function f(cancel?: AbortSignal | null) { await fetch('https://example.com/', { signal: cancel }); }`,
            },
          ],
        },
      ],
    },
    {
      code: `async function f(ctx: any) { if (ctx.signal.aborted) return; await fetch('https://example.com/'); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          data: { callee: 'fetch', signal: 'ctx.signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `async function f(ctx: any) { if (ctx.signal.aborted) return; await fetch('https://example.com/', { signal: ctx.signal }); }`,
            },
          ],
        },
      ],
    },
    {
      // An options variable of a user-defined type that lacks `signal`: no safe spread for a primitive-free check.
      code: `import { download } from './lib/download.js';\n${CONTEXT}${MAIN} const options: { retries: number } = { retries: 1 }; await download('https://example.com/', options); }`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          suggestions: [
            {
              messageId: 'wrapOptions',
              output: `import { download } from './lib/download.js';\n${CONTEXT}${MAIN} const options: { retries: number } = { retries: 1 }; await download('https://example.com/', { ...options, signal }); }`,
            },
          ],
        },
      ],
    },
  ],
});

// Parity: every syntactic case gives the same verdicts and suggestions with types on (their
// identifiers are undeclared, so types add nothing there and must take nothing away).
const withTypes = <T extends { options?: readonly [RuleOptions] }>(testCase: T): T => ({
  ...testCase,
  options: [{ ...(testCase.options?.[0] ?? { apis: [], ignore: [] }), typeAware: true }],
});
ruleTester.run('require-signal-propagation (typeAware, syntactic cases)', rule, {
  valid: syntacticValid.map((testCase) => withTypes(typeof testCase === 'string' ? { code: testCase } : testCase)),
  invalid: syntacticInvalid.map(withTypes),
});

// Callback parameters of array methods and promise handlers are typed from the receiver (the
// element type, `number`, the array; the promise's value, `any` for a rejection reason), not by
// resolving the call: the verdicts must be the checker's.
const JOB = `interface Job { readonly url: string; readonly signal: AbortSignal }
declare function nextJob(): Promise<Job>;
`;

ruleTester.run('require-signal-propagation (typeAware): callback parameters of arrays and promises', rule, {
  valid: [
    // The index is a number and the third parameter the array, whatever their names.
    {
      code: `export async function all(urls: readonly string[]) {
  await Promise.all(urls.map((url, signal) => fetch(url)));
  urls.forEach((url, index, signal) => void fetch(url));
}`,
      options: typeAware,
    },
    // A job's URL is a string, not a signal.
    {
      code: `${JOB}export function fetchNext() {
  return nextJob().then((job) => job.url).then((signal) => fetch(signal));
}`,
      options: typeAware,
    },
  ],
  invalid: [
    {
      // Each element carries its own signal.
      code: `${JOB}export async function runAll(jobs: Job[]) {
  await Promise.all(jobs.map((job) => fetch(job.url)));
}`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          line: 4,
          data: { callee: 'fetch', signal: 'job.signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `${JOB}export async function runAll(jobs: Job[]) {
  await Promise.all(jobs.map((job) => fetch(job.url, { signal: job.signal })));
}`,
            },
          ],
        },
      ],
    },
    {
      // The elements are signals.
      code: `export async function race(signals: readonly AbortSignal[], url: string) {
  return Promise.any(signals.map((abort) => fetch(url)));
}`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          line: 2,
          data: { callee: 'fetch', signal: 'abort' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `export async function race(signals: readonly AbortSignal[], url: string) {
  return Promise.any(signals.map((abort) => fetch(url, { signal: abort })));
}`,
            },
          ],
        },
      ],
    },
    {
      // The promise's value carries a signal.
      code: `${JOB}export function fetchNext() {
  return nextJob().then((job) => fetch(job.url));
}`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          line: 4,
          data: { callee: 'fetch', signal: 'job.signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `${JOB}export function fetchNext() {
  return nextJob().then((job) => fetch(job.url, { signal: job.signal }));
}`,
            },
          ],
        },
      ],
    },
    {
      // A rejection reason is \`any\`: its name decides, as without types.
      code: `${JOB}export function fetchNext(url: string) {
  return nextJob().catch((signal) => fetch(url));
}`,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal',
          line: 4,
          data: { callee: 'fetch', signal: 'signal' },
          suggestions: [
            {
              messageId: 'passOptions',
              output: `${JOB}export function fetchNext(url: string) {
  return nextJob().catch((signal) => fetch(url, { signal }));
}`,
            },
          ],
        },
      ],
    },
    // A \`map\` or \`then\` that is no array's or built-in promise's, and a tuple's: typed from the
    // callee's declaration or by the checker, never as an untyped call.
    ...[
      `${JOB}declare const queue: { map(each: (job: Job) => Promise<void>): void };
queue.map(async (job) => {
  await fetch(job.url);
});`,
      `${JOB}declare const pending: { then(onJob: (job: Job) => void): void };
pending.then(async (job) => {
  await fetch(job.url);
});`,
      `${JOB}declare const pair: [Job, Job];
pair.map(async (job) => {
  await fetch(job.url);
});`,
    ].map((code) => ({
      code,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal' as const,
          line: 5,
          data: { callee: 'fetch', signal: 'job.signal' },
          suggestions: [
            {
              messageId: 'passOptions' as const,
              output: code.replace('fetch(job.url)', 'fetch(job.url, { signal: job.signal })'),
            },
          ],
        },
      ],
    })),
  ],
});

// A callback's parameters typed from its callee's declaration: read from the one non-generic
// signature when nothing is inferred, else from the resolved call. Both must find the signal a
// handler's context carries (an MCP tool handler's `extra.signal`) and nothing where it carries none.
const TOOL = (extra: string, generic = false) =>
  `interface Extra { ${extra} }
declare const server: { tool${generic ? '<A>' : ''}(name: string, handler: (args: ${generic ? 'A' : '{ url: string }'}, extra: Extra) => Promise<void>${generic ? ', example: A' : ''}): void };
`;
const HANDLER = `server.tool('fetch', async (args, extra) => {
  await fetch(args.url);
}`;

/** `HANDLER`'s `fetch(args.url)` on `line`, reported without `extra.signal`, with the suggestion passing it. */
const handlerMissesExtraSignal = ({ code, line }: { code: string; line: number }) => ({
  code,
  options: typeAware,
  errors: [
    {
      messageId: 'missingSignal' as const,
      line,
      data: { callee: 'fetch', signal: 'extra.signal' },
      suggestions: [
        {
          messageId: 'passOptions' as const,
          output: code.replace('fetch(args.url)', 'fetch(args.url, { signal: extra.signal })'),
        },
      ],
    },
  ],
});

ruleTester.run('require-signal-propagation (typeAware): callback parameters typed by their callee', rule, {
  valid: [
    { code: `${TOOL('sessionId: string')}${HANDLER});`, options: typeAware },
    { code: `${TOOL('sessionId: string', true)}${HANDLER}, { url: '' });`, options: typeAware },
    // Overloads: the call is resolved to know which one the callback gets.
    {
      code: `interface Extra { sessionId: string }
declare const server: {
  tool(name: string, handler: (args: { url: string }, extra: Extra) => Promise<void>): void;
  tool(name: string, handler: (args: { url: string }, extra: AbortSignal) => Promise<void>, example: number): void;
};
${HANDLER});`,
      options: typeAware,
    },
  ],
  invalid: [
    ...[
      { code: `${TOOL('signal: AbortSignal; sessionId: string')}${HANDLER});`, line: 4 },
      { code: `${TOOL('signal: AbortSignal; sessionId: string', true)}${HANDLER}, { url: '' });`, line: 4 },
      {
        code: `interface Extra { signal: AbortSignal }
declare const server: {
  tool(name: string, handler: (args: { url: string }, extra: Extra) => Promise<void>): void;
  tool(name: string, handler: (args: { url: string }, extra: Extra) => Promise<void>, example: number): void;
};
${HANDLER});`,
        line: 7,
      },
    ].map(handlerMissesExtraSignal),
  ],
});

// Overloads and generics whose callbacks' parameter there can hold no signal, whatever the call
// infers, are answered without resolving the call (`signalFreeCallbackParameterType`). The invalid
// neighbours fail if that ever answered for a parameter an instantiation or another overload can
// make a signal carrier.
const OVERLOADS = (first: string, second: string) => `declare const server: {
  tool(name: string, handler: (args: { url: string }, extra: ${first}) => Promise<void>): void;
  tool(name: string, handler: (args: { url: string }, extra: ${second}) => Promise<void>, example: number): void;
};
`;

ruleTester.run('require-signal-propagation (typeAware): overloaded and generic callees', rule, {
  valid: [
    // Neither overload's `extra` can carry a signal: primitives and an object without one.
    { code: `${OVERLOADS('{ sessionId: string }', 'string | undefined')}${HANDLER});`, options: typeAware },
    { code: `${OVERLOADS('{ sessionId: string }', '{ id: number }')}${HANDLER}, 1);`, options: typeAware },
  ],
  invalid: [
    ...[
      // The overload the call resolves to gives `extra` a signal; the other does not.
      { code: `${OVERLOADS('{ sessionId: string }', '{ signal: AbortSignal }')}${HANDLER}, 1);`, line: 6 },
      // `extra` is what the call infers from its third argument.
      {
        code: `declare const server: {
  tool<E>(name: string, handler: (args: { url: string }, extra: E) => Promise<void>, extra: E): void;
};
declare const context: { signal: AbortSignal };
${HANDLER}, context);`,
        line: 6,
      },
      // An object type the call instantiates: `Extra<{ signal: AbortSignal }>` is `{ signal: AbortSignal }`.
      {
        code: `type Extra<T> = { [K in keyof T]: T[K] };
declare const server: {
  tool<T>(name: string, handler: (args: { url: string }, extra: Extra<T>) => Promise<void>, extra: T): void;
};
declare const context: { signal: AbortSignal };
${HANDLER}, context);`,
        line: 7,
      },
    ].map(handlerMissesExtraSignal),
  ],
});

// A callee typed `any` (untyped JavaScript, a missing declaration): TypeScript gives its callbacks no
// context, so their parameters are `any` and the syntactic reading decides, as when the call was
// resolved to say so. A parameter named `signal` is a signal; another name carries one only if used so.
const UNTYPED = 'declare const server: any;\n';

ruleTester.run('require-signal-propagation (typeAware): callbacks of an untyped callee', rule, {
  valid: [
    { code: `${UNTYPED}server.tool('f', async (args, extra) => { await fetch(args.url); });`, options: typeAware },
    { code: `${UNTYPED}server.items.map((ctx) => fetch(ctx.url));`, options: typeAware },
  ],
  invalid: [
    ...[
      `${UNTYPED}server.tool('f', async (args, signal) => {\n  await fetch(args.url);\n});`,
      `${UNTYPED}server.jobs.forEach(async (signal) => {\n  await fetch('/x');\n});`,
      `${UNTYPED}server.job.then(async (signal) => {\n  await fetch('/x');\n});`,
      // Not callable, so untyped too.
      `declare const run: unknown;\nrun(async (signal) => {\n  await fetch('/x');\n});`,
    ].map((code) => ({
      code,
      options: typeAware,
      errors: [
        {
          messageId: 'missingSignal' as const,
          line: 3,
          data: { callee: 'fetch', signal: 'signal' },
          suggestions: [
            {
              messageId: 'passOptions' as const,
              output: code.replace(/fetch\(([^)]*)\)/, 'fetch($1, { signal })'),
            },
          ],
        },
      ],
    })),
  ],
});
