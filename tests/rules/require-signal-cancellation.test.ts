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
      `import http from 'node:http';\nexport function start() { const server = http.createServer(); server.listen(3000); return server; }`,
      { filename: lib },
    ),
    ok(`export const ticker = () => setInterval(() => console.log('tick'), 1000);`, { filename: lib }),
    ok(`export const config = await loadConfig();\nexport default config;`, { filename: lib }),
    ok(
      `import { describe, it } from 'vitest';\ndescribe('x', () => { it('works', async () => { await Promise.resolve(); }); });`,
      { filename: '/virtual/app/x.test.ts' },
    ),
    ok(`const util = require('util');\nmodule.exports = { run: async () => util.promisify(setTimeout)(10) };`, {
      filename: '/virtual/app/lib.cjs',
      languageOptions: script,
    }),
    ok(`export function util() { return 1; }`, { filename: plainFile }),

    // ——— Entrypoints that start no async work ———
    ok(`#!/usr/bin/env node\nimport fs from 'node:fs';\nconsole.log(fs.readFileSync(process.argv[2], 'utf8'));`),
    ok(
      `#!/usr/bin/env node\nimport { program } from 'commander';\nprogram.option('-v').parse();\nconsole.log(program.opts());`,
    ),
    ok(
      `#!/usr/bin/env node\nconst { execSync } = require('child_process');\nexecSync('git status', { stdio: 'inherit' });`,
      { filename: cjs, languageOptions: script },
    ),

    // ——— runMain from the helper, wherever it lives ———
    ok(
      `import { runMain, type MainContext } from './graceful-shutdown.js';\nasync function main({ signal }: MainContext) { await fetch('https://example.com', { signal }); }\nrunMain(main);`,
    ),
    ok(
      `import { runMain } from '../lib/graceful-shutdown';\nasync function main() { setInterval(() => {}, 1000); }\nrunMain(main);`,
    ),
    ok(`import { runMain } from '#utils/graceful-shutdown.mjs';\nawait Promise.resolve();\nrunMain(async () => {});`),
    ok(`import * as gs from './support/graceful-shutdown.js';\nasync function main() {}\ngs.runMain(main);`),
    ok(
      `#!/usr/bin/env node\nconst { runMain } = require('./graceful-shutdown.cjs');\nasync function main() {}\nif (require.main === module) runMain(main);`,
      { filename: cjs, languageOptions: script },
    ),
    ok(`import { runMain } from '@acme/lifecycle';\nasync function main() {}\nrunMain(main);`, {
      settings: { 'graceful-shutdown': { helpers: ['@acme/lifecycle'] } },
    }),
    ok(`import { runMain } from './lifecycle.js';\nasync function main() {}\nrunMain(main);`, {
      options: [{ helpers: ['./lifecycle.js'] }],
    }),

    // ——— Known libraries ———
    ok(
      `import closeWithGrace from 'close-with-grace';\nimport Fastify from 'fastify';\nconst app = Fastify();\ncloseWithGrace({ delay: 500 }, async () => { await app.close(); });\nawait app.listen({ port: 3000 });`,
    ),
    ok(
      `import http from 'node:http';\nimport { createTerminus } from '@godaddy/terminus';\nconst server = http.createServer(handler);\ncreateTerminus(server, { signals: ['SIGINT', 'SIGTERM'], onSignal: cleanup });\nserver.listen(3000);`,
    ),
    ok(
      `import { createLightship } from 'lightship';\nconst lightship = await createLightship();\nconst server = app.listen(8080, () => lightship.signalReady());\nlightship.registerShutdownHandler(() => server.close());`,
    ),
    ok(
      `import { createHttpTerminator } from 'http-terminator';\nconst server = app.listen(3000);\nconst terminator = createHttpTerminator({ server });\nfor (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void terminator.terminate());`,
    ),
    ok(
      `const closeWithGrace = require('close-with-grace');\nconst app = require('./app');\ncloseWithGrace(async () => app.close());\napp.listen(3000);`,
      { filename: cjs, languageOptions: script },
    ),

    // ——— Configured and recognisable helpers ———
    ok(`const app = await create();\nlifecycle.start(app);\nawait app.listen(3000);`, {
      options: [{ shutdownHelpers: ['lifecycle.start'] }],
    }),
    ok(`import { boot } from '@acme/lifecycle';\nconst server = app.listen(3000);\nboot(server);`, {
      options: [{ shutdownHelpers: ['@acme/lifecycle'] }],
    }),
    ok(`import { install } from '@acme/ops';\nconst server = app.listen(3000);\ninstall(server);`, {
      options: [{ shutdownHelpers: ['@acme/ops#install'] }],
    }),
    ok(
      `import { setupGracefulShutdown } from './shutdown.js';\nconst server = app.listen(3000);\nsetupGracefulShutdown(server);`,
    ),
    ok(
      `import { NestFactory } from '@nestjs/core';\nconst app = await NestFactory.create(AppModule);\napp.enableShutdownHooks();\nawait app.listen(3000);`,
    ),
    ok(
      `import gracefulShutdown from 'http-graceful-shutdown';\nconst server = app.listen(3000);\ngracefulShutdown(server, { signals: 'SIGINT SIGTERM' });`,
    ),
    ok(
      `const { registerSignalHandlers } = require('./lifecycle');\nconst server = require('./app').listen(3000);\nregisterSignalHandlers(server);`,
      { filename: cjs, languageOptions: script },
    ),
    ok(`import './lib/shutdown-hooks.js';\nimport { app } from './app.js';\napp.listen(3000);`),

    // ——— Listeners that cancel, however they are written ———
    ok(
      `const controller = new AbortController();\nprocess.on('SIGINT', () => controller.abort());\nprocess.on('SIGTERM', () => controller.abort());\nconst response = await fetch('https://example.com', { signal: controller.signal });`,
    ),
    ok(
      `const controller = new AbortController();\nfor (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => controller.abort());\nasync function main() { await run({ signal: controller.signal }); }\nmain();`,
    ),
    ok(
      `import http from 'node:http';\nconst server = http.createServer(handler).listen(3000);\n['SIGINT', 'SIGTERM'].forEach((signal) => process.on(signal, shutdown));\nfunction shutdown() { server.close(); }`,
    ),
    ok(
      `const SIGNALS = ['SIGINT', 'SIGTERM'] as const;\nconst server = app.listen(3000);\nSIGNALS.forEach((s) => process.on(s, () => server.close()));`,
    ),
    ok(
      `async function main() {\n  const server = app.listen(3000);\n  const signals = ['SIGINT', 'SIGTERM'];\n  for (const signal of signals) process.on(signal, () => server.close());\n}\nmain();`,
    ),
    ok(
      `async function main() {\n  const server = app.listen(3000);\n  const stop = () => server.close();\n  process.on('SIGINT', stop);\n  process.on('SIGTERM', stop);\n}\nmain();`,
    ),
    ok(
      `const server = app.listen(3000);\nprocess.addListener('SIGINT', stop);\nprocess.prependListener('SIGTERM', stop);\nprocess.prependOnceListener('SIGTERM', stop);\nfunction stop() { server.close(); }`,
    ),
    ok(
      `import { shutdown } from './shutdown.js';\nconst server = app.listen(3000);\nprocess.on('SIGINT', shutdown);\nprocess.on('SIGTERM', shutdown);`,
    ),
    ok(
      `const server = app.listen(3000);\nprocess.on('SIGINT', server.close.bind(server));\nprocess.on('SIGTERM', server.close.bind(server));`,
    ),
    ok(
      `import { once } from 'node:events';\nconst server = app.listen(3000);\nawait Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);\nserver.close();`,
    ),
    ok(
      `const ac = new AbortController();\nDeno.addSignalListener('SIGINT', () => ac.abort());\nDeno.addSignalListener('SIGTERM', () => ac.abort());\nawait Deno.serve({ signal: ac.signal }, handler).finished;`,
    ),
    ok(
      `let running = true;\nprocess.on('SIGINT', () => { running = false; });\nprocess.on('SIGTERM', () => { running = false; });\nwhile (running) {\n  await tick();\n}`,
    ),
    ok(
      `#!/usr/bin/env node\nclass App {\n  server = http.createServer();\n  start() {\n    this.server.listen(3000);\n    process.on('SIGINT', () => this.stop());\n    process.on('SIGTERM', this.stop.bind(this));\n  }\n  stop() { this.server.close(); }\n}\nnew App().start();`,
    ),
    ok(
      `async function main() {\n  const server = app.listen(3000);\n  await new Promise((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve); });\n  server.close();\n}\nmain();`,
    ),
    ok(
      `const server = app.listen(3000);\nfor (const signal of getSignals()) process.on(signal, () => server.close());`,
    ),
    ok(`const server = app.listen(3000);\nprocess.on('SIGTERM', () => server.close());`, {
      options: [{ signals: ['SIGTERM'] }],
    }),
    ok(
      `const controller = new AbortController();\nconst work = run({ signal: controller.signal });\nprocess.once('SIGINT', () => {\n  controller.abort();\n  process.once('SIGINT', () => process.exit(130));\n});\nprocess.once('SIGTERM', () => controller.abort());\nawait work;`,
    ),
    // One listener logs, another cancels: the log is harmless.
    ok(
      `const server = app.listen(3000);\nprocess.on('SIGINT', () => console.log('bye'));\nprocess.on('SIGINT', () => server.close());\nprocess.on('SIGTERM', () => server.close());`,
    ),
    // A wrapper that lets Ctrl+C reach its child (same process group) and forwards SIGTERM.
    ok(
      `#!/usr/bin/env node\nimport { spawn } from 'node:child_process';\nconst child = spawn(process.argv[2], { stdio: 'inherit' });\nprocess.on('SIGINT', () => {});\nprocess.on('SIGTERM', () => child.kill('SIGTERM'));\nchild.on('exit', (code) => { process.exitCode = code ?? 1; });`,
    ),
    // Listeners for signals that are not termination requests are not checked.
    ok(
      `process.on('SIGUSR2', () => console.log('heap dump requested'));\nprocess.on('SIGHUP', () => console.log('reloading'));`,
      { filename: lib },
    ),

    // ——— Async listeners whose rejection is handled ———
    ok(
      `const server = app.listen(3000);\nconst stop = async () => {\n  try { await close(server); } catch (error) { console.error(error); }\n};\nprocess.on('SIGINT', stop);\nprocess.on('SIGTERM', stop);`,
    ),
    ok(
      `const server = app.listen(3000);\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => { await close(server).catch(console.error); });`,
    ),
    ok(
      `const controller = new AbortController();\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => { controller.abort(); });\nawait run(controller.signal);`,
    ),
    ok(
      `const server = app.listen(3000);\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => void shutdown().catch(console.error));\nasync function shutdown() { await close(server); }`,
    ),

    // ——— Observed aborts ———
    ok(
      `const controller = new AbortController();\nconst { signal } = controller;\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => controller.abort());\nawait fetch(url, { signal });`,
    ),
    ok(
      `const controller = new AbortController();\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => controller.abort());\nwhile (!controller.signal.aborted) await tick();`,
    ),
    ok(
      `import { controller } from './shutdown.js';\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => controller.abort());\nawait run();`,
    ),
    ok(
      `const controller = new AbortController();\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => controller.abort());\nawait startWorkers(controller);`,
    ),

    // ——— Worker threads get no signals ———
    ok(
      `import { parentPort } from 'node:worker_threads';\nsetInterval(() => parentPort?.postMessage('tick'), 1000);\nawait work();`,
    ),
    ok(
      `#!/usr/bin/env node\nimport { isMainThread, Worker } from 'node:worker_threads';\nif (!isMainThread) { process.on('SIGINT', () => console.log('never delivered')); }\nelse {\n  const worker = new Worker(new URL(import.meta.url));\n  for (const s of ['SIGINT', 'SIGTERM']) process.once(s, () => void worker.terminate());\n}`,
    ),

    // ——— Odd code never crashes and is not reported ———
    ok(`process.on();\nprocess.on('SIGINT');\nprocess[method]('SIGINT', handler);\nprocess.on(...args);`, {
      filename: lib,
    }),
    ok(`main?.call(null);\n(() => {})();\nnew (class {})();\n(function () { setInterval(tick, 10); }).call(this);`, {
      options: [{ signals: ['SIGINT'] }],
      filename: lib,
    }),
  ],
  invalid: [
    // ——— missingHandling: reported at the first thing that starts work, naming it ———
    bad(
      `import http from 'node:http';\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen(3000);`,
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
      `import express from 'express';\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\napp.listen(process.env.PORT ?? 3000, () => console.log('listening'));`,
      [
        {
          messageId: 'missingHandling',
          line: 4,
          column: 1,
          data: { starter: '`app.listen()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
    ),
    readOnly(`async function main() {\n  const data = await fetchAll();\n  await saveAll(data);\n}\nmain();`, [
      {
        messageId: 'missingHandling',
        line: 5,
        column: 1,
        data: { starter: '`main()`', signals: 'SIGINT and SIGTERM' },
      },
    ]),
    readOnly(
      `#!/usr/bin/env node\nimport { fetchAll, saveAll } from '../lib/sync.js';\nasync function main(): Promise<void> {\n  saveAll(await fetchAll());\n}\nmain().catch((err) => { console.error(err); process.exit(1); });`,
      [{ messageId: 'missingHandling', line: 6, column: 1 }],
    ),
    readOnly(`(async () => {\n  await migrate();\n})();`, [
      { messageId: 'missingHandling', line: 1, data: { starter: 'an async IIFE', signals: 'SIGINT and SIGTERM' } },
    ]),
    readOnly(`const response = await fetch('https://example.com');\nconsole.log(await response.text());`, [
      {
        messageId: 'missingHandling',
        line: 1,
        column: 24,
        data: { starter: '`fetch()`', signals: 'SIGINT and SIGTERM' },
      },
    ]),
    readOnly(`await sleep(1000);\nconsole.log('done');`, [
      {
        messageId: 'missingHandling',
        line: 1,
        column: 1,
        data: { starter: 'top-level `await`', signals: 'SIGINT and SIGTERM' },
      },
    ]),
    readOnly(`for await (const chunk of process.stdin) total += chunk.length;\nconsole.log(total);`, [
      { messageId: 'missingHandling', line: 1, data: { starter: '`for await`', signals: 'SIGINT and SIGTERM' } },
    ]),
    bad(`#!/usr/bin/env node\nsetInterval(() => console.log(new Date().toISOString()), 1000);`, [
      { messageId: 'missingHandling', line: 2, data: { starter: '`setInterval()`', signals: 'SIGINT and SIGTERM' } },
    ]),
    bad(
      `#!/usr/bin/env node\nimport { spawn } from 'node:child_process';\nconst child = spawn('npm', ['test'], { stdio: 'inherit' });\nchild.on('exit', (code) => { process.exitCode = code ?? 1; });`,
      [{ messageId: 'missingHandling', line: 3, data: { starter: '`spawn()`', signals: 'SIGINT and SIGTERM' } }],
    ),
    bad(
      `#!/usr/bin/env node\nimport { Worker } from 'node:worker_threads';\nconst worker = new Worker(new URL('./task.js', import.meta.url));\nworker.on('message', console.log);`,
      [{ messageId: 'missingHandling', line: 3, data: { starter: '`new Worker()`', signals: 'SIGINT and SIGTERM' } }],
    ),
    readOnly(
      `#!/usr/bin/env node\nconst fs = require('fs');\nfs.createReadStream(process.argv[2]).pipe(process.stdout);`,
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
      `#!/usr/bin/env node\nconst http = require('http');\nhttp.createServer((req, res) => res.end('ok')).listen(8080);`,
      [{ messageId: 'missingHandling', line: 3, column: 1 }],
      { filename: cjs, languageOptions: script },
    ),
    bad(
      `#!/usr/bin/env node\nimport http from 'node:http';\nfunction start() {\n  const server = http.createServer();\n  server.listen(8080);\n}\nstart();`,
      [
        {
          messageId: 'missingHandling',
          line: 4,
          data: { starter: '`http.createServer()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
    ),
    readOnly(
      `async function main() {}\nif (require.main === module) {\n  main().catch(console.error);\n}`,
      [{ messageId: 'missingHandling', line: 3 }],
      { filename: cjs, languageOptions: script },
    ),
    readOnly(`import { run } from './app.js';\nrun();`, [
      { messageId: 'missingHandling', line: 2, data: { starter: '`run()`', signals: 'SIGINT and SIGTERM' } },
    ]),
    readOnly(
      `#!/usr/bin/env node\nimport { program } from 'commander';\nprogram.command('sync').action(async () => { await sync(); });\nprogram.parse();`,
      [
        {
          messageId: 'missingHandling',
          line: 3,
          data: { starter: 'the async callback of `program.command(…).action()`', signals: 'SIGINT and SIGTERM' },
        },
      ],
    ),
    bad(
      `import cron from 'node-cron';\ncron.schedule('* * * * *', cleanup);`,
      [{ messageId: 'missingHandling', line: 2 }],
      { filename: binFile, languageOptions: js },
    ),
    readOnly(`async function main() { await processQueue(); }\nmain();`, [{ messageId: 'missingHandling', line: 2 }], {
      filename: scriptFile,
    }),
    bad(`setInterval(poll, 5000);`, [{ messageId: 'missingHandling', line: 1 }], { filename: builtBinSource }),
    bad(`setInterval(poll, 5000);`, [{ messageId: 'missingHandling', line: 1 }], {
      filename: path.join(process.cwd(), 'fixtures/rules/entrypoint-rules/jobs/poll.ts'),
      settings: { 'graceful-shutdown': { entrypoints: ['**/fixtures/rules/entrypoint-rules/jobs/*.ts'] } },
    }),
    bad(`const server = app.listen(3000);\nprocess.on('SIGHUP', () => server.close());`, [
      { messageId: 'missingHandling', line: 1 },
    ]),
    // A bare `shutdown()` is not an installer: it runs when main ends, not on a signal.
    readOnly(
      `import { shutdown } from './db.js';\nasync function main() { await work(); await shutdown(); }\nmain();`,
      [{ messageId: 'missingHandling', line: 3, data: { starter: '`main()`', signals: 'SIGINT and SIGTERM' } }],
    ),
    bad(
      `import { createSignal } from 'solid-js';\nconst [count, setCount] = createSignal(0);\nsetInterval(() => setCount(count() + 1), 1000);`,
      [{ messageId: 'missingHandling', line: 3 }],
      { filename: '/virtual/app/bin/tick.ts', settings: { 'graceful-shutdown': { entrypoints: ['**/bin/*.ts'] } } },
    ),
    readOnly(
      `process.stdin.on('data', (chunk) => buffer.push(chunk));\nprocess.stdin.on('end', () => console.log(buffer.join('')));`,
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
    bad(
      `const controller = new AbortController();\nfunction onSignal() { controller.abort(); }\nprocess.on('SIGINT', onSignal);\nawait run({ signal: controller.signal });`,
      [
        {
          messageId: 'missingSigterm',
          line: 3,
          data: { handled: 'SIGINT' },
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGTERM' },
              output: `const controller = new AbortController();\nfunction onSignal() { controller.abort(); }\nprocess.on('SIGINT', onSignal);\nprocess.on('SIGTERM', onSignal);\nawait run({ signal: controller.signal });`,
            },
          ],
        },
      ],
    ),
    bad(`const server = app.listen(3000);\nprocess.on('SIGTERM', () => {\n  server.close();\n});`, [
      {
        messageId: 'missingSigint',
        line: 2,
        data: { handled: 'SIGTERM' },
        suggestions: [],
      },
    ]),
    bad(
      `const server = app.listen(3000);\nfor (const signal of ['SIGINT']) process.once(signal, () => server.close());`,
      [
        {
          messageId: 'missingSigterm',
          line: 2,
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGTERM' },
              output: `const server = app.listen(3000);\nfor (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close());`,
            },
          ],
        },
      ],
    ),
    bad(
      `const server = app.listen(3000);\n["SIGTERM"].forEach((signal) => process.on(signal, () => server.close()));`,
      [
        {
          messageId: 'missingSigint',
          line: 2,
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGINT' },
              output: `const server = app.listen(3000);\n["SIGTERM", "SIGINT"].forEach((signal) => process.on(signal, () => server.close()));`,
            },
          ],
        },
      ],
    ),
    bad(`const server = app.listen(3000);\n  process.on('SIGINT', this.stop);`, [
      {
        messageId: 'missingSigterm',
        line: 2,
        suggestions: [
          {
            messageId: 'addSignal',
            data: { missing: 'SIGTERM' },
            output: `const server = app.listen(3000);\n  process.on('SIGINT', this.stop);\n  process.on('SIGTERM', this.stop);`,
          },
        ],
      },
    ]),
    bad(
      `const server = app.listen(3000);\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => server.close());`,
      [
        {
          messageId: 'missingSighup',
          line: 2,
          data: { handled: 'SIGINT and SIGTERM' },
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGHUP' },
              output: `const server = app.listen(3000);\nfor (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => server.close());`,
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
      `import { once } from 'node:events';\nconst server = app.listen(3000);\nawait once(process, 'SIGINT');\nserver.close();`,
      [{ messageId: 'missingSigterm', line: 3, suggestions: [] }],
    ),
    bad(
      `const server = app.listen(3000);\nglobalThis.process.on('SIGINT', stop);\nfunction stop() { server.close(); }`,
      [
        {
          messageId: 'missingSigterm',
          line: 2,
          suggestions: [
            {
              messageId: 'addSignal',
              data: { missing: 'SIGTERM' },
              output: `const server = app.listen(3000);\nglobalThis.process.on('SIGINT', stop);\nglobalThis.process.on('SIGTERM', stop);\nfunction stop() { server.close(); }`,
            },
          ],
        },
      ],
    ),

    // ——— noCancellation ———
    bad(
      `import express from 'express';\nconst app = express();\nconst server = app.listen(3000);\nprocess.on('SIGTERM', () => process.exit(0));\nprocess.on('SIGINT', () => process.exit(0));`,
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
      `process.on('SIGINT', () => {\n  console.log('Caught interrupt signal');\n});`,
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
      `const server = app.listen(3000);\nfor (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, onSignal);\n\n// … far below …\nfunction onSignal(signal: string) {\n  logger.info({ signal }, 'shutting down');\n  process.exit(0);\n}`,
      [
        {
          messageId: 'noCancellationExits',
          line: 2,
          column: 64,
          data: { signals: 'SIGINT/SIGTERM' },
        },
      ],
    ),
    bad(`const server = app.listen(3000);\nprocess.on('SIGINT', () => {});\nprocess.on('SIGTERM', () => {});`, [
      {
        messageId: 'noCancellationSwallows',
        line: 2,
        data: { signals: 'SIGINT' },
      },
      { messageId: 'noCancellationSwallows', line: 3 },
    ]),
    bad(`await work();\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { process.exitCode = 130; });`, [
      {
        messageId: 'noCancellationLogs',
        line: 2,
        data: { signals: 'SIGINT/SIGTERM' },
      },
    ]),
    bad(
      `let count = 0;\nawait work();\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => {\n  count++;\n  if (count > 1) process.exit(1);\n  console.log('press Ctrl+C again to quit');\n});`,
      [
        {
          messageId: 'noCancellationExits',
          line: 3,
          data: { signals: 'SIGINT/SIGTERM' },
        },
      ],
    ),
    bad(
      `Deno.addSignalListener('SIGINT', () => Deno.exit(130));\nDeno.addSignalListener('SIGTERM', () => Deno.exit(143));\nawait Deno.serve(handler).finished;`,
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
      `const server = app.listen(3000);\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => {\n  console.error(\`\${s} received\`);\n  setTimeout(() => process.exit(1), 5000).unref();\n});`,
      [
        {
          messageId: 'noCancellationExits',
          line: 2,
          data: { signals: 'SIGINT/SIGTERM' },
        },
      ],
    ),
    bad(
      `async function main() {\n  const server = app.listen(3000);\n  const bye = () => { console.log('bye'); process.exit(); };\n  process.on('SIGINT', bye);\n  process.on('SIGTERM', bye);\n}\nmain();`,
      [
        {
          messageId: 'noCancellationExits',
          line: 4,
          data: { signals: 'SIGINT/SIGTERM' },
        },
      ],
    ),
    bad(
      `#!/usr/bin/env node\nclass Server {\n  start() {\n    process.on('SIGINT', this.onSignal.bind(this));\n    process.on('SIGTERM', this.onSignal.bind(this));\n    this.http.listen(8080);\n  }\n  onSignal() { this.logger.warn('stopping'); process.kill(process.pid, 'SIGKILL'); }\n}\nnew Server().start();`,
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
      `const controller = new AbortController();\nprocess.on('SIGINT', () => controller.abort());\nprocess.on('SIGTERM', () => controller.abort());\nconst response = await fetch('https://example.com');`,
      [
        { messageId: 'abortNotObserved', line: 2, column: 28, data: { controller: 'controller' } },
        { messageId: 'abortNotObserved', line: 3, column: 29, data: { controller: 'controller' } },
      ],
    ),
    bad(
      `const ac = new AbortController();\nfunction shutdown() { ac.abort(new Error('shutdown')); }\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, shutdown);\nawait main();`,
      [{ messageId: 'abortNotObserved', line: 2, column: 23, data: { controller: 'ac' } }],
    ),
    bad(
      `#!/usr/bin/env node\nclass Job {\n  controller = new AbortController();\n  run() {\n    for (const s of ['SIGINT', 'SIGTERM']) process.once(s, () => this.controller.abort());\n    return loop();\n  }\n}\nnew Job().run();`,
      [{ messageId: 'abortNotObserved', line: 5, data: { controller: 'this.controller' } }],
    ),

    // ——— unhandledAsyncListener ———
    bad(
      `const server = app.listen(3000);\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => {\n  await close(server);\n  await db.disconnect();\n});`,
      [{ messageId: 'unhandledAsyncListener', line: 2, column: 54, data: { signals: 'SIGINT/SIGTERM', method: 'on' } }],
    ),
    bad(
      `const server = app.listen(3000);\nprocess.once('SIGINT', shutdown);\nprocess.once('SIGTERM', shutdown);\nasync function shutdown() {\n  await close(server);\n}`,
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
      `const server = app.listen(3000);\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => shutdown());\nasync function shutdown() { await close(server); }`,
      [{ messageId: 'unhandledAsyncListener', line: 2 }],
    ),
    bad(
      `const server = app.listen(3000);\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => {\n  try { await close(server); } finally { console.log('closed'); }\n});`,
      [{ messageId: 'unhandledAsyncListener', line: 2 }],
    ),
    bad(
      `const server = app.listen(3000);\nfor (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => {\n  try { await close(server); } catch (error) { log(error); throw error; }\n});`,
      [{ messageId: 'unhandledAsyncListener', line: 2 }],
    ),
    bad(
      `export function installHandlers(pool) {\n  process.on('SIGTERM', async () => { await pool.end(); });\n}`,
      [{ messageId: 'unhandledAsyncListener', line: 2, data: { signals: 'SIGTERM', method: 'on' } }],
      { filename: lib },
    ),
    bad(
      `process.on('SIGUSR2', async () => { await writeHeapSnapshot(); });`,
      [{ messageId: 'unhandledAsyncListener', line: 1, data: { signals: 'SIGUSR2', method: 'on' } }],
      { filename: lib },
    ),

    // ——— Several at once ———
    bad(
      `#!/usr/bin/env node\nconst controller = new AbortController();\nprocess.on('SIGINT', async () => {\n  console.log('stopping');\n  controller.abort();\n  await flush();\n});\nawait crawl();`,
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
      (_, i) => `process.on('SIGINT', () => { console.log(${i}); });\nconst x${i} = a${i} + b${i} + c${i};`,
    ).join('\n');
    const deep = `const deep = ${Array.from({ length: 500 }, () => 'x').join(' + ')};`;
    const started = performance.now();
    const messages = linter.verify(`#!/usr/bin/env node\nawait main();\n${body}\n${deep}`, config(tsParser), {
      filename: '/virtual/big/cli.ts',
    });
    // SIGTERM is missing; every SIGINT listener only logs; no crash on the deep expression.
    expect(messages.map((message) => message.messageId)).toEqual([
      'missingSigterm',
      ...Array.from({ length: 500 }, () => 'noCancellationLogs'),
    ]);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
