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
      `export function parseArgs(argv: string[]) {
  if (!argv[2]) { console.error('usage: tool <file>'); process.exit(2); }
  return argv[2];
}`,
      { filename: lib },
    ),
    ok(
      `#!/usr/bin/env node
if (process.argv.length < 3) {
  console.error('usage: tool <file>');
  process.exit(2);
}
main();
async function main() {}`,
    ),
    ok(
      `async function main() {
  const config = await load();
  if (!config) { console.error('no config'); process.exit(2); }
  await run(config);
}
main();`,
    ),
    ok(
      `#!/usr/bin/env node
function fail(message: string): never { console.error(message); process.exit(1); }
const file = process.argv[2] ?? fail('missing file');`,
    ),
    ok(`process.on('message', (message) => { if (message === 'shutdown') process.exit(0); });`, { filename: lib }),
    ok(
      `process.on('exit', (code) => { console.log('exiting with', code); });
process.on('beforeExit', () => process.exit());`,
      { filename: lib },
    ),

    // ——— Exits after an await of the drain, on the same path ———
    ok(
      `process.on('SIGTERM', async () => {
  controller.abort();
  await Promise.allSettled(tasks);
  process.exit(0);
});`,
    ),
    ok(`process.on('SIGINT', async () => {
  await closeServer(server);
  process.exit(130);
});`),
    ok(
      `process.on('SIGTERM', async () => {
  await new Promise((resolve) => server.close(resolve));
  process.exit(0);
});`,
    ),
    ok(
      `async function shutdown() { await server.close(); await db.end(); }
process.on('SIGTERM', async () => {
  await shutdown();
  process.exit(0);
});`,
    ),
    ok(
      `process.on('SIGTERM', async () => {
  for (const server of servers) await server.close();
  process.exit(0);
});`,
    ),
    ok(`process.on('SIGTERM', async () => {
  try { await shutdown(); } finally { process.exit(0); }
});`),
    ok(
      `process.on('SIGTERM', async () => {
  try {
    await shutdown();
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
  process.exit(0);
});`,
    ),
    ok(
      `process.on('SIGINT', async () => {
  const results = await Promise.allSettled([...pending]);
  process.exit(results.some((r) => r.status === 'rejected') ? 1 : 130);
});`,
    ),
    ok(`process.once('SIGINT', async () => {
  await drain();
  process.kill(process.pid, 'SIGINT');
});`),
    ok(`process.on('SIGTERM', async () => { process.exit(await shutdown()); });`),
    ok(`Deno.addSignalListener('SIGINT', async () => { await server.shutdown(); Deno.exit(0); });`),

    // ——— Exits in callbacks that run after the work stopped, and deadlines ———
    ok(`process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});`),
    ok(
      `process.on('SIGTERM', () => {
  server.close((error) => {
    if (error) { console.error(error); process.exit(1); }
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
});`,
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
      `const http = require('http');
const server = http.createServer().listen(3000);
process.on('SIGTERM', function () {
  server.close(function () { process.exit(0); });
});`,
      { filename: cjs, languageOptions: script },
    ),

    // ——— The forced exit on a second signal ———
    ok(
      `let shuttingDown = false;
process.on('SIGINT', async () => {
  if (shuttingDown) {
    console.log('Forcing exit');
    process.exit(1);
  }
  shuttingDown = true;
  await shutdown();
  process.exit(0);
});`,
    ),
    ok(
      `let count = 0;
process.on('SIGINT', () => {
  if (++count > 1) process.exit(130);
  server.close(() => process.exit(0));
});`,
    ),
    ok(
      `let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {
  signals += 1;
  if (signals >= 2) { process.exit(1); }
  controller.abort();
});`,
    ),
    ok(
      `process.once('SIGINT', () => {
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
});`,
    ),
    ok(
      `function armForcedExit() {
  process.once('SIGINT', () => { console.error('forced'); process.exit(130); });
}
process.once('SIGINT', () => {
  armForcedExit();
  controller.abort();
});`,
    ),
    ok(
      `let stopping = false;
process.on('SIGTERM', () => {
  stopping && process.exit(1);
  stopping = true;
  controller.abort();
});`,
    ),
    ok(
      `let stopping = false;
process.on('SIGINT', () => {
  if (!stopping) {
    stopping = true;
    void stop();
  } else {
    process.exit(1);
  }
});`,
    ),
    ok(
      `const state = { shuttingDown: false };
function begin() { state.shuttingDown = true; controller.abort(); }
process.on('SIGINT', () => {
  if (state.shuttingDown) return process.exit(130);
  begin();
});`,
    ),
    ok(
      `let inFlight = 0;
app.use((req, res, next) => { inFlight++; res.on('finish', () => inFlight--); next(); });
process.on('SIGTERM', () => {
  server.close();
  if (inFlight === 0) process.exit(0);
});`,
    ),

    // ——— Not a listener we check ———
    ok(
      `import { parentPort } from 'node:worker_threads';
parentPort?.on('message', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));`,
    ),
    ok(
      `import { isMainThread } from 'node:worker_threads';
if (!isMainThread) {
  process.on('uncaughtException', (error) => { console.error(error); process.exit(1); });
}`,
    ),
    // The worker side of `isMainThread || …` (and of `!isMainThread && …`) ends only the thread.
    ok(
      `import { isMainThread } from 'node:worker_threads';
isMainThread || process.on('SIGTERM', () => process.exit(0));
!isMainThread && process.on('SIGINT', () => process.exit(0));`,
    ),
    ok(`process.on('uncaughtException', (error) => { console.error(error); process.exit(1); });`, {
      options: [{ checkCrashListeners: false }],
    }),
    ok(
      `async function main() {}
main().catch((error) => { console.error(error); process.exit(1); });`,
      {
        options: [{ checkMainPromise: false }],
      },
    ),
    ok(
      `process.on('uncaughtException', (error) => {
  console.error(error);
  process.exitCode = 1;
  server.close();
});`,
    ),
    ok(`process.on('SIGTERM', () => process.kill(child.pid!, 'SIGTERM'));`),
    ok(`const server = app.listen(3000);
process.on('SIGTERM', exit);
function exit() { server.close(); }`),
    ok(
      `export function install(server: import('node:http').Server) {
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}`,
      { filename: lib },
    ),

    // ——— The main promise's path, done right ———
    ok(
      `async function main() {}
main().catch(async (error) => {
  console.error(error);
  await closeAll();
  process.exit(1);
});`,
    ),
    ok(`async function main() {}
main().then(() => shutdown()).then(() => process.exit(0));`),
    ok(`async function main() {}
main().catch((error) => { console.error(error); process.exitCode = 1; });`),
    ok(`import { runMain } from './graceful-shutdown.js';
runMain(async ({ signal }) => { await work(signal); });`),
    ok(`import { handleError } from './errors.js';
async function main() {}
main().catch(handleError);`),
    ok(
      `try {
  await main();
} catch (error) {
  console.error(error);
  await closeAll();
  process.exit(1);
}`,
    ),
    ok(`await main();
await db.close();
process.exit(0);`),
    ok(
      `#!/usr/bin/env node
async function main() {}
main().then((code) => { process.exitCode = code; });`,
      {
        languageOptions: js,
        filename: binFile,
      },
    ),

    // ——— Odd code ———
    ok(
      `process.on('SIGINT');
process.on();
process.on('SIGINT', handlers[name]);
process.on('SIGINT', ...listeners);
process.exit;
main?.().catch?.(() => {});`,
    ),
  ],
  invalid: [
    // ——— Signal listeners ———
    bad(
      `import express from 'express';
const app = express();
app.listen(3000);
process.on('SIGTERM', () => process.exit(0));`,
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
    bad(
      `process.on('SIGINT', () => {
  console.log('Bye!');
  process.exit();
});`,
      [{ messageId: 'exitInSignalListener', line: 3, column: 3, suggestions: [] }],
    ),
    bad(
      `process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 3,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `process.on('SIGTERM', () => {
  server.close();
  process.exitCode = 0;
});`,
            },
          ],
        },
      ],
    ),
    bad(
      `process.on('SIGINT', () => {
  controller.abort();
  process.exit(130);
});`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 3,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '130' },
              output: `process.on('SIGINT', () => {
  controller.abort();
  process.exitCode = 130;
});`,
            },
          ],
        },
      ],
    ),
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
      `for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, shutdown);

// … far below …
function shutdown() {
  db.close();
  process.exit(0);
}`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 6,
          data: { exit: 'process.exit()', event: 'SIGINT/SIGTERM' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, shutdown);

// … far below …
function shutdown() {
  db.close();
  process.exitCode = 0;
}`,
            },
          ],
        },
      ],
    ),
    bad(
      `function cleanupAndExit(code: number) {
  removeTempFiles();
  process.exit(code);
}
process.on('SIGINT', () => cleanupAndExit(130));`,
      [{ messageId: 'exitInSignalListener', line: 3, suggestions: [] }],
    ),
    bad(
      `process.on('SIGTERM', async () => {
  await sleep(500);
  process.exit(0);
});`,
      [{ messageId: 'exitInSignalListener', line: 3, suggestions: [] }],
    ),
    bad(
      `process.on('SIGTERM', async () => {
  server.close();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  process.exit();
});`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 4,
          suggestions: [
            {
              messageId: 'removeExit',
              output: `process.on('SIGTERM', async () => {
  server.close();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  
});`,
            },
          ],
        },
      ],
    ),
    bad(
      `import { setTimeout as delay } from 'node:timers/promises';
process.on('SIGTERM', async () => {
  await delay(1000);
  process.exit(0);
});`,
      [{ messageId: 'exitInSignalListener', line: 4, suggestions: [] }],
    ),
    bad(
      `process.on('SIGTERM', () => {
  console.log('killing myself');
  process.kill(process.pid, 'SIGKILL');
});`,
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
      `let shuttingDown = false;
process.on('SIGINT', () => {
  if (!shuttingDown) {
    shuttingDown = true;
    server.close();
    process.exit(0);
  }
});`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 6,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `let shuttingDown = false;
process.on('SIGINT', () => {
  if (!shuttingDown) {
    shuttingDown = true;
    server.close();
    process.exitCode = 0;
  }
});`,
            },
          ],
        },
      ],
    ),
    bad(
      `function onSignal(signal: NodeJS.Signals) {
  if (signal === 'SIGINT') process.exit(130);
  process.exit(143);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);`,
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
    bad(
      `import { exit } from 'node:process';
process.on('SIGINT', () => exit(130));`,
      [{ messageId: 'exitInSignalListener', line: 2, data: { exit: 'exit()', event: 'SIGINT' }, suggestions: [] }],
    ),
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
      `#!/usr/bin/env node
class App {
  start() {
    process.on('SIGTERM', () => this.stop());
  }
  stop() {
    this.server.close();
    process.exit(0);
  }
}
new App().start();`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 8,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `#!/usr/bin/env node
class App {
  start() {
    process.on('SIGTERM', () => this.stop());
  }
  stop() {
    this.server.close();
    process.exitCode = 0;
  }
}
new App().start();`,
            },
          ],
        },
      ],
    ),
    bad(
      `export function installSignalHandlers() {
  process.on('SIGINT', () => { flushLogs(); process.exit(130); });
}`,
      [{ messageId: 'exitInSignalListener', line: 2, suggestions: [] }],
      { filename: lib },
    ),
    bad(
      `process.on('SIGTERM', async () => {
  if (graceful) {
    await drain();
  }
  process.exit(0);
});`,
      [{ messageId: 'exitInSignalListener', line: 5, suggestions: [] }],
    ),
    bad(
      `process.on('SIGTERM', () => {
  try { server.close(); } finally { process.exit(); }
});`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 2,
          suggestions: [
            {
              messageId: 'removeExit',
              output: `process.on('SIGTERM', () => {
  try { server.close(); } finally {  }
});`,
            },
          ],
        },
      ],
    ),
    bad(
      `process.on('SIGTERM', () => {
  void shutdown();
  process.exit(code);
});`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 3,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: 'code' },
              output: `process.on('SIGTERM', () => {
  void shutdown();
  process.exitCode = code;
});`,
            },
          ],
        },
      ],
    ),
    bad(
      `process.on('SIGINT', (signal) => {
  switch (signal) {
    case 'SIGINT':
      process.exit(130);
  }
});`,
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
      `async function main() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const bye = () => { console.log('bye'); process.exit(0); };
  for (const signal of signals) process.once(signal, bye);
}
main();`,
      [
        {
          messageId: 'exitInSignalListener',
          line: 3,
          data: { exit: 'process.exit()', event: 'SIGINT/SIGTERM' },
          suggestions: [],
        },
      ],
    ),
    // …the main-thread side is reported.
    bad(
      `import { isMainThread } from 'node:worker_threads';
isMainThread && process.on('SIGTERM', () => process.exit(0));`,
      [{ messageId: 'exitInSignalListener', line: 2, data: { exit: 'process.exit()', event: 'SIGTERM' } }],
    ),
    bad(
      `process.on('SIGTERM', () => {
  shuttingDown = computeFlag();
  if (queue.isEmpty()) process.exit(0);
});`,
      [{ messageId: 'exitInSignalListener', line: 3, suggestions: [] }],
    ),

    // ——— Crash listeners ———
    strictBad(
      `process.on('uncaughtException', (error) => {
  console.error(error);
  process.exit(1);
});`,
      [
        {
          messageId: 'exitInCrashListener',
          line: 3,
          data: { exit: 'process.exit()', event: 'uncaughtException' },
          suggestions: [],
        },
      ],
    ),
    strictBad(
      `process.on('unhandledRejection', (reason) => {
  logger.fatal({ reason }, 'unhandled rejection');
  process.exit(1);
});`,
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
      `for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => { report(error); process.exitCode = 1; process.exit(); });
}`,
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
      `process.on('uncaughtException', (error) => {
  console.error(error);
  server.close();
  process.exit(1);
});`,
      [
        {
          messageId: 'exitInCrashListener',
          line: 4,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `process.on('uncaughtException', (error) => {
  console.error(error);
  server.close();
  process.exitCode = 1;
});`,
            },
          ],
        },
      ],
    ),

    // ——— The main promise's path ———
    strictBad(
      `async function main() {}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`,
      [
        {
          messageId: 'exitOnMainErrorPath',
          line: 4,
          data: { exit: 'process.exit()', main: 'main()' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `async function main() {}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `async function main() {}
main().then(() => process.exit(0));`,
      [
        {
          messageId: 'exitOnMainSuccessPath',
          line: 2,
          column: 19,
          data: { exit: 'process.exit()', main: 'main()' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `async function main() {}
main().then(() => { process.exitCode = 0; });`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `async function main() {}
main().then(process.exit);`,
      [
        {
          messageId: 'exitOnMainSuccessPath',
          line: 2,
          column: 13,
          data: { exit: 'process.exit', main: 'main()' },
          suggestions: [],
        },
      ],
    ),
    strictBad(
      `async function main() {}
main().catch(console.error).finally(() => process.exit());`,
      [
        {
          messageId: 'exitOnMainCompletionPath',
          line: 2,
          data: { exit: 'process.exit()', main: 'main()' },
          suggestions: [
            {
              messageId: 'removeExit',
              output: `async function main() {}
main().catch(console.error).finally(() => {});`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `async function main() {}
main().then(
  () => process.exit(0),
  (error) => { console.error(error); process.exit(1); },
);`,
      [
        {
          messageId: 'exitOnMainSuccessPath',
          line: 3,
          data: { exit: 'process.exit()', main: 'main()' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `async function main() {}
main().then(
  () => { process.exitCode = 0; },
  (error) => { console.error(error); process.exit(1); },
);`,
            },
          ],
        },
        {
          messageId: 'exitOnMainErrorPath',
          line: 4,
          data: { exit: 'process.exit()', main: 'main()' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `async function main() {}
main().then(
  () => process.exit(0),
  (error) => { console.error(error); process.exitCode = 1; },
);`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `(async () => {
  await run();
})().catch(() => process.exit(1));`,
      [
        {
          messageId: 'exitOnMainErrorPath',
          line: 3,
          data: { exit: 'process.exit()', main: '(async () => {…})()' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `(async () => {
  await run();
})().catch(() => { process.exitCode = 1; });`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `(async () => {
  try {
    await run();
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
})();`,
      [
        {
          messageId: 'exitOnMainErrorPath',
          line: 6,
          data: { exit: 'process.exit()', main: '(async () => {…})()' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `(async () => {
  try {
    await run();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
})();`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `try {
  await main();
} catch (error) {
  console.error(error);
  process.exit(1);
}`,
      [
        {
          messageId: 'exitOnMainErrorPath',
          line: 5,
          data: { exit: 'process.exit()', main: 'main()' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}`,
            },
          ],
        },
      ],
    ),
    // The `try` around the main call is found from the main call the whole file names: `go` is
    // declared outside the `try`, and its name says nothing.
    bad(
      `import http from 'node:http';
async function go() {
  const server = http.createServer().listen(3000);
  await once(server, 'close');
}
try {
  await go();
} catch (error) {
  console.error(error);
  process.exit(1);
}`,
      [
        {
          messageId: 'exitOnMainErrorPath',
          line: 10,
          data: { exit: 'process.exit()', main: 'go()' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `import http from 'node:http';
async function go() {
  const server = http.createServer().listen(3000);
  await once(server, 'close');
}
try {
  await go();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}`,
            },
          ],
        },
      ],
      { languageOptions: js },
    ),
    strictBad(
      `await main();
process.exit(0);`,
      [
        {
          messageId: 'exitOnMainSuccessPath',
          line: 2,
          data: { exit: 'process.exit()', main: 'main()' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `await main();
process.exitCode = 0;`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `async function main() {}
if (require.main === module) {
  main().catch((err) => { console.error(err); process.exit(1); });
}`,
      [
        {
          messageId: 'exitOnMainErrorPath',
          line: 3,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `async function main() {}
if (require.main === module) {
  main().catch((err) => { console.error(err); process.exitCode = 1; });
}`,
            },
          ],
        },
      ],
      { filename: cjs, languageOptions: script },
    ),
    strictBad(
      `function handleError(error: unknown) {
  console.error(error);
  process.exit(1);
}
async function main() {}
main().catch(handleError);`,
      [
        {
          messageId: 'exitOnMainErrorPath',
          line: 3,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `function handleError(error: unknown) {
  console.error(error);
  process.exitCode = 1;
}
async function main() {}
main().catch(handleError);`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `#!/usr/bin/env node
import { fetchAll, saveAll } from '../lib/sync.js';
async function main() { saveAll(await fetchAll()); }
process.on('SIGINT', () => { console.error('bye'); process.exit(0); });
main().catch((err) => { console.error(err); process.exit(1); });`,
      [
        { messageId: 'exitInSignalListener', line: 4, column: 52, suggestions: [] },
        {
          messageId: 'exitOnMainErrorPath',
          line: 5,
          column: 45,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '1' },
              output: `#!/usr/bin/env node
import { fetchAll, saveAll } from '../lib/sync.js';
async function main() { saveAll(await fetchAll()); }
process.on('SIGINT', () => { console.error('bye'); process.exit(0); });
main().catch((err) => { console.error(err); process.exitCode = 1; });`,
            },
          ],
        },
      ],
    ),
    strictBad(
      `if (import.meta.main) {
  start().then(() => process.exit(0));
}`,
      [
        {
          messageId: 'exitOnMainSuccessPath',
          line: 2,
          data: { exit: 'process.exit()', main: 'start()' },
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `if (import.meta.main) {
  start().then(() => { process.exitCode = 0; });
}`,
            },
          ],
        },
      ],
      { languageOptions: js, filename: binFile },
    ),
    strictBad(
      `main().then(() => process.exit(0));
async function main() {}`,
      [
        {
          messageId: 'exitOnMainSuccessPath',
          line: 1,
          suggestions: [
            {
              messageId: 'useExitCode',
              data: { code: '0' },
              output: `main().then(() => { process.exitCode = 0; });
async function main() {}`,
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
    const code = `process.on('SIGINT', () => {
${long}
${deep};
${nested}
process.exit(0);
});`;
    const messages = linter.verify(code, config(tsParser), { filename: '/virtual/deep/lib.ts' });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.map((message) => message.messageId)).toEqual([
      'exitInSignalListener',
      'exitInSignalListener',
      'exitInSignalListener',
    ]);
  });
});
