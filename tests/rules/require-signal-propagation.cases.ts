// The syntactic cases, shared by the default-mode run and the type-aware parity run.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { RuleOptions } from '../../packages/eslint-plugin-graceful-shutdown/rules/require-signal-propagation.js';

type Options = [RuleOptions];
type MessageIds = 'missingSignal' | 'addSignal' | 'passOptions' | 'wrapOptions';

const MAIN = 'async function main({ signal }: MainContext) {';

export const valid: Array<string | ValidTestCase<Options>> = [
  // The signal is passed.
  `${MAIN} await fetch(url, { signal }); }`,
  `async function f(signal: AbortSignal) { await fetch(url, { method: 'POST', signal: signal }); }`,
  `import { readFile } from 'node:fs/promises'; ${MAIN} await readFile(p, { encoding: 'utf8', signal }); }`,
  `import { setTimeout as sleep } from 'node:timers/promises'; ${MAIN} await sleep(1000, undefined, { signal }); }`,
  `import { pipeline } from 'node:stream/promises'; ${MAIN} await pipeline(a, b, { signal }); }`,
  `import { exec } from 'child_process'; ${MAIN} exec('ls', { signal }, (err) => {}); }`,
  `${MAIN} await body.pipeTo(dest, { signal }); }`,
  `${MAIN} await fetch(url, { ['signal']: signal }); }`,
  // Any explicit signal counts: how it is linked to shutdown is the author's call.
  `${MAIN} await fetch(url, { signal: AbortSignal.timeout(1000) }); }`,
  // A spread or a variable may carry the signal: only types can tell.
  `${MAIN} await fetch(url, { ...init, method: 'POST' }); }`,
  `import { readFile } from 'node:fs/promises'; ${MAIN} await readFile(p, options); }`,
  `import http from 'node:http'; ${MAIN} http.get(target, (res) => {}); }`,
  // No signal in scope.
  `async function f() { await fetch(url); }`,
  `import { readFile } from 'node:fs/promises'; async function f(ctx) { await readFile(p); }`,
  `async function f(signal) {} async function g() { await fetch(url); }`,
  `async function f() { await fetch(url); } const signal = AbortSignal.timeout(1000);`,
  // A process signal listener's parameter is the signal's *name* (docs/architecture.md §5).
  `process.on('SIGTERM', (signal) => { fetch(url); });`,
  `function onSignal(signal) { void fetch(url); } process.on('SIGINT', onSignal);`,
  `['SIGINT', 'SIGTERM'].forEach((signal) => process.on(signal, () => fetch(url)));`,
  `for (const s of ['SIGINT', 'SIGTERM']) process.once(s, async (signal) => { await fetch(url); });`,
  // So is a ChildProcess `exit` / `close` listener's second parameter.
  `child.on('exit', (code, signal) => { void fetch(url); });`,
  // A parameter annotated with another type, defaulting to a name, or used as a name.
  `async function f(signal: NodeJS.Signals) { await fetch(url); }`,
  `async function f(signal: string | undefined) { await fetch(url); }`,
  `async function f(signal = 'SIGTERM') { await fetch(url); }`,
  `async function f(pid, signal) { process.kill(pid, signal); await fetch(url); }`,
  `async function f(signal) { if (signal === 'SIGINT') return; await fetch(url); }`,
  `async function f(signal) { switch (signal) { case 'SIGTERM': return; default: break; } await fetch(url); }`,
  `async function f(child, signal) { child.kill(signal); await fetch(url); }`,
  `async function f(signal) { const stop = () => process.kill(process.pid, signal); await fetch(url); stop(); }`,
  // …also when handed to a function of the file that uses it so (pm2's tree-kill: `killPid(pid, signal)`).
  `function killPid(pid, signal) { process.kill(pid, signal); }
async function f(pid, signal) {
  killPid(pid, signal);
  await fetch(url);
}`,
  // `ctx.signal.aborted` in another function says nothing about this `ctx`.
  `function aborted(ctx) { return ctx.signal.aborted; } async function f(ctx) { await fetch(url); }`,
  `async function f({ signal }: { signal: string }) { await fetch(url); }`,
  // `.signal` of an error or a finished process is a name.
  `async function f() { try { await x(); } catch (err) { const sig = err.signal; await fetch(url); } }`,
  // Cleanup code runs after the abort: passing the shutdown signal there would cancel the cleanup.
  `import { writeFile } from 'node:fs/promises'; async function main({ signal, defer }: MainContext) { defer(async () => { await writeFile(p, data); }); }`,
  `import { writeFile } from 'node:fs/promises'; ${MAIN} try { await work(signal); } finally { await writeFile(p, data); } }`,
  `${MAIN} signal.addEventListener('abort', () => { void fetch(url); }); }`,
  `${MAIN} signal.onabort = () => { void fetch(url); }; }`,
  `const signal = AbortSignal.timeout(5000); process.on('SIGINT', async () => { await fetch(url); });`,
  `${MAIN} process.on('exit', () => { void fetch(url); }); }`,
  // Shadowing: the inner name is not a signal.
  `${MAIN} { const signal = 'SIGINT'; await fetch(url); } }`,
  `${MAIN} try { await x(); } catch (signal) { await fetch(url); } }`,
  `${MAIN} for (const signal of names) { await fetch(url); } }`,
  // Not the API: shadowed globals, other modules, arrays.
  `${MAIN} const fetch = (u) => u; await fetch(url); }`,
  `import fetch from './my-fetch.js'; ${MAIN} await fetch(url); }`,
  `import { readFile } from 'fs-extra'; ${MAIN} await readFile(p); }`,
  `import { readFile } from 'node:fs/promises'; ${MAIN} const readFile = (p) => p; await readFile(p); }`,
  `${MAIN} const names = items.map((x) => x.name).filter(Boolean); }`,
  `${MAIN} await prompt.question('Name?'); }`,
  `import { Readable } from 'node:stream'; ${MAIN} const total = await Readable.from(xs, { signal }).reduce((a, b) => a + b); }`,
  `import net from 'node:net'; ${MAIN} net.connect(8080, 'localhost'); }`,
  // The signal's own machinery.
  `${MAIN} signal.throwIfAborted(); }`,
  // Synchronous APIs block the event loop until they return: no abort can reach them, even when
  // their options type has `signal` (spawnSync's does) or a row lists them.
  `import { spawnSync, execFileSync, execSync } from 'node:child_process'; ${MAIN} spawnSync('ls', ['-l'], { cwd }); execFileSync('node', ['-v'], { encoding: 'utf8' }); execSync('ls', { stdio: 'inherit' }); spawnSync('ls'); }`,
  `import cp from 'child_process'; ${MAIN} cp.execSync('make', { cwd }); cp.spawnSync('ls', { shell: true }); }`,
  {
    code: `const cp = require('node:child_process'); ${MAIN} cp.execSync('ls', { stdio: 'inherit' }); cp.execFileSync('ls'); }`,
    options: [
      {
        apis: [
          { module: 'child_process', name: 'execSync', optionsIndex: 1 },
          { module: 'child_process', name: 'execFileSync', optionsIndex: 2, optionsFrom: 1 },
        ],
        ignore: [],
        typeAware: false,
      },
    ],
  },
  // Options.
  { code: `${MAIN} await fetch(url); }`, options: [{ ignore: ['fetch'], apis: [], typeAware: false }] },
  {
    code: `import * as fsp from 'node:fs/promises'; ${MAIN} await fsp.readFile(p); }`,
    options: [{ ignore: ['fs/promises#readFile'], apis: [], typeAware: false }],
  },
  {
    code: `import * as fsp from 'node:fs/promises'; ${MAIN} await fsp.readFile(p); }`,
    options: [{ ignore: ['fsp.readFile'], apis: [], typeAware: false }],
  },
  // A file that names no signal at all is skipped without analysis.
  `async function f(ctx) { await fetch(url); }`,
  // Streams handed to pipeline(…, { signal }): the pipeline destroys them on abort.
  `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
async function copy(from: string, to: string, signal: AbortSignal) {
  await pipeline(createReadStream(from), createWriteStream(to), { signal });
}`,
  `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
async function copy(from: string, to: string, signal: AbortSignal) {
  const source = createReadStream(from);
  const destination = createWriteStream(to);
  await pipeline(source, destination, { signal });
}`,
  // The abort is handled by hand: the work's handle is stopped in an abort listener.
  `import { spawn } from 'node:child_process';
async function sync(signal: AbortSignal) {
  const child = spawn('rsync', ['-a', 'src/', 'dest/']);
  signal.addEventListener('abort', () => child.kill('SIGTERM'), { once: true });
  return child;
}`,
  `import readline from 'node:readline';
function ask(signal: AbortSignal) {
  const rl = readline.createInterface({ input: process.stdin });
  signal.onabort = () => rl.close();
  return rl;
}`,
  // A Request carries its own signal.
  `async function send(url: string, init: RequestInit, signal: AbortSignal) {
  return fetch(new Request(url, init));
}`,
  // …also when it is built first, in a const (undici's fetch and Request, untyped here).
  `import { Request, fetch } from 'undici';
async function send(url: URL, init: RequestInit, signal: AbortSignal) {
  const request = new Request(url, init);
  return fetch(request, { redirect: 'manual' });
}`,
];

export const invalid: Array<InvalidTestCase<MessageIds, Options>> = [
  // Handed to a local function that does not use it as a name: still an AbortSignal parameter.
  {
    code: `function log(pid, signal) { console.log(pid, signal); }
async function f(pid, signal) {
  log(pid, signal);
  await fetch(url);
}`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 4,
        data: { callee: 'fetch', signal: 'signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `function log(pid, signal) { console.log(pid, signal); }
async function f(pid, signal) {
  log(pid, signal);
  await fetch(url, { signal });
}`,
          },
        ],
      },
    ],
  },
  // pipeline without the signal: one finding, for pipeline, not one per stream.
  {
    code: `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
async function copy(from: string, to: string, signal: AbortSignal) {
  await pipeline(createReadStream(from), createWriteStream(to));
}`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 4,
        column: 9,
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
async function copy(from: string, to: string, signal: AbortSignal) {
  await pipeline(createReadStream(from), createWriteStream(to), { signal });
}`,
          },
        ],
      },
    ],
  },
  // A stream also used outside the pipeline is the caller's to cancel.
  {
    code: `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
async function copy(from: string, to: string, signal: AbortSignal) {
  const source = createReadStream(from);
  source.on('data', (chunk) => count(chunk));
  await pipeline(source, createWriteStream(to), { signal });
}`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 4,
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
async function copy(from: string, to: string, signal: AbortSignal) {
  const source = createReadStream(from, { signal });
  source.on('data', (chunk) => count(chunk));
  await pipeline(source, createWriteStream(to), { signal });
}`,
          },
        ],
      },
    ],
  },
  // An abort listener that does not stop the work is no cancellation.
  {
    code: `import { spawn } from 'node:child_process';
async function sync(signal: AbortSignal) {
  const child = spawn('rsync', ['-a', 'src/', 'dest/']);
  signal.addEventListener('abort', () => console.log('aborting', child.pid));
  return child;
}`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 3,
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { spawn } from 'node:child_process';
async function sync(signal: AbortSignal) {
  const child = spawn('rsync', ['-a', 'src/', 'dest/'], { signal });
  signal.addEventListener('abort', () => console.log('aborting', child.pid));
  return child;
}`,
          },
        ],
      },
    ],
  },
  // throwIfAborted() between iterations does not cancel the wait in progress.
  {
    code: `import { setTimeout as sleep } from 'node:timers/promises';
async function poll(signal: AbortSignal) {
  for (;;) {
    signal.throwIfAborted();
    await sleep(1000);
  }
}`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 5,
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { setTimeout as sleep } from 'node:timers/promises';
async function poll(signal: AbortSignal) {
  for (;;) {
    signal.throwIfAborted();
    await sleep(1000, undefined, { signal });
  }
}`,
          },
        ],
      },
    ],
  },
  // A Request built without init carries no signal, inline or in a const.
  {
    code: `async function send(url: string, signal: AbortSignal) {
  const request = new Request(url);
  return fetch(request, { redirect: 'manual' });
}`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 3,
        suggestions: [
          {
            messageId: 'addSignal',
            data: { property: 'signal' },
            output: `async function send(url: string, signal: AbortSignal) {
  const request = new Request(url);
  return fetch(request, { redirect: 'manual', signal });
}`,
          },
        ],
      },
    ],
  },
  {
    code: `async function send(url: string, signal: AbortSignal) {
  return fetch(new Request(url));
}`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 2,
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function send(url: string, signal: AbortSignal) {
  return fetch(new Request(url), { signal });
}`,
          },
        ],
      },
    ],
  },
  {
    code: `${MAIN} await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 1,
        column: 54,
        data: { callee: 'fetch', signal: 'signal' },
        suggestions: [{ messageId: 'passOptions', output: `${MAIN} await fetch(url, { signal }); }` }],
      },
    ],
  },
  {
    code: `${MAIN} await fetch(url, { method: 'POST' }); }`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 1,
        column: 65,
        suggestions: [{ messageId: 'addSignal', output: `${MAIN} await fetch(url, { method: 'POST', signal }); }` }],
      },
    ],
  },
  {
    code: `${MAIN} await fetch(url, {}); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [{ messageId: 'addSignal', output: `${MAIN} await fetch(url, { signal }); }` }],
      },
    ],
  },
  {
    code: `${MAIN}
  await fetch(url, {
    method: 'POST',
    headers,
  });
}`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 2,
        column: 20,
        suggestions: [
          {
            messageId: 'addSignal',
            output: `${MAIN}
  await fetch(url, {
    method: 'POST',
    headers,
    signal,
  });
}`,
          },
        ],
      },
    ],
  },
  {
    code: `${MAIN}
  await fetch(url, {
    method: 'POST'
  });
}`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'addSignal',
            output: `${MAIN}
  await fetch(url, {
    method: 'POST',
    signal
  });
}`,
          },
        ],
      },
    ],
  },
  {
    code: `${MAIN} await fetch(url, { method: 'POST', }); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [{ messageId: 'addSignal', output: `${MAIN} await fetch(url, { method: 'POST', signal, }); }` }],
      },
    ],
  },
  {
    code: `${MAIN} await globalThis.fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'globalThis.fetch', signal: 'signal' },
        suggestions: [{ messageId: 'passOptions', output: `${MAIN} await globalThis.fetch(url, { signal }); }` }],
      },
    ],
  },
  {
    code: `${MAIN} await fetch?.(url,); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [{ messageId: 'passOptions', output: `${MAIN} await fetch?.(url, { signal },); }` }],
      },
    ],
  },
  // timers/promises: fillers for the optional arguments before the options.
  {
    code: `import { setTimeout as sleep } from 'node:timers/promises'; ${MAIN} await sleep(1000); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'sleep', signal: 'signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { setTimeout as sleep } from 'node:timers/promises'; ${MAIN} await sleep(1000, undefined, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { setTimeout } from 'timers/promises'; ${MAIN} await setTimeout<string>(); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { setTimeout } from 'timers/promises'; ${MAIN} await setTimeout<string>(undefined, undefined, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { setTimeout } from 'timers/promises'; ${MAIN} await setTimeout(10, 'done', { ref: false }); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'addSignal',
            output: `import { setTimeout } from 'timers/promises'; ${MAIN} await setTimeout(10, 'done', { ref: false, signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import * as timers from 'node:timers/promises'; ${MAIN} await timers.setImmediate(); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import * as timers from 'node:timers/promises'; ${MAIN} await timers.setImmediate(undefined, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { setInterval } from 'node:timers/promises'; ${MAIN} for await (const _ of setInterval(100)) tick(); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { setInterval } from 'node:timers/promises'; ${MAIN} for await (const _ of setInterval(100, undefined, { signal })) tick(); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { scheduler } from 'node:timers/promises'; ${MAIN} await scheduler.wait(10); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'scheduler.wait', signal: 'signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { scheduler } from 'node:timers/promises'; ${MAIN} await scheduler.wait(10, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `const timers = require('timers').promises; ${MAIN} await timers.setTimeout(5); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `const timers = require('timers').promises; ${MAIN} await timers.setTimeout(5, undefined, { signal }); }`,
          },
        ],
      },
    ],
  },
  // events
  {
    code: `import { once } from 'node:events'; ${MAIN} await once(server, 'listening'); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { once } from 'node:events'; ${MAIN} await once(server, 'listening', { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import * as events from 'events'; ${MAIN} for await (const [msg] of events.on(port, 'message')) handle(msg); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import * as events from 'events'; ${MAIN} for await (const [msg] of events.on(port, 'message', { signal })) handle(msg); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { EventEmitter } from 'node:events'; ${MAIN} await EventEmitter.once(emitter, 'ready'); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { EventEmitter } from 'node:events'; ${MAIN} await EventEmitter.once(emitter, 'ready', { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `const { once: onceEvent } = require('node:events'); module.exports = async function wait(signal) { await onceEvent(emitter, 'ready'); };`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'onceEvent', signal: 'signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `const { once: onceEvent } = require('node:events'); module.exports = async function wait(signal) { await onceEvent(emitter, 'ready', { signal }); };`,
          },
        ],
      },
    ],
  },
  // streams
  {
    code: `import { pipeline } from 'node:stream/promises'; ${MAIN} await pipeline(source, transform, destination); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { pipeline } from 'node:stream/promises'; ${MAIN} await pipeline(source, transform, destination, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { pipeline } from 'node:stream/promises'; ${MAIN} await pipeline(source, async function* (chunks) { yield* chunks; }, destination, { end: false }); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'addSignal',
            output: `import { pipeline } from 'node:stream/promises'; ${MAIN} await pipeline(source, async function* (chunks) { yield* chunks; }, destination, { end: false, signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import stream from 'node:stream'; ${MAIN} await stream.promises.finished(socket); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import stream from 'node:stream'; ${MAIN} await stream.promises.finished(socket, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { Readable } from 'node:stream'; ${MAIN} const readable = Readable.from(generate()); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { Readable } from 'node:stream'; ${MAIN} const readable = Readable.from(generate(), { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { Readable } from 'node:stream'; ${MAIN} const lines = await Readable.from(generate(), { signal }).map(parse).toArray(); }`,
    errors: [
      {
        messageId: 'missingSignal',
        column: 146,
        data: { callee: 'map', signal: 'signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { Readable } from 'node:stream'; ${MAIN} const lines = await Readable.from(generate(), { signal }).map(parse, { signal }).toArray(); }`,
          },
        ],
      },
      {
        messageId: 'missingSignal',
        column: 157,
        data: { callee: 'toArray', signal: 'signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { Readable } from 'node:stream'; ${MAIN} const lines = await Readable.from(generate(), { signal }).map(parse).toArray({ signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { createReadStream } from 'node:fs'; ${MAIN} const file = createReadStream(path); await file.forEach((chunk) => hash.update(chunk)); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'createReadStream', signal: 'signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { createReadStream } from 'node:fs'; ${MAIN} const file = createReadStream(path, { signal }); await file.forEach((chunk) => hash.update(chunk)); }`,
          },
        ],
      },
      {
        messageId: 'missingSignal',
        data: { callee: 'file.forEach', signal: 'signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { createReadStream } from 'node:fs'; ${MAIN} const file = createReadStream(path); await file.forEach((chunk) => hash.update(chunk), { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `${MAIN} await response.body.pipeTo(destination); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          { messageId: 'passOptions', output: `${MAIN} await response.body.pipeTo(destination, { signal }); }` },
        ],
      },
    ],
  },
  // fs/promises
  {
    code: `import { readFile } from 'node:fs/promises'; ${MAIN} await readFile(path); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { readFile } from 'node:fs/promises'; ${MAIN} await readFile(path, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { readFile } from 'node:fs/promises'; ${MAIN} await readFile(path, 'utf8'); }`,
    errors: [
      {
        messageId: 'missingSignal',
        column: 114,
        suggestions: [
          {
            messageId: 'wrapOptions',
            output: `import { readFile } from 'node:fs/promises'; ${MAIN} await readFile(path, { encoding: 'utf8', signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { readFile } from 'node:fs/promises'; ${MAIN} await readFile(path, { encoding: 'utf8' } as const); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'addSignal',
            output: `import { readFile } from 'node:fs/promises'; ${MAIN} await readFile(path, { encoding: 'utf8', signal } as const); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { writeFile as write } from 'fs/promises'; ${MAIN} await write(path, data); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { writeFile as write } from 'fs/promises'; ${MAIN} await write(path, data, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import fs from 'node:fs'; ${MAIN} await fs.promises.readFile(path); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fs.promises.readFile', signal: 'signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import fs from 'node:fs'; ${MAIN} await fs.promises.readFile(path, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `${MAIN} await require('node:fs/promises').readFile(path); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `${MAIN} await require('node:fs/promises').readFile(path, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import * as fsp from 'node:fs/promises'; ${MAIN} for await (const event of fsp.watch(dir)) log(event); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import * as fsp from 'node:fs/promises'; ${MAIN} for await (const event of fsp.watch(dir, { signal })) log(event); }`,
          },
        ],
      },
    ],
  },
  {
    code: `const fsp = require('fs/promises'); ${MAIN} await fsp?.readFile(path); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `const fsp = require('fs/promises'); ${MAIN} await fsp?.readFile(path, { signal }); }`,
          },
        ],
      },
    ],
  },
  // The callback fs API: options go before the callback.
  {
    code: `import fs from 'fs'; ${MAIN} fs.readFile(path, (err, data) => {}); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import fs from 'fs'; ${MAIN} fs.readFile(path, { signal }, (err, data) => {}); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import fs from 'fs'; ${MAIN} fs.readFile(path, 'utf8', (err, data) => {}); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'wrapOptions',
            output: `import fs from 'fs'; ${MAIN} fs.readFile(path, { encoding: 'utf8', signal }, (err, data) => {}); }`,
          },
        ],
      },
    ],
  },
  // child_process
  {
    code: `import { spawn } from 'node:child_process'; ${MAIN} spawn('ls'); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { spawn } from 'node:child_process'; ${MAIN} spawn('ls', { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { spawn } from 'node:child_process'; ${MAIN} spawn('ls', ['-l']); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { spawn } from 'node:child_process'; ${MAIN} spawn('ls', ['-l'], { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { spawn } from 'node:child_process'; ${MAIN} spawn('ls', { cwd }); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'addSignal',
            output: `import { spawn } from 'node:child_process'; ${MAIN} spawn('ls', { cwd, signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import cp from 'child_process'; ${MAIN} cp.exec('ls', (err, stdout) => {}); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import cp from 'child_process'; ${MAIN} cp.exec('ls', { signal }, (err, stdout) => {}); }`,
          },
        ],
      },
    ],
  },
  {
    code: `const { execFile } = require('child_process'); ${MAIN} execFile('node', ['-v'], (err) => {}); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `const { execFile } = require('child_process'); ${MAIN} execFile('node', ['-v'], { signal }, (err) => {}); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { fork } from 'node:child_process'; ${MAIN} fork('worker.js', [], { stdio: 'inherit' }); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'addSignal',
            output: `import { fork } from 'node:child_process'; ${MAIN} fork('worker.js', [], { stdio: 'inherit', signal }); }`,
          },
        ],
      },
    ],
  },
  // readline
  {
    code: `import * as readline from 'node:readline/promises'; ${MAIN} const rl = readline.createInterface({ input: process.stdin }); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'addSignal',
            output: `import * as readline from 'node:readline/promises'; ${MAIN} const rl = readline.createInterface({ input: process.stdin, signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import * as readline from 'node:readline/promises'; ${MAIN} const rl = readline.createInterface({ input, signal }); const name = await rl.question('Name? '); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'rl.question', signal: 'signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import * as readline from 'node:readline/promises'; ${MAIN} const rl = readline.createInterface({ input, signal }); const name = await rl.question('Name? ', { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import readline from 'readline'; const rl = readline.createInterface({ input }); ${MAIN} rl.question('Name? ', (answer) => {}); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import readline from 'readline'; const rl = readline.createInterface({ input }); ${MAIN} rl.question('Name? ', { signal }, (answer) => {}); }`,
          },
        ],
      },
    ],
  },
  // http(s), net: type-dispatched first argument.
  {
    code: `import http from 'node:http'; ${MAIN} http.get('http://localhost/', (res) => {}); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import http from 'node:http'; ${MAIN} http.get('http://localhost/', { signal }, (res) => {}); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import https from 'node:https'; ${MAIN} const req = https.request({ host, method: 'POST' }, onResponse); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'addSignal',
            output: `import https from 'node:https'; ${MAIN} const req = https.request({ host, method: 'POST', signal }, onResponse); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { get } from 'node:http'; ${MAIN} get(\`http://\${host}/health\`); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { get } from 'node:http'; ${MAIN} get(\`http://\${host}/health\`, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import { request } from 'node:https'; ${MAIN} request(new URL(target), { method: 'PUT' }); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'addSignal',
            output: `import { request } from 'node:https'; ${MAIN} request(new URL(target), { method: 'PUT', signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import net from 'node:net'; ${MAIN} const socket = net.connect({ port: 6379 }, onConnect); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'addSignal',
            output: `import net from 'node:net'; ${MAIN} const socket = net.connect({ port: 6379, signal }, onConnect); }`,
          },
        ],
      },
    ],
  },
  // Libraries in the table.
  {
    code: `import { fetch as undiciFetch } from 'undici'; ${MAIN} await undiciFetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { fetch as undiciFetch } from 'undici'; ${MAIN} await undiciFetch(url, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `import fetch from 'node-fetch'; ${MAIN} await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import fetch from 'node-fetch'; ${MAIN} await fetch(url, { signal }); }`,
          },
        ],
      },
    ],
  },
  // Where the signal comes from.
  {
    code: `async function main(ctx: MainContext) { await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fetch', signal: 'ctx.signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function main(ctx: MainContext) { await fetch(url, { signal: ctx.signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `runMain(async (ctx) => { await fetch(url); });`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `runMain(async (ctx) => { await fetch(url, { signal: ctx.signal }); });`,
          },
        ],
      },
    ],
  },
  {
    code: `async function main({ signal: abortSignal, track }: MainContext) { await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fetch', signal: 'abortSignal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function main({ signal: abortSignal, track }: MainContext) { await fetch(url, { signal: abortSignal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `async function run(options) { const { signal } = options; await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function run(options) { const { signal } = options; await fetch(url, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `async function run() { const controller = new AbortController(); const signal = controller.signal; await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function run() { const controller = new AbortController(); const signal = controller.signal; await fetch(url, { signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `async function run() { const deadline = AbortSignal.timeout(5000); await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fetch', signal: 'deadline' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function run() { const deadline = AbortSignal.timeout(5000); await fetch(url, { signal: deadline }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `async function run(outer: AbortSignal) { const both = AbortSignal.any([outer, AbortSignal.timeout(5000)]); await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fetch', signal: 'both' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function run(outer: AbortSignal) { const both = AbortSignal.any([outer, AbortSignal.timeout(5000)]); await fetch(url, { signal: both }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `async function run(abort: AbortSignal | undefined) { await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fetch', signal: 'abort' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function run(abort: AbortSignal | undefined) { await fetch(url, { signal: abort }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `async function run(url: string, opts?: { signal?: AbortSignal }) { await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fetch', signal: 'opts?.signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function run(url: string, opts?: { signal?: AbortSignal }) { await fetch(url, { signal: opts?.signal }); }`,
          },
        ],
      },
    ],
  },
  {
    // `{ signal: ctx.signal }` elsewhere in the function: `ctx` carries a signal.
    code: `async function f(ctx) { await get(url, { signal: ctx.signal }); await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fetch', signal: 'ctx.signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function f(ctx) { await get(url, { signal: ctx.signal }); await fetch(url, { signal: ctx.signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `async function handler(event, context) { if (context.signal.aborted) return; await fetch(url); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fetch', signal: 'context.signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function handler(event, context) { if (context.signal.aborted) return; await fetch(url, { signal: context.signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `async function handler(job, context) { await fetch(job.url, { signal: context.signal }); await fetch(job.next); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fetch', signal: 'context.signal' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function handler(job, context) { await fetch(job.url, { signal: context.signal }); await fetch(job.next, { signal: context.signal }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `const signal = AbortSignal.timeout(10_000);
await fetch(url);`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 2,
        column: 7,
        suggestions: [
          {
            messageId: 'passOptions',
            output: `const signal = AbortSignal.timeout(10_000);
await fetch(url, { signal });`,
          },
        ],
      },
    ],
  },
  {
    code: `${MAIN} await Promise.all(urls.map(async (u) => { const res = await fetch(u); return res.json(); })); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `${MAIN} await Promise.all(urls.map(async (u) => { const res = await fetch(u, { signal }); return res.json(); })); }`,
          },
        ],
      },
    ],
  },
  {
    code: `class Job { async run(signal: AbortSignal) { await fetch(this.url); } }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `class Job { async run(signal: AbortSignal) { await fetch(this.url, { signal }); } }`,
          },
        ],
      },
    ],
  },
  {
    // Nearest first: the inner function's own signal wins over the outer one.
    code: `${MAIN} await Promise.all(jobs.map(async (job, inner: AbortSignal) => fetch(job.url))); }`,
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'fetch', signal: 'inner' },
        suggestions: [
          {
            messageId: 'passOptions',
            output: `${MAIN} await Promise.all(jobs.map(async (job, inner: AbortSignal) => fetch(job.url, { signal: inner }))); }`,
          },
        ],
      },
    ],
  },
  {
    // Cleanup code with its own signal is checked against that one.
    code: `async function main({ defer }: MainContext) { defer(async () => { const signal = AbortSignal.timeout(1000); await fetch(hook); }); }`,
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `async function main({ defer }: MainContext) { defer(async () => { const signal = AbortSignal.timeout(1000); await fetch(hook, { signal }); }); }`,
          },
        ],
      },
    ],
  },
  {
    code: `${MAIN}
  await fetch(a);
  await fetch(b, { method: 'HEAD' });
}`,
    errors: [
      {
        messageId: 'missingSignal',
        line: 2,
        suggestions: [
          {
            messageId: 'passOptions',
            output: `${MAIN}
  await fetch(a, { signal });
  await fetch(b, { method: 'HEAD' });
}`,
          },
        ],
      },
      {
        messageId: 'missingSignal',
        line: 3,
        suggestions: [
          {
            messageId: 'addSignal',
            output: `${MAIN}
  await fetch(a);
  await fetch(b, { method: 'HEAD', signal });
}`,
          },
        ],
      },
    ],
  },
  // Options: extra rows.
  {
    code: `import got from 'got'; ${MAIN} await got(url); }`,
    options: [{ apis: [{ module: 'got', name: 'default', optionsIndex: 1 }], ignore: [], typeAware: false }],
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          { messageId: 'passOptions', output: `import got from 'got'; ${MAIN} await got(url, { signal }); }` },
        ],
      },
    ],
  },
  {
    code: `${MAIN} await db.query(sql, [id]); }`,
    options: [
      { apis: [{ module: 'method', name: 'query', optionsIndex: 2, fillers: ['[]'] }], ignore: [], typeAware: false },
    ],
    errors: [
      {
        messageId: 'missingSignal',
        data: { callee: 'db.query', signal: 'signal' },
        suggestions: [{ messageId: 'passOptions', output: `${MAIN} await db.query(sql, [id], { signal }); }` }],
      },
    ],
  },
  {
    code: `${MAIN} await db.query(sql); }`,
    options: [
      { apis: [{ module: 'method', name: 'query', optionsIndex: 2, fillers: ['[]'] }], ignore: [], typeAware: false },
    ],
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [{ messageId: 'passOptions', output: `${MAIN} await db.query(sql, [], { signal }); }` }],
      },
    ],
  },
  {
    // `ignore` is exact: another API still reports.
    code: `import { readFile } from 'node:fs/promises'; ${MAIN} await fetch(url, { signal }); await readFile(p); }`,
    options: [{ apis: [], ignore: ['fetch'], typeAware: false }],
    errors: [
      {
        messageId: 'missingSignal',
        suggestions: [
          {
            messageId: 'passOptions',
            output: `import { readFile } from 'node:fs/promises'; ${MAIN} await fetch(url, { signal }); await readFile(p, { signal }); }`,
          },
        ],
      },
    ],
  },
];
