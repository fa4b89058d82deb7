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
} from '../../packages/eslint-plugin-graceful-shutdown/rules/no-exit-before-drain.js';
import { clearProjectCaches } from '../../packages/eslint-plugin-graceful-shutdown/detection/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../fixtures/rules/entrypoint-rules');

const cli = '/virtual/app/cli.ts';
const lib = '/virtual/app/lib.ts';
const cjs = '/virtual/app/cli.cjs';

// An entrypoint named only by package.json "bin": its main promise's path is checked too.
const project = path.join(os.tmpdir(), `gs-no-exit-before-drain-${process.pid}`);
const binFile = path.join(project, 'bin', 'serve.mjs');

beforeAll(() => {
  mkdirSync(path.join(project, 'bin'), { recursive: true });
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'fixture', bin: { serve: './bin/serve.mjs' } }),
  );
  clearProjectCaches();
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const ruleTester = new RuleTester();
const js = { parser: espree, ecmaVersion: 'latest', sourceType: 'module' } as const;
const script = { parser: espree, ecmaVersion: 'latest', sourceType: 'commonjs' } as const;

const { ok, bad } = caseBuilders<MessageIds, Options>(cli);
type Error = InvalidTestCase<MessageIds, Options>['errors'][number];

/** The `strict` config's options: exits in `uncaughtException` listeners, and on every main promise's path. */
const strictOptions: Options = [{ checkUncaughtException: true, checkMainPromiseAlways: true }];
const strictBad = (
  code: string,
  errors: Error[],
  extra: Partial<InvalidTestCase<MessageIds, Options>> = {},
): InvalidTestCase<MessageIds, Options> => bad(code, errors, { options: strictOptions, ...extra });

ruleTester.run('no-exit-before-drain', rule, {
  valid: [
    // ——— Exits that are not in a listener nor on the main promise's path ———
    ok(
      `export function parseArgs(argv: string[]) {\n  if (!argv[2]) { console.error('usage: tool <file>'); process.exit(2); }\n  return argv[2];\n}`,
      { filename: lib },
    ),
    ok(
      `#!/usr/bin/env node\nif (process.argv.length < 3) {\n  console.error('usage: tool <file>');\n  process.exit(2);\n}\nmain();\nasync function main() {}`,
    ),
    ok(
      `async function main() {\n  const config = await load();\n  if (!config) { console.error('no config'); process.exit(2); }\n  await run(config);\n}\nmain();`,
    ),
    ok(
      `#!/usr/bin/env node\nfunction fail(message: string): never { console.error(message); process.exit(1); }\nconst file = process.argv[2] ?? fail('missing file');`,
    ),
    ok(`process.on('message', (message) => { if (message === 'shutdown') process.exit(0); });`, { filename: lib }),
    ok(
      `process.on('exit', (code) => { console.log('exiting with', code); });\nprocess.on('beforeExit', () => process.exit());`,
      { filename: lib },
    ),

    // ——— Exits after an await of the drain, on the same path ———
    ok(
      `process.on('SIGTERM', async () => {\n  controller.abort();\n  await Promise.allSettled(tasks);\n  process.exit(0);\n});`,
    ),
    ok(`process.on('SIGINT', async () => {\n  await closeServer(server);\n  process.exit(130);\n});`),
    ok(
      `process.on('SIGTERM', async () => {\n  await new Promise((resolve) => server.close(resolve));\n  process.exit(0);\n});`,
    ),
    ok(
      `async function shutdown() { await server.close(); await db.end(); }\nprocess.on('SIGTERM', async () => {\n  await shutdown();\n  process.exit(0);\n});`,
    ),
    ok(
      `process.on('SIGTERM', async () => {\n  for (const server of servers) await server.close();\n  process.exit(0);\n});`,
    ),
    ok(`process.on('SIGTERM', async () => {\n  try { await shutdown(); } finally { process.exit(0); }\n});`),
    ok(
      `process.on('SIGTERM', async () => {\n  try {\n    await shutdown();\n  } catch (error) {\n    console.error(error);\n    process.exit(1);\n  }\n  process.exit(0);\n});`,
    ),
    ok(
      `process.on('SIGINT', async () => {\n  const results = await Promise.allSettled([...pending]);\n  process.exit(results.some((r) => r.status === 'rejected') ? 1 : 130);\n});`,
    ),
    ok(`process.once('SIGINT', async () => {\n  await drain();\n  process.kill(process.pid, 'SIGINT');\n});`),
    ok(`process.on('SIGTERM', async () => { process.exit(await shutdown()); });`),
    ok(`Deno.addSignalListener('SIGINT', async () => { await server.shutdown(); Deno.exit(0); });`),

    // ——— Exits in callbacks that run after the work stopped, and deadlines ———
    ok(`process.on('SIGTERM', () => {\n  server.close(() => process.exit(0));\n});`),
    ok(
      `process.on('SIGTERM', () => {\n  server.close((error) => {\n    if (error) { console.error(error); process.exit(1); }\n    process.exit(0);\n  });\n  setTimeout(() => process.exit(1), 10_000).unref();\n});`,
    ),
    ok(`process.on('SIGTERM', () => { shutdown().then(() => process.exit(0), () => process.exit(1)); });`),
    ok(`process.on('SIGTERM', () => Promise.allSettled(tasks).then(() => process.exit(0)));`),
    ok(
      `process.on('SIGINT', () => rl.question('Really quit? ', (answer) => { if (answer === 'y') process.exit(0); }));`,
    ),
    ok(`process.on('SIGTERM', () => { mongoose.connection.close(false, () => { process.exit(0); }); });`, {
      languageOptions: js,
      filename: '/virtual/app/server.js',
    }),
    ok(
      `const http = require('http');\nconst server = http.createServer().listen(3000);\nprocess.on('SIGTERM', function () {\n  server.close(function () { process.exit(0); });\n});`,
      { filename: cjs, languageOptions: script },
    ),

    // ——— The forced exit on a second signal ———
    ok(
      `let shuttingDown = false;\nprocess.on('SIGINT', async () => {\n  if (shuttingDown) {\n    console.log('Forcing exit');\n    process.exit(1);\n  }\n  shuttingDown = true;\n  await shutdown();\n  process.exit(0);\n});`,
    ),
    ok(
      `let count = 0;\nprocess.on('SIGINT', () => {\n  if (++count > 1) process.exit(130);\n  server.close(() => process.exit(0));\n});`,
    ),
    ok(
      `let signals = 0;\nfor (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {\n  signals += 1;\n  if (signals >= 2) { process.exit(1); }\n  controller.abort();\n});`,
    ),
    ok(
      `process.once('SIGINT', () => {\n  controller.abort();\n  process.once('SIGINT', () => process.exit(130));\n});`,
    ),
    ok(
      `function armForcedExit() {\n  process.once('SIGINT', () => { console.error('forced'); process.exit(130); });\n}\nprocess.once('SIGINT', () => {\n  armForcedExit();\n  controller.abort();\n});`,
    ),
    ok(
      `let stopping = false;\nprocess.on('SIGTERM', () => {\n  stopping && process.exit(1);\n  stopping = true;\n  controller.abort();\n});`,
    ),
    ok(
      `let stopping = false;\nprocess.on('SIGINT', () => {\n  if (!stopping) {\n    stopping = true;\n    void stop();\n  } else {\n    process.exit(1);\n  }\n});`,
    ),
    ok(
      `const state = { shuttingDown: false };\nfunction begin() { state.shuttingDown = true; controller.abort(); }\nprocess.on('SIGINT', () => {\n  if (state.shuttingDown) return process.exit(130);\n  begin();\n});`,
    ),
    ok(
      `let inFlight = 0;\napp.use((req, res, next) => { inFlight++; res.on('finish', () => inFlight--); next(); });\nprocess.on('SIGTERM', () => {\n  server.close();\n  if (inFlight === 0) process.exit(0);\n});`,
    ),

    // ——— Not a listener we check ———
    ok(
      `import { parentPort } from 'node:worker_threads';\nparentPort?.on('message', () => process.exit(0));\nprocess.on('SIGINT', () => process.exit(0));`,
    ),
    ok(
      `import { isMainThread } from 'node:worker_threads';\nif (!isMainThread) {\n  process.on('uncaughtException', (error) => { console.error(error); process.exit(1); });\n}`,
    ),
    ok(`process.on('uncaughtException', (error) => { console.error(error); process.exit(1); });`, {
      options: [{ checkCrashListeners: false }],
    }),
    ok(`async function main() {}\nmain().catch((error) => { console.error(error); process.exit(1); });`, {
      options: [{ checkMainPromise: false }],
    }),
    ok(
      `process.on('uncaughtException', (error) => {\n  console.error(error);\n  process.exitCode = 1;\n  server.close();\n});`,
    ),
    ok(`process.on('SIGTERM', () => process.kill(child.pid!, 'SIGTERM'));`),
    ok(`const server = app.listen(3000);\nprocess.on('SIGTERM', exit);\nfunction exit() { server.close(); }`),
    ok(
      `export function install(server: import('node:http').Server) {\n  process.on('SIGTERM', () => server.close(() => process.exit(0)));\n}`,
      { filename: lib },
    ),

    // ——— The main promise's path, done right ———
    ok(
      `async function main() {}\nmain().catch(async (error) => {\n  console.error(error);\n  await closeAll();\n  process.exit(1);\n});`,
    ),
    ok(`async function main() {}\nmain().then(() => shutdown()).then(() => process.exit(0));`),
    ok(`async function main() {}\nmain().catch((error) => { console.error(error); process.exitCode = 1; });`),
    ok(`import { runMain } from './graceful-shutdown.js';\nrunMain(async ({ signal }) => { await work(signal); });`),
    ok(`import { handleError } from './errors.js';\nasync function main() {}\nmain().catch(handleError);`),
    ok(
      `try {\n  await main();\n} catch (error) {\n  console.error(error);\n  await closeAll();\n  process.exit(1);\n}`,
    ),
    ok(`await main();\nawait db.close();\nprocess.exit(0);`),
    ok(`#!/usr/bin/env node\nasync function main() {}\nmain().then((code) => { process.exitCode = code; });`, {
      languageOptions: js,
      filename: binFile,
    }),

    // ——— Odd code ———
    ok(
      `process.on('SIGINT');\nprocess.on();\nprocess.on('SIGINT', handlers[name]);\nprocess.on('SIGINT', ...listeners);\nprocess.exit;\nmain?.().catch?.(() => {});`,
    ),
  ],
  invalid: [
    // ——— Signal listeners ———
    bad(
      `import express from 'express';\nconst app = express();\napp.listen(3000);\nprocess.on('SIGTERM', () => process.exit(0));`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 4,
          column: 29,
          data: { exit: 'process.exit()', event: 'SIGTERM' },
          suggestions: [],
        },
      ],
    ),
    bad(`process.on('SIGINT', () => {\n  console.log('Bye!');\n  process.exit();\n});`, [
      { messageId: 'exitInSignalListener', line: 3, column: 3, suggestions: [] },
    ]),
    bad(`process.on('SIGTERM', () => {\n  server.close();\n  process.exit(0);\n});`, [
      {
        messageId: 'exitInSignalListener',
        line: 3,
        suggestions: [
          {
            messageId: 'useExitCode',
            data: { code: '0' },
            output: `process.on('SIGTERM', () => {\n  server.close();\n  process.exitCode = 0;\n});`,
          },
        ],
      },
    ]),
    bad(`process.on('SIGINT', () => {\n  controller.abort();\n  process.exit(130);\n});`, [
      {
        messageId: 'exitInSignalListener',
        line: 3,
        suggestions: [
          {
            messageId: 'useExitCode',
            data: { code: '130' },
            output: `process.on('SIGINT', () => {\n  controller.abort();\n  process.exitCode = 130;\n});`,
          },
        ],
      },
    ]),
    bad(`process.on('SIGINT', process.exit);`, [
      {
        messageId: 'exitInSignalListener',
        line: 1,
        column: 22,
        data: { exit: 'process.exit', event: 'SIGINT' },
        suggestions: [],
      },
    ]),
    bad(
      `for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, shutdown);\n\n// … far below …\nfunction shutdown() {\n  db.close();\n  process.exit(0);\n}`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 6,
          data: { exit: 'process.exit()', event: 'SIGINT/SIGTERM' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, shutdown);\n\n// … far below …\nfunction shutdown() {\n  db.close();\n  process.exitCode = 0;\n}`,
            },
          ],
        },
      ],
    ),
    bad(
      `function cleanupAndExit(code: number) {\n  removeTempFiles();\n  process.exit(code);\n}\nprocess.on('SIGINT', () => cleanupAndExit(130));`,
      [{ messageId: 'exitInSignalListener', line: 3, suggestions: [] }],
    ),
    bad(`process.on('SIGTERM', async () => {\n  await sleep(500);\n  process.exit(0);\n});`, [
      { messageId: 'exitInSignalListener', line: 3, suggestions: [] },
    ]),
    bad(
      `process.on('SIGTERM', async () => {\n  server.close();\n  await new Promise((resolve) => setTimeout(resolve, 1000));\n  process.exit();\n});`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 4,
          suggestions: [
            {
              messageId: 'removeExit',
              output: `process.on('SIGTERM', async () => {\n  server.close();\n  await new Promise((resolve) => setTimeout(resolve, 1000));\n  \n});`,
            },
          ],
        },
      ],
    ),
    bad(
      `import { setTimeout as delay } from 'node:timers/promises';\nprocess.on('SIGTERM', async () => {\n  await delay(1000);\n  process.exit(0);\n});`,
      [{ messageId: 'exitInSignalListener', line: 4, suggestions: [] }],
    ),
    bad(
      `process.on('SIGTERM', () => {\n  console.log('killing myself');\n  process.kill(process.pid, 'SIGKILL');\n});`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 3,
          data: { exit: 'process.kill(process.pid)', event: 'SIGTERM' },
          suggestions: [],
        },
      ],
    ),
    bad(`process.on('SIGTERM', () => process.abort());`, [
      {
        messageId: 'exitInSignalListener',
        line: 1,
        data: { exit: 'process.abort()', event: 'SIGTERM' },
        suggestions: [],
      },
    ]),
    bad(
      `let shuttingDown = false;\nprocess.on('SIGINT', () => {\n  if (!shuttingDown) {\n    shuttingDown = true;\n    server.close();\n    process.exit(0);\n  }\n});`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 6,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `let shuttingDown = false;\nprocess.on('SIGINT', () => {\n  if (!shuttingDown) {\n    shuttingDown = true;\n    server.close();\n    process.exitCode = 0;\n  }\n});`,
            },
          ],
        },
      ],
    ),
    bad(
      `function onSignal(signal: NodeJS.Signals) {\n  if (signal === 'SIGINT') process.exit(130);\n  process.exit(143);\n}\nprocess.on('SIGINT', onSignal);\nprocess.on('SIGTERM', onSignal);`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 2,
          data: { exit: 'process.exit()', event: 'SIGINT' },
          suggestions: [],
        },
        { messageId: 'exitInSignalListener', line: 3, suggestions: [] },
      ],
    ),
    bad(`import { exit } from 'node:process';\nprocess.on('SIGINT', () => exit(130));`, [
      { messageId: 'exitInSignalListener', line: 2, data: { exit: 'exit()', event: 'SIGINT' }, suggestions: [] },
    ]),
    bad(`globalThis.process.on('SIGHUP', () => { globalThis.process.exit(1); });`, [
      {
        messageId: 'exitInSignalListener',
        line: 1,
        data: { exit: 'globalThis.process.exit()', event: 'SIGHUP' },
        suggestions: [],
      },
    ]),
    bad(`Deno.addSignalListener('SIGINT', () => Deno.exit(130));`, [
      { messageId: 'exitInSignalListener', line: 1, data: { exit: 'Deno.exit()', event: 'SIGINT' }, suggestions: [] },
    ]),
    bad(
      `#!/usr/bin/env node\nclass App {\n  start() {\n    process.on('SIGTERM', () => this.stop());\n  }\n  stop() {\n    this.server.close();\n    process.exit(0);\n  }\n}\nnew App().start();`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 8,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `#!/usr/bin/env node\nclass App {\n  start() {\n    process.on('SIGTERM', () => this.stop());\n  }\n  stop() {\n    this.server.close();\n    process.exitCode = 0;\n  }\n}\nnew App().start();`,
            },
          ],
        },
      ],
    ),
    bad(
      `export function installSignalHandlers() {\n  process.on('SIGINT', () => { flushLogs(); process.exit(130); });\n}`,
      [{ messageId: 'exitInSignalListener', line: 2, suggestions: [] }],
      { filename: lib },
    ),
    bad(`process.on('SIGTERM', async () => {\n  if (graceful) {\n    await drain();\n  }\n  process.exit(0);\n});`, [
      { messageId: 'exitInSignalListener', line: 5, suggestions: [] },
    ]),
    bad(`process.on('SIGTERM', () => {\n  try { server.close(); } finally { process.exit(); }\n});`, [
      {
        messageId: 'exitInSignalListener',
        line: 2,
        suggestions: [
          {
            messageId: 'removeExit',
            output: `process.on('SIGTERM', () => {\n  try { server.close(); } finally {  }\n});`,
          },
        ],
      },
    ]),
    bad(`process.on('SIGTERM', () => {\n  void shutdown();\n  process.exit(code);\n});`, [
      {
        messageId: 'exitInSignalListener',
        line: 3,
        suggestions: [
          {
            messageId: 'useExitCode',
            data: { code: 'code' },
            output: `process.on('SIGTERM', () => {\n  void shutdown();\n  process.exitCode = code;\n});`,
          },
        ],
      },
    ]),
    bad(
      `process.on('SIGINT', (signal) => {\n  switch (signal) {\n    case 'SIGINT':\n      process.exit(130);\n  }\n});`,
      [{ messageId: 'exitInSignalListener', line: 4, suggestions: [] }],
    ),
    bad(`['SIGINT', 'SIGTERM'].forEach((signal) => process.on(signal, () => process.exit(0)));`, [
      {
        messageId: 'exitInSignalListener',
        line: 1,
        data: { exit: 'process.exit()', event: 'SIGINT/SIGTERM' },
        suggestions: [],
      },
    ]),
    bad(
      `async function main() {\n  const signals = ['SIGINT', 'SIGTERM'] as const;\n  const bye = () => { console.log('bye'); process.exit(0); };\n  for (const signal of signals) process.once(signal, bye);\n}\nmain();`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 3,
          data: { exit: 'process.exit()', event: 'SIGINT/SIGTERM' },
          suggestions: [],
        },
      ],
    ),
    bad(
      `process.on('SIGTERM', () => {\n  shuttingDown = computeFlag();\n  if (process.env.FAST) process.exit(0);\n});`,
      [{ messageId: 'exitInSignalListener', line: 3, suggestions: [] }],
    ),

    // ——— Crash listeners ———
    strictBad(`process.on('uncaughtException', (error) => {\n  console.error(error);\n  process.exit(1);\n});`, [
      {
        messageId: 'exitInCrashListener',
        line: 3,
        data: { exit: 'process.exit()', event: 'uncaughtException' },
        suggestions: [],
      },
    ]),
    strictBad(
      `process.on('unhandledRejection', (reason) => {\n  logger.fatal({ reason }, 'unhandled rejection');\n  process.exit(1);\n});`,
      [
        {
          messageId: 'exitInCrashListener',
          line: 3,
          data: { exit: 'process.exit()', event: 'unhandledRejection' },
          suggestions: [],
        },
      ],
    ),
    strictBad(
      `for (const event of ['uncaughtException', 'unhandledRejection']) {\n  process.on(event, (error) => { report(error); process.exitCode = 1; process.exit(); });\n}`,
      [
        {
          messageId: 'exitInCrashListener',
          line: 2,
          data: { exit: 'process.exit()', event: 'uncaughtException/unhandledRejection' },
          suggestions: [],
        },
      ],
    ),
    strictBad(
      `process.on('uncaughtException', (error) => {\n  console.error(error);\n  server.close();\n  process.exit(1);\n});`,
      [
        {
          messageId: 'exitInCrashListener',
          line: 4,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `process.on('uncaughtException', (error) => {\n  console.error(error);\n  server.close();\n  process.exitCode = 1;\n});`,
            },
          ],
        },
      ],
    ),

    // ——— The main promise's path ———
    strictBad(`async function main() {}\nmain().catch((error) => {\n  console.error(error);\n  process.exit(1);\n});`, [
      {
        messageId: 'exitOnMainPath',
        line: 4,
        data: { exit: 'process.exit()', main: 'main()', path: 'error' },
        suggestions: [
          {
            messageId: 'useExitCode',
            data: { code: '1' },
            output: `async function main() {}\nmain().catch((error) => {\n  console.error(error);\n  process.exitCode = 1;\n});`,
          },
        ],
      },
    ]),
    strictBad(`async function main() {}\nmain().then(() => process.exit(0));`, [
      {
        messageId: 'exitOnMainPath',
        line: 2,
        column: 19,
        data: { exit: 'process.exit()', main: 'main()', path: 'success' },
        suggestions: [
          {
            messageId: 'useExitCode',
            data: { code: '0' },
            output: `async function main() {}\nmain().then(() => { process.exitCode = 0; });`,
          },
        ],
      },
    ]),
    strictBad(`async function main() {}\nmain().then(process.exit);`, [
      {
        messageId: 'exitOnMainPath',
        line: 2,
        column: 13,
        data: { exit: 'process.exit', main: 'main()', path: 'success' },
        suggestions: [],
      },
    ]),
    strictBad(`async function main() {}\nmain().catch(console.error).finally(() => process.exit());`, [
      {
        messageId: 'exitOnMainPath',
        line: 2,
        data: { exit: 'process.exit()', main: 'main()', path: 'completion' },
        suggestions: [
          {
            messageId: 'removeExit',
            output: `async function main() {}\nmain().catch(console.error).finally(() => {});`,
          },
        ],
      },
    ]),
    strictBad(
      `async function main() {}\nmain().then(\n  () => process.exit(0),\n  (error) => { console.error(error); process.exit(1); },\n);`,
      [
        {
          messageId: 'exitOnMainPath',
          line: 3,
          data: { exit: 'process.exit()', main: 'main()', path: 'success' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `async function main() {}\nmain().then(\n  () => { process.exitCode = 0; },\n  (error) => { console.error(error); process.exit(1); },\n);`,
            },
          ],
        },
        {
          messageId: 'exitOnMainPath',
          line: 4,
          data: { exit: 'process.exit()', main: 'main()', path: 'error' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `async function main() {}\nmain().then(\n  () => process.exit(0),\n  (error) => { console.error(error); process.exitCode = 1; },\n);`,
            },
          ],
        },
      ],
    ),
    strictBad(`(async () => {\n  await run();\n})().catch(() => process.exit(1));`, [
      {
        messageId: 'exitOnMainPath',
        line: 3,
        data: { exit: 'process.exit()', main: 'the async IIFE', path: 'error' },
        suggestions: [
          {
            messageId: 'useExitCode',
            data: { code: '1' },
            output: `(async () => {\n  await run();\n})().catch(() => { process.exitCode = 1; });`,
          },
        ],
      },
    ]),
    strictBad(
      `(async () => {\n  try {\n    await run();\n  } catch (error) {\n    console.error(error);\n    process.exit(1);\n  }\n})();`,
      [
        {
          messageId: 'exitOnMainPath',
          line: 6,
          data: { exit: 'process.exit()', main: 'the async IIFE', path: 'error' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `(async () => {\n  try {\n    await run();\n  } catch (error) {\n    console.error(error);\n    process.exitCode = 1;\n  }\n})();`,
            },
          ],
        },
      ],
    ),
    strictBad(`try {\n  await main();\n} catch (error) {\n  console.error(error);\n  process.exit(1);\n}`, [
      {
        messageId: 'exitOnMainPath',
        line: 5,
        data: { exit: 'process.exit()', main: 'main()', path: 'error' },
        suggestions: [
          {
            messageId: 'useExitCode',
            data: { code: '1' },
            output: `try {\n  await main();\n} catch (error) {\n  console.error(error);\n  process.exitCode = 1;\n}`,
          },
        ],
      },
    ]),
    strictBad(`await main();\nprocess.exit(0);`, [
      {
        messageId: 'exitOnMainPath',
        line: 2,
        data: { exit: 'process.exit()', main: 'main()', path: 'success' },
        suggestions: [
          { messageId: 'useExitCode', data: { code: '0' }, output: `await main();\nprocess.exitCode = 0;` },
        ],
      },
    ]),
    strictBad(
      `async function main() {}\nif (require.main === module) {\n  main().catch((err) => { console.error(err); process.exit(1); });\n}`,
      [
        {
          messageId: 'exitOnMainPath',
          line: 3,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `async function main() {}\nif (require.main === module) {\n  main().catch((err) => { console.error(err); process.exitCode = 1; });\n}`,
            },
          ],
        },
      ],
      { filename: cjs, languageOptions: script },
    ),
    strictBad(
      `function handleError(error: unknown) {\n  console.error(error);\n  process.exit(1);\n}\nasync function main() {}\nmain().catch(handleError);`,
      [
        {
          messageId: 'exitOnMainPath',
          line: 3,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `function handleError(error: unknown) {\n  console.error(error);\n  process.exitCode = 1;\n}\nasync function main() {}\nmain().catch(handleError);`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `#!/usr/bin/env node\nimport { fetchAll, saveAll } from '../lib/sync.js';\nasync function main() { saveAll(await fetchAll()); }\nprocess.on('SIGINT', () => { console.error('bye'); process.exit(0); });\nmain().catch((err) => { console.error(err); process.exit(1); });`,
      [
        { messageId: 'exitInSignalListener', line: 4, column: 52, suggestions: [] },
        {
          messageId: 'exitOnMainPath',
          line: 5,
          column: 45,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `#!/usr/bin/env node\nimport { fetchAll, saveAll } from '../lib/sync.js';\nasync function main() { saveAll(await fetchAll()); }\nprocess.on('SIGINT', () => { console.error('bye'); process.exit(0); });\nmain().catch((err) => { console.error(err); process.exitCode = 1; });`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `if (import.meta.main) {\n  start().then(() => process.exit(0));\n}`,
      [
        {
          messageId: 'exitOnMainPath',
          line: 2,
          data: { exit: 'process.exit()', main: 'start()', path: 'success' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `if (import.meta.main) {\n  start().then(() => { process.exitCode = 0; });\n}`,
            },
          ],
        },
      ],
      { languageOptions: js, filename: binFile },
    ),
    strictBad(
      `main().then(() => process.exit(0));\nasync function main() {}`,
      [
        {
          messageId: 'exitOnMainPath',
          line: 1,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `main().then(() => { process.exitCode = 0; });\nasync function main() {}`,
            },
          ],
        },
      ],
      { languageOptions: js, filename: binFile },
    ),
  ],
});

describe('no-exit-before-drain robustness', () => {
  const linter = new Linter({ configType: 'flat', cwd: '/' });
  const config = (parser: unknown) => [
    {
      files: ['**/*.{ts,tsx,js,jsx,mjs,cjs}'],
      languageOptions: { parser: parser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: true } } },
      plugins: { gs: { rules: { 'no-exit-before-drain': rule as never } } },
      rules: { 'gs/no-exit-before-drain': 'error' as const },
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
        expect(messages.length).toBeGreaterThan(0);
      }
    }
  });

  it('follows deep and long listeners without a stack overflow', () => {
    const deep = `(${Array.from({ length: 400 }, () => 'a').join(' || ')}) && process.exit(1)`;
    const nested = `${'if (a) { '.repeat(200)}process.exit(2);${' }'.repeat(200)}`;
    const long = Array.from({ length: 500 }, (_, i) => `console.log(${i});`).join('\n');
    const code = `process.on('SIGINT', () => {\n${long}\n${deep};\n${nested}\nprocess.exit(0);\n});`;
    const started = performance.now();
    const messages = linter.verify(code, config(tsParser), { filename: '/virtual/deep/lib.ts' });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.map((message) => message.messageId)).toEqual([
      'exitInSignalListener',
      'exitInSignalListener',
      'exitInSignalListener',
    ]);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
