import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester, type InvalidTestCase } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseBuilders } from './case-builders.js';
import rule, {
  type MessageIds,
  type Options,
} from '../../packages/eslint-plugin-graceful-shutdown/rules/require-signal-cancellation.js';
import { clearProjectCaches } from '../../packages/eslint-plugin-graceful-shutdown/detection/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../fixtures/rules/entrypoint-rules');

// Entrypoints by code (shebang, main(), listen, …) need no file system: a virtual path is enough.
const cli = '/virtual/app/cli.ts';
const lib = '/virtual/app/lib.ts';
const cjs = '/virtual/app/cli.cjs';

// Entrypoints named by package.json: a real project in a temp dir, made before the cases run.
const project = path.join(os.tmpdir(), `gs-require-signal-cancellation-${process.pid}`);
const binFile = path.join(project, 'bin', 'serve.js');
const scriptFile = path.join(project, 'src', 'worker.ts');
const builtBinSource = path.join(project, 'src', 'cli.ts');
const plainFile = path.join(project, 'src', 'util.ts');

beforeAll(() => {
  mkdirSync(path.join(project, 'bin'), { recursive: true });
  mkdirSync(path.join(project, 'src'), { recursive: true });
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'fixture',
      type: 'module',
      bin: { serve: './bin/serve.js', tool: './dist/cli.js' },
      scripts: { jobs: 'tsx src/worker.ts' },
    }),
  );
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
  );
  clearProjectCaches();
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const ruleTester = new RuleTester();
const js = { parser: espree, ecmaVersion: 'latest', sourceType: 'module' } as const;
const script = { parser: espree, ecmaVersion: 'latest', sourceType: 'commonjs' } as const;

const { ok, bad } = caseBuilders<MessageIds, Options>(cli);
type Error = InvalidTestCase<MessageIds, Options>['errors'][number];

/** Work that only reads and prints: reported with `checkReadOnlyWork` (on in `strict`). */
const readOnly = (
  code: string,
  errors: Error[],
  extra: Partial<InvalidTestCase<MessageIds, Options>> = {},
): InvalidTestCase<MessageIds, Options> => bad(code, errors, { ...extra, options: [{ checkReadOnlyWork: true }] });

ruleTester.run('require-signal-cancellation', rule, {
  valid: [
    // ——— Plain library modules: no entrypoint reason, no signal listener ———
    ok(`export async function fetchAll(url: string) { return (await fetch(url)).json(); }`, { filename: lib }),
    ok(
      `import http from 'node:http';
export function start() { const server = http.createServer(); server.listen(3000); return server; }`,
      { filename: lib },
    ),
    ok(`export const ticker = () => setInterval(() => console.log('tick'), 1000);`, { filename: lib }),
    ok(
      `export const config = await loadConfig();
export default config;`,
      { filename: lib },
    ),
    ok(
      `import { describe, it } from 'vitest';
describe('x', () => { it('works', async () => { await Promise.resolve(); }); });`,
      { filename: '/virtual/app/x.test.ts' },
    ),
    ok(
      `const util = require('util');
module.exports = { run: async () => util.promisify(setTimeout)(10) };`,
      {
        filename: '/virtual/app/lib.cjs',
        languageOptions: script,
      },
    ),
    ok(`export function util() { return 1; }`, { filename: plainFile }),

    // ——— Entrypoints that start no async work ———
    ok(`#!/usr/bin/env node
import fs from 'node:fs';
console.log(fs.readFileSync(process.argv[2], 'utf8'));`),
    ok(
      `#!/usr/bin/env node
import { program } from 'commander';
program.option('-v').parse();
console.log(program.opts());`,
    ),
    ok(
      `#!/usr/bin/env node
const { execSync } = require('child_process');
execSync('git status', { stdio: 'inherit' });`,
      { filename: cjs, languageOptions: script },
    ),

    // ——— runMain from the helper, wherever it lives ———
    ok(
      `import { runMain, type MainContext } from './graceful-shutdown.js';
async function main({ signal }: MainContext) { await fetch('https://example.com', { signal }); }
runMain(main);`,
    ),
    ok(
      `import { runMain } from '../lib/graceful-shutdown';
async function main() { setInterval(() => {}, 1000); }
runMain(main);`,
    ),
    ok(`import { runMain } from '#utils/graceful-shutdown.mjs';
await Promise.resolve();
runMain(async () => {});`),
    ok(`import * as gs from './support/graceful-shutdown.js';
async function main() {}
gs.runMain(main);`),
    ok(
      `#!/usr/bin/env node
const { runMain } = require('./graceful-shutdown.cjs');
async function main() {}
if (require.main === module) runMain(main);`,
      { filename: cjs, languageOptions: script },
    ),
    ok(
      `import { runMain } from '@acme/lifecycle';
async function main() {}
runMain(main);`,
      {
        settings: { 'graceful-shutdown': { helpers: ['@acme/lifecycle'] } },
      },
    ),
    ok(
      `import { runMain } from './lifecycle.js';
async function main() {}
runMain(main);`,
      {
        options: [{ helpers: ['./lifecycle.js'] }],
      },
    ),

    // ——— Known libraries ———
    ok(
      `import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';
const app = Fastify();
closeWithGrace({ delay: 500 }, async () => { await app.close(); });
await app.listen({ port: 3000 });`,
    ),
    ok(
      `import http from 'node:http';
import { createTerminus } from '@godaddy/terminus';
const server = http.createServer(handler);
createTerminus(server, { signals: ['SIGINT', 'SIGTERM'], onSignal: cleanup });
server.listen(3000);`,
    ),
    ok(
      `import { createLightship } from 'lightship';
const lightship = await createLightship();
const server = app.listen(8080, () => lightship.signalReady());
lightship.registerShutdownHandler(() => server.close());`,
    ),
    ok(
      `import { createHttpTerminator } from 'http-terminator';
const server = app.listen(3000);
const terminator = createHttpTerminator({ server });
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void terminator.terminate());`,
    ),
    ok(
      `const closeWithGrace = require('close-with-grace');
const app = require('./app');
closeWithGrace(async () => app.close());
app.listen(3000);`,
      { filename: cjs, languageOptions: script },
    ),

    // ——— Configured and recognisable helpers ———
    ok(
      `const app = await create();
lifecycle.start(app);
await app.listen(3000);`,
      {
        options: [{ shutdownHelpers: ['lifecycle.start'] }],
      },
    ),
    ok(
      `import { boot } from '@acme/lifecycle';
const server = app.listen(3000);
boot(server);`,
      {
        options: [{ shutdownHelpers: ['@acme/lifecycle'] }],
      },
    ),
    ok(
      `import { install } from '@acme/ops';
const server = app.listen(3000);
install(server);`,
      {
        options: [{ shutdownHelpers: ['@acme/ops#install'] }],
      },
    ),
    ok(
      `import { setupGracefulShutdown } from './shutdown.js';
const server = app.listen(3000);
setupGracefulShutdown(server);`,
    ),
    ok(
      `import { NestFactory } from '@nestjs/core';
const app = await NestFactory.create(AppModule);
app.enableShutdownHooks();
await app.listen(3000);`,
    ),
    ok(
      `import gracefulShutdown from 'http-graceful-shutdown';
const server = app.listen(3000);
gracefulShutdown(server, { signals: 'SIGINT SIGTERM' });`,
    ),
    ok(
      `const { registerSignalHandlers } = require('./lifecycle');
const server = require('./app').listen(3000);
registerSignalHandlers(server);`,
      { filename: cjs, languageOptions: script },
    ),
    ok(`import './lib/shutdown-hooks.js';
import { app } from './app.js';
app.listen(3000);`),

    // ——— Listeners that cancel, however they are written ———
    ok(
      `const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
process.on('SIGTERM', () => controller.abort());
const response = await fetch('https://example.com', { signal: controller.signal });`,
    ),
    ok(
      `const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => controller.abort());
async function main() { await run({ signal: controller.signal }); }
main();`,
    ),
    ok(
      `import http from 'node:http';
const server = http.createServer(handler).listen(3000);
['SIGINT', 'SIGTERM'].forEach((signal) => process.on(signal, shutdown));
function shutdown() { server.close(); }`,
    ),
    ok(
      `const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const server = app.listen(3000);
SIGNALS.forEach((s) => process.on(s, () => server.close()));`,
    ),
    ok(
      `async function main() {
  const server = app.listen(3000);
  const signals = ['SIGINT', 'SIGTERM'];
  for (const signal of signals) process.on(signal, () => server.close());
}
main();`,
    ),
    ok(
      `async function main() {
  const server = app.listen(3000);
  const stop = () => server.close();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
main();`,
    ),
    ok(
      `const server = app.listen(3000);
process.addListener('SIGINT', stop);
process.prependListener('SIGTERM', stop);
process.prependOnceListener('SIGTERM', stop);
function stop() { server.close(); }`,
    ),
    ok(
      `import { shutdown } from './shutdown.js';
const server = app.listen(3000);
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);`,
    ),
    ok(
      `const server = app.listen(3000);
process.on('SIGINT', server.close.bind(server));
process.on('SIGTERM', server.close.bind(server));`,
    ),
    ok(
      `import { once } from 'node:events';
const server = app.listen(3000);
await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
server.close();`,
    ),
    ok(
      `const ac = new AbortController();
Deno.addSignalListener('SIGINT', () => ac.abort());
Deno.addSignalListener('SIGTERM', () => ac.abort());
await Deno.serve({ signal: ac.signal }, handler).finished;`,
    ),
    ok(
      `let running = true;
process.on('SIGINT', () => { running = false; });
process.on('SIGTERM', () => { running = false; });
while (running) {
  await tick();
}`,
    ),
    ok(
      `#!/usr/bin/env node
class App {
  server = http.createServer();
  start() {
    this.server.listen(3000);
    process.on('SIGINT', () => this.stop());
    process.on('SIGTERM', this.stop.bind(this));
  }
  stop() { this.server.close(); }
}
new App().start();`,
    ),
    ok(
      `async function main() {
  const server = app.listen(3000);
  await new Promise((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve); });
  server.close();
}
main();`,
    ),
    ok(
      `const server = app.listen(3000);
for (const signal of getSignals()) process.on(signal, () => server.close());`,
    ),
    ok(
      `const server = app.listen(3000);
process.on('SIGTERM', () => server.close());`,
      {
        options: [{ signals: ['SIGTERM'] }],
      },
    ),
    ok(
      `const controller = new AbortController();
const work = run({ signal: controller.signal });
process.once('SIGINT', () => {
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
});
process.once('SIGTERM', () => controller.abort());
await work;`,
    ),
    // One listener logs, another cancels: the log is harmless.
    ok(
      `const server = app.listen(3000);
process.on('SIGINT', () => console.log('bye'));
process.on('SIGINT', () => server.close());
process.on('SIGTERM', () => server.close());`,
    ),
    // A wrapper that lets Ctrl+C reach its child (same process group) and forwards SIGTERM.
    ok(
      `#!/usr/bin/env node
import { spawn } from 'node:child_process';
const child = spawn(process.argv[2], { stdio: 'inherit' });
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code) => { process.exitCode = code ?? 1; });`,
    ),
    // Listeners for signals that are not termination requests are not checked.
    ok(
      `process.on('SIGUSR2', () => console.log('heap dump requested'));
process.on('SIGHUP', () => console.log('reloading'));`,
      { filename: lib },
    ),

    // ——— Async listeners whose rejection is handled ———
    ok(
      `const server = app.listen(3000);
const stop = async () => {
  try { await close(server); } catch (error) { console.error(error); }
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);`,
    ),
    ok(
      `const server = app.listen(3000);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => { await close(server).catch(console.error); });`,
    ),
    // Node's default exit, only when the program has no SIGTERM listener of its own (ts-node-dev's child wrapper).
    ok(
      `process.on('SIGTERM', function () {
  if (process.listeners('SIGTERM').length === 1) process.exit(0);
});`,
    ),
    // `finally { process.exit() }` ends the process before a rejection could go unhandled (bull's sandboxed job master).
    ok(
      `const server = app.listen(3000);
async function waitForCurrentJobAndExit() {
  try {
    await close(server);
  } finally {
    process.exit(process.exitCode || 0);
  }
}
process.on('SIGTERM', waitForCurrentJobAndExit);
process.on('SIGINT', waitForCurrentJobAndExit);`,
    ),
    ok(
      `const controller = new AbortController();
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => { controller.abort(); });
await run(controller.signal);`,
    ),
    ok(
      `const server = app.listen(3000);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => void shutdown().catch(console.error));
async function shutdown() { await close(server); }`,
    ),

    // ——— Observed aborts ———
    ok(
      `const controller = new AbortController();
const { signal } = controller;
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => controller.abort());
await fetch(url, { signal });`,
    ),
    ok(
      `const controller = new AbortController();
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => controller.abort());
while (!controller.signal.aborted) await tick();`,
    ),
    ok(
      `import { controller } from './shutdown.js';
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => controller.abort());
await run();`,
    ),
    ok(
      `const controller = new AbortController();
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => controller.abort());
await startWorkers(controller);`,
    ),

    // ——— Worker threads get no signals ———
    ok(
      `import { parentPort } from 'node:worker_threads';
setInterval(() => parentPort?.postMessage('tick'), 1000);
await work();`,
    ),
    ok(
      `#!/usr/bin/env node
import { isMainThread, Worker } from 'node:worker_threads';
if (!isMainThread) { process.on('SIGINT', () => console.log('never delivered')); }
else {
  const worker = new Worker(new URL(import.meta.url));
  for (const s of ['SIGINT', 'SIGTERM']) process.once(s, () => void worker.terminate());
}`,
    ),

    // ——— Odd code never crashes and is not reported ———
    ok(
      `process.on();
process.on('SIGINT');
process[method]('SIGINT', handler);
process.on(...args);`,
      {
        filename: lib,
      },
    ),
    ok(
      `main?.call(null);
(() => {})();
new (class {})();
(function () { setInterval(tick, 10); }).call(this);`,
      {
        options: [{ signals: ['SIGINT'] }],
        filename: lib,
      },
    ),
  ],
  invalid: [
    // ——— missingHandling: reported at the first thing that starts work, naming it ———
    bad(
      `import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.listen(3000);`,
      [
        {
          messageId: 'missingHandling',
          line: 2,
          column: 16,
          data: { starter: '`http.createServer()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
    ),
    bad(
      `import express from 'express';
const app = express();
app.get('/', (req, res) => res.send('ok'));
app.listen(process.env.PORT ?? 3000, () => console.log('listening'));`,
      [
        {
          messageId: 'missingHandling',
          line: 4,
          column: 1,
          data: { starter: '`app.listen()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
    ),
    readOnly(
      `async function main() {
  const data = await fetchAll();
  await saveAll(data);
}
main();`,
      [
        {
          messageId: 'missingHandling',
          line: 5,
          column: 1,
          data: { starter: '`main()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
    ),
    readOnly(
      `#!/usr/bin/env node
import { fetchAll, saveAll } from '../lib/sync.js';
async function main(): Promise<void> {
  saveAll(await fetchAll());
}
main().catch((err) => { console.error(err); process.exit(1); });`,
      [{ messageId: 'missingHandling', line: 6, column: 1 }],
    ),
    readOnly(
      `(async () => {
  await migrate();
})();`,
      [{ messageId: 'missingHandling', line: 1, data: { starter: 'an async IIFE', signals: 'SIGINT and SIGTERM' } }],
    ),
    readOnly(
      `const response = await fetch('https://example.com');
console.log(await response.text());`,
      [
        {
          messageId: 'missingHandling',
          line: 1,
          column: 24,
          data: { starter: '`fetch()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
    ),
    readOnly(
      `await sleep(1000);
console.log('done');`,
      [
        {
          messageId: 'missingHandling',
          line: 1,
          column: 1,
          data: { starter: 'top-level `await`', signals: 'SIGINT and SIGTERM' },
        },
      ],
    ),
    readOnly(
      `for await (const chunk of process.stdin) total += chunk.length;
console.log(total);`,
      [{ messageId: 'missingHandling', line: 1, data: { starter: '`for await`', signals: 'SIGINT and SIGTERM' } }],
    ),
    bad(
      `#!/usr/bin/env node
setInterval(() => console.log(new Date().toISOString()), 1000);`,
      [{ messageId: 'missingHandling', line: 2, data: { starter: '`setInterval()`', signals: 'SIGINT and SIGTERM' } }],
    ),
    bad(
      `#!/usr/bin/env node
import { spawn } from 'node:child_process';
const child = spawn('npm', ['test'], { stdio: 'inherit' });
child.on('exit', (code) => { process.exitCode = code ?? 1; });`,
      [{ messageId: 'missingHandling', line: 3, data: { starter: '`spawn()`', signals: 'SIGINT and SIGTERM' } }],
    ),
    bad(
      `#!/usr/bin/env node
import { Worker } from 'node:worker_threads';
const worker = new Worker(new URL('./task.js', import.meta.url));
worker.on('message', console.log);`,
      [{ messageId: 'missingHandling', line: 3, data: { starter: '`new Worker()`', signals: 'SIGINT and SIGTERM' } }],
    ),
    readOnly(
      `#!/usr/bin/env node
const fs = require('fs');
fs.createReadStream(process.argv[2]).pipe(process.stdout);`,
      [
        {
          messageId: 'missingHandling',
          line: 3,
          data: { starter: '`fs.createReadStream(…).pipe()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
      {
        filename: cjs,
        languageOptions: script,
      },
    ),
    bad(
      `#!/usr/bin/env node
const http = require('http');
http.createServer((req, res) => res.end('ok')).listen(8080);`,
      [{ messageId: 'missingHandling', line: 3, column: 1 }],
      { filename: cjs, languageOptions: script },
    ),
    bad(
      `#!/usr/bin/env node
import http from 'node:http';
function start() {
  const server = http.createServer();
  server.listen(8080);
}
start();`,
      [
        {
          messageId: 'missingHandling',
          line: 4,
          data: { starter: '`http.createServer()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
    ),
    readOnly(
      `async function main() {}
if (require.main === module) {
  main().catch(console.error);
}`,
      [{ messageId: 'missingHandling', line: 3 }],
      { filename: cjs, languageOptions: script },
    ),
    readOnly(
      `import { run } from './app.js';
run();`,
      [{ messageId: 'missingHandling', line: 2, data: { starter: '`run()`', signals: 'SIGINT and SIGTERM' } }],
    ),
    readOnly(
      `#!/usr/bin/env node
import { program } from 'commander';
program.command('sync').action(async () => { await sync(); });
program.parse();`,
      [
        {
          messageId: 'missingHandling',
          line: 3,
          data: { starter: 'the async callback of `program.command(…).action()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
    ),
    bad(
      `import cron from 'node-cron';
cron.schedule('* * * * *', cleanup);`,
      [{ messageId: 'missingHandling', line: 2 }],
      { filename: binFile, languageOptions: js },
    ),
    readOnly(
      `async function main() { await processQueue(); }
main();`,
      [{ messageId: 'missingHandling', line: 2 }],
      {
        filename: scriptFile,
      },
    ),
    bad(`setInterval(poll, 5000);`, [{ messageId: 'missingHandling', line: 1 }], { filename: builtBinSource }),
    bad(`setInterval(poll, 5000);`, [{ messageId: 'missingHandling', line: 1 }], {
      filename: path.join(process.cwd(), 'fixtures/rules/entrypoint-rules/jobs/poll.ts'),
      settings: { 'graceful-shutdown': { entrypoints: ['**/fixtures/rules/entrypoint-rules/jobs/*.ts'] } },
    }),
    bad(
      `const server = app.listen(3000);
process.on('SIGHUP', () => server.close());`,
      [{ messageId: 'missingHandling', line: 1 }],
    ),
    // A bare `shutdown()` is not an installer: it runs when main ends, not on a signal.
    readOnly(
      `import { shutdown } from './db.js';
async function main() { await work(); await shutdown(); }
main();`,
      [{ messageId: 'missingHandling', line: 3, data: { starter: '`main()`', signals: 'SIGINT and SIGTERM' } }],
    ),
    bad(
      `import { createSignal } from 'solid-js';
const [count, setCount] = createSignal(0);
setInterval(() => setCount(count() + 1), 1000);`,
      [{ messageId: 'missingHandling', line: 3 }],
      { filename: '/virtual/app/bin/tick.ts', settings: { 'graceful-shutdown': { entrypoints: ['**/bin/*.ts'] } } },
    ),
    readOnly(
      `process.stdin.on('data', (chunk) => buffer.push(chunk));
process.stdin.on('end', () => console.log(buffer.join('')));`,
      [
        {
          messageId: 'missingHandling',
          line: 1,
          data: { starter: '`process.stdin.on()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
      {
        filename: '/virtual/app/bin/cat.ts',
        settings: { 'graceful-shutdown': { entrypoints: ['**/bin/*.ts'] } },
      },
    ),

    // ——— missingSignal ———
    // Work that only reads and prints loses nothing to the signal left out: reported with checkReadOnlyWork.
    readOnly(
      `const controller = new AbortController();
function onSignal() { controller.abort(); }
process.on('SIGINT', onSignal);
await run({ signal: controller.signal });`,
      [
        {
          messageId: 'missingSigterm',
          line: 3,
          data: { handled: 'SIGINT' },
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGTERM' },
              output: `const controller = new AbortController();
function onSignal() { controller.abort(); }
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
await run({ signal: controller.signal });`,
            },
          ],
        },
      ],
    ),
    bad(
      `const server = app.listen(3000);
process.on('SIGTERM', () => {
  server.close();
});`,
      [
        {
          messageId: 'missingSigint',
          line: 2,
          data: { handled: 'SIGTERM' },
          suggestions: [],
        },
      ],
    ),
    bad(
      `const server = app.listen(3000);
for (const signal of ['SIGINT']) process.once(signal, () => server.close());`,
      [
        {
          messageId: 'missingSigterm',
          line: 2,
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGTERM' },
              output: `const server = app.listen(3000);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close());`,
            },
          ],
        },
      ],
    ),
    bad(
      `const server = app.listen(3000);
["SIGTERM"].forEach((signal) => process.on(signal, () => server.close()));`,
      [
        {
          messageId: 'missingSigint',
          line: 2,
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGINT' },
              output: `const server = app.listen(3000);
["SIGTERM", "SIGINT"].forEach((signal) => process.on(signal, () => server.close()));`,
            },
          ],
        },
      ],
    ),
    bad(
      `const server = app.listen(3000);
  process.on('SIGINT', this.stop);`,
      [
        {
          messageId: 'missingSigterm',
          line: 2,
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGTERM' },
              output: `const server = app.listen(3000);
  process.on('SIGINT', this.stop);
  process.on('SIGTERM', this.stop);`,
            },
          ],
        },
      ],
    ),
    bad(
      `const server = app.listen(3000);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => server.close());`,
      [
        {
          messageId: 'missingSighup',
          line: 2,
          data: { handled: 'SIGINT and SIGTERM' },
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGHUP' },
              output: `const server = app.listen(3000);
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => server.close());`,
            },
          ],
        },
      ],
      { options: [{ signals: ['SIGINT', 'SIGTERM', 'SIGHUP'] }] },
    ),
    bad(
      `const server = app.listen(3000);
process.on('SIGINT', () => server.close());`,
      [
        {
          messageId: 'missingSignal',
          line: 2,
          data: { handled: 'SIGINT', missing: 'SIGUSR2' },
          suggestions: [],
        },
      ],
      { options: [{ signals: ['SIGINT', 'SIGUSR2'] }] },
    ),
    bad(
      `import { once } from 'node:events';
const server = app.listen(3000);
await once(process, 'SIGINT');
server.close();`,
      [{ messageId: 'missingSigterm', line: 3, suggestions: [] }],
    ),
    bad(
      `const server = app.listen(3000);
globalThis.process.on('SIGINT', stop);
function stop() { server.close(); }`,
      [
        {
          messageId: 'missingSigterm',
          line: 2,
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGTERM' },
              output: `const server = app.listen(3000);
globalThis.process.on('SIGINT', stop);
globalThis.process.on('SIGTERM', stop);
function stop() { server.close(); }`,
            },
          ],
        },
      ],
    ),

    // ——— noCancellation ———
    bad(
      `import express from 'express';
const app = express();
const server = app.listen(3000);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));`,
      [
        {
          messageId: 'noCancellationExits',
          line: 4,
          column: 23,
          data: { signals: 'SIGTERM' },
        },
        {
          messageId: 'noCancellationExits',
          line: 5,
          column: 22,
          data: { signals: 'SIGINT' },
        },
      ],
    ),
    bad(
      `process.on('SIGINT', () => {
  console.log('Caught interrupt signal');
});`,
      [
        {
          messageId: 'noCancellationLogs',
          line: 1,
          data: { signals: 'SIGINT' },
        },
      ],
      { filename: lib },
    ),
    bad(
      `const server = app.listen(3000);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, onSignal);

// … far below …
function onSignal(signal: string) {
  logger.info({ signal }, 'shutting down');
  process.exit(0);
}`,
      [
        {
          messageId: 'noCancellationExits',
          line: 2,
          column: 64,
          data: { signals: 'SIGINT/SIGTERM' },
        },
      ],
    ),
    bad(
      `const server = app.listen(3000);
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});`,
      [
        {
          messageId: 'noCancellationSwallows',
          line: 2,
          data: { signals: 'SIGINT' },
        },
        { messageId: 'noCancellationSwallows', line: 3 },
      ],
    ),
    bad(
      `await work();
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { process.exitCode = 130; });`,
      [
        {
          messageId: 'noCancellationLogs',
          line: 2,
          data: { signals: 'SIGINT/SIGTERM' },
        },
      ],
    ),
    bad(
      `let count = 0;
await work();
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => {
  count++;
  if (count > 1) process.exit(1);
  console.log('press Ctrl+C again to quit');
});`,
      [
        {
          messageId: 'noCancellationExits',
          line: 3,
          data: { signals: 'SIGINT/SIGTERM' },
        },
      ],
    ),
    bad(
      `Deno.addSignalListener('SIGINT', () => Deno.exit(130));
Deno.addSignalListener('SIGTERM', () => Deno.exit(143));
await Deno.serve(handler).finished;`,
      [
        {
          messageId: 'noCancellationExits',
          line: 1,
          data: { signals: 'SIGINT' },
        },
        { messageId: 'noCancellationExits', line: 2 },
      ],
    ),
    bad(
      `const server = app.listen(3000);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => {
  console.error(\`\${s} received\`);
  setTimeout(() => process.exit(1), 5000).unref();
});`,
      [
        {
          messageId: 'noCancellationExits',
          line: 2,
          data: { signals: 'SIGINT/SIGTERM' },
        },
      ],
    ),
    bad(
      `async function main() {
  const server = app.listen(3000);
  const bye = () => { console.log('bye'); process.exit(); };
  process.on('SIGINT', bye);
  process.on('SIGTERM', bye);
}
main();`,
      [
        {
          messageId: 'noCancellationExits',
          line: 4,
          data: { signals: 'SIGINT/SIGTERM' },
        },
      ],
    ),
    bad(
      `#!/usr/bin/env node
class Server {
  start() {
    process.on('SIGINT', this.onSignal.bind(this));
    process.on('SIGTERM', this.onSignal.bind(this));
    this.http.listen(8080);
  }
  onSignal() { this.logger.warn('stopping'); process.kill(process.pid, 'SIGKILL'); }
}
new Server().start();`,
      [
        {
          messageId: 'noCancellationExits',
          line: 4,
          data: { signals: 'SIGINT/SIGTERM' },
        },
      ],
    ),

    // ——— abortNotObserved ———
    bad(
      `const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
process.on('SIGTERM', () => controller.abort());
const response = await fetch('https://example.com');`,
      [
        { messageId: 'abortNotObserved', line: 2, column: 28, data: { controller: 'controller' } },
        { messageId: 'abortNotObserved', line: 3, column: 29, data: { controller: 'controller' } },
      ],
    ),
    bad(
      `const ac = new AbortController();
function shutdown() { ac.abort(new Error('shutdown')); }
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, shutdown);
await main();`,
      [{ messageId: 'abortNotObserved', line: 2, column: 23, data: { controller: 'ac' } }],
    ),
    bad(
      `#!/usr/bin/env node
class Job {
  controller = new AbortController();
  run() {
    for (const s of ['SIGINT', 'SIGTERM']) process.once(s, () => this.controller.abort());
    return loop();
  }
}
new Job().run();`,
      [{ messageId: 'abortNotObserved', line: 5, data: { controller: 'this.controller' } }],
    ),

    // ——— unhandledAsyncListener ———
    bad(
      `const server = app.listen(3000);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => {
  await close(server);
  await db.disconnect();
});`,
      [{ messageId: 'unhandledAsyncListener', line: 2, column: 54, data: { signals: 'SIGINT/SIGTERM', method: 'on' } }],
    ),
    bad(
      `const server = app.listen(3000);
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
async function shutdown() {
  await close(server);
}`,
      [
        {
          messageId: 'unhandledAsyncListener',
          line: 2,
          column: 24,
          data: { signals: 'SIGINT/SIGTERM', method: 'once' },
        },
      ],
    ),
    bad(
      `const server = app.listen(3000);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => shutdown());
async function shutdown() { await close(server); }`,
      [{ messageId: 'unhandledAsyncListener', line: 2 }],
    ),
    bad(
      `const server = app.listen(3000);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => {
  try { await close(server); } finally { console.log('closed'); }
});`,
      [{ messageId: 'unhandledAsyncListener', line: 2 }],
    ),
    bad(
      `const server = app.listen(3000);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => {
  try { await close(server); } catch (error) { log(error); throw error; }
});`,
      [{ messageId: 'unhandledAsyncListener', line: 2 }],
    ),
    bad(
      `export function installHandlers(pool) {
  process.on('SIGTERM', async () => { await pool.end(); });
}`,
      [{ messageId: 'unhandledAsyncListener', line: 2, data: { signals: 'SIGTERM', method: 'on' } }],
      { filename: lib },
    ),
    bad(
      `process.on('SIGUSR2', async () => { await writeHeapSnapshot(); });`,
      [{ messageId: 'unhandledAsyncListener', line: 1, data: { signals: 'SIGUSR2', method: 'on' } }],
      { filename: lib },
    ),

    // ——— Several at once (the crawl only reads: missingSigterm with checkReadOnlyWork) ———
    readOnly(
      `#!/usr/bin/env node
const controller = new AbortController();
process.on('SIGINT', async () => {
  console.log('stopping');
  controller.abort();
  await flush();
});
await crawl();`,
      [
        { messageId: 'missingSigterm', line: 3, suggestions: [] },
        { messageId: 'unhandledAsyncListener', line: 3 },
        { messageId: 'abortNotObserved', line: 5 },
      ],
    ),
  ],
});

describe('require-signal-cancellation robustness', () => {
  const linter = new Linter({ configType: 'flat', cwd: '/' });
  const config = (parser: unknown) => [
    {
      files: ['**/*.{ts,tsx,js,jsx,mjs,cjs}'],
      languageOptions: { parser: parser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: true } } },
      plugins: { gs: { rules: { 'require-signal-cancellation': rule as never } } },
      rules: { 'gs/require-signal-cancellation': 'error' as const },
    },
  ];

  it('never crashes on a grab-bag of odd syntax (TS and JS parsers)', () => {
    for (const [file, parser] of [
      ['odd-syntax.ts', tsParser],
      ['odd-syntax.jsx', espree],
    ] as const) {
      const code = readFileSync(path.join(fixtures, file), 'utf8');
      const extension = path.extname(file);
      for (const filename of [`/virtual/odd/cli${extension}`, `/virtual/odd/lib${extension}`]) {
        const messages = linter.verify(code, config(parser), { filename });
        expect(messages.filter((message) => message.fatal || message.ruleId === null)).toEqual([]);
      }
    }
  });

  it('rejects an empty `signals` list in the schema (it would check nothing)', () => {
    const withSignals = (signals: string[]): Linter.Config[] => [
      { ...config(tsParser)[0], rules: { 'gs/require-signal-cancellation': ['error', { signals }] } },
    ];
    const code = `#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
await writeFile('out.txt', 'data');`;
    expect(() => linter.verify(code, withSignals([]), { filename: '/virtual/schema/cli.ts' })).toThrow(
      /gs\/require-signal-cancellation[\s\S]*Value \[\] should NOT have fewer than 1 items/,
    );
    const messages = linter.verify(code, withSignals(['SIGTERM']), { filename: '/virtual/schema/cli.ts' });
    expect(messages.map((message) => [message.messageId, message.message.includes('SIGTERM')])).toEqual([
      ['missingHandling', true],
    ]);
  });

  it('stays fast on a large generated entrypoint', () => {
    const body = Array.from(
      { length: 500 },
      (_, i) => `process.on('SIGINT', () => { console.log(${i}); });
const x${i} = a${i} + b${i} + c${i};`,
    ).join('\n');
    const deep = `const deep = ${Array.from({ length: 500 }, () => 'x').join(' + ')};`;
    const started = performance.now();
    const messages = linter.verify(
      `#!/usr/bin/env node
setInterval(main, 1000);
${body}
${deep}`,
      config(tsParser),
      {
        filename: '/virtual/big/cli.ts',
      },
    );
    // SIGTERM is missing; every SIGINT listener only logs; no crash on the deep expression.
    expect(messages.map((message) => message.messageId)).toEqual([
      'missingSigterm',
      ...Array.from({ length: 500 }, () => 'noCancellationLogs'),
    ]);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
