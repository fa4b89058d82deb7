// Findings a maintainer would dismiss, from real code (issue #15): each pattern with its valid
// case and the invalid neighbour that must still be reported.
import { RuleTester, type InvalidTestCase } from '@typescript-eslint/rule-tester';
import { caseBuilders } from './case-builders.js';
import rule, {
  type MessageIds,
  type Options,
} from '../../packages/eslint-plugin-graceful-shutdown/rules/no-exit-before-drain.js';

const cli = '/virtual/app/cli.ts';
const strict: Options = [{ checkUncaughtException: true, checkMainPromiseAlways: true, checkOptInExits: true }];

const { ok, bad } = caseBuilders<MessageIds, Options>(cli);
type Error = InvalidTestCase<MessageIds, Options>['errors'][number];

/** `exitOnMainErrorPath` on `main()`'s error path, with its `process.exitCode = 1` suggestion. */
const onErrorPath = (code: string, line: number): Error => ({
  messageId: 'exitOnMainErrorPath',
  line,
  data: { exit: 'process.exit()', main: 'main()' },
  suggestions: [
    { messageId: 'useExitCode', data: { code: '1' }, output: code.replace('process.exit(1)', 'process.exitCode = 1') },
  ],
});

const AWAITED_EVERYTHING = `async function main() {
  const data = await load();
  await save(data);
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`;

const FLOATING_SYNC = `async function main() {
  syncInBackground();
  await run();
}
async function syncInBackground() {}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`;

const INTERVAL = `setInterval(poll, 1000);
async function main() {
  await run();
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`;

const SERVER_STARTED_LAST = `import express from 'express';
async function main() {
  const config = await loadConfig();
  const app = express();
  app.listen(config.port);
  process.on('SIGTERM', () => app.close());
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`;

const SERVER_STARTED_BEFORE_AWAIT = `import express from 'express';
async function main() {
  const app = express();
  app.listen(3000);
  await connectDatabase();
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`;

const CLEANUP_DRAINS_WHAT_IT_TESTS = `let transport;
async function cleanup() {
  if (client && transport) {
    try {
      await transport.close();
    } catch (error) {
      console.error(error);
    }
  }
  console.log('Goodbye!');
  process.exit(0);
}
process.on('SIGINT', async () => {
  await cleanup();
});
process.on('SIGTERM', async () => {
  await cleanup();
});`;

const DRAIN_UNDER_UNRELATED_TEST = `async function cleanup() {
  if (options.graceful) {
    await transport.close();
  }
  process.exit(0);
}
process.on('SIGINT', () => cleanup());`;

const UNAWAITED_CHILD = `import { spawn } from 'node:child_process';
async function main() {
  spawn('tail', ['-f', 'log.txt'], { stdio: 'inherit' });
  await run();
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`;

const SERVER_CLOSED_IN_FINALLY = `import http from 'node:http';
import { once } from 'node:events';
async function main() {
  const server = http.createServer(handler).listen(3000);
  try {
    await once(server, 'close');
  } finally {
    await closeAll();
  }
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`;

const SERVER_LEFT_OPEN = `import http from 'node:http';
async function main() {
  const server = http.createServer(handler).listen(3000);
  await warmUp(server);
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`;

/**
 * The MCP elicitation client's shape: `main` awaits a `connect` that catches its own errors, then
 * starts a background loop; its later awaits cannot reject, and a helper elsewhere starts a server.
 */
const connectThat = (onError: string): string => `import http from 'node:http';
async function connect() {
  try {
    await client.connect(transport);
  } catch (error) {
    ${onError}
  }
}
function waitForCallback() {
  return new Promise((resolve) => {
    http.createServer((req, res) => resolve(req.url)).listen(8090);
  });
}
async function loop() {
  for (;;) await handle(await next());
}
async function settle() {
  while (queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
}
async function main() {
  await connect();
  loop().catch((error) => console.error(error));
  await settle();
}
`;
const CONNECT_REPORTS_ITS_ERRORS = connectThat(`console.error('Failed to connect:', error);`);
const CONNECT_RETHROWS = connectThat(`throw error;`);
const withCatch = (setup: string): string => `${setup}main().catch((error) => {
  console.error(error);
  process.exit(1);
});`;
const withTry = (setup: string): string => `${setup}try {
  await main();
} catch (error) {
  console.error(error);
  process.exit(1);
}`;

const UNCAUGHT = `process.on('uncaughtException', (error) => {
  console.error(error);
  process.exit(1);
});`;

const UNHANDLED_REJECTION = `process.on('unhandledRejection', (error) => {
  console.error(error);
  process.exit(1);
});`;

// pm2's runtime: `--auto-manage` exits at once by design; the other path stops the apps first.
const OPT_IN_EXIT_BRANCH = `const commander = require('commander');
process.on('SIGINT', exitPM2);
process.on('SIGTERM', exitPM2);
function exitPM2() {
  console.log('Exited at %s', new Date());
  if (commander.autoManage) return process.exit(0);
  pm2.kill(() => process.exit(0));
}`;

// ts-node-dev's child hook: a listener that only exits, installed by its \`--exit-child\` flag.
const OPT_IN_LISTENER = `var exitChild = false;
if (exitChild) {
  process.on('SIGTERM', function () {
    console.log('Child got SIGTERM, exiting.');
    process.exit();
  });
}`;

const ENV_OPT_IN = `process.on('SIGTERM', () => {
  process.env.EXIT_AT_ONCE === 'true' && process.exit(0);
  server.close(() => process.exit(0));
});`;

// A setting imported from the program's own config module, compared with a literal.
const IMPORTED_SETTING = `import { settings } from './config.js';
process.on('SIGINT', () => {
  if ('immediate' === settings.shutdown) process.exit(130);
  controller.abort();
});`;

// A parameter is not a setting the program was started with.
const PARAMETER_CONDITION = `function stop(force) {
  if (force) process.exit(1);
  controller.abort();
}
process.on('SIGINT', () => stop(true));`;

// The flag opts into exiting, but the branch stops work first: the drain is still skipped.
const OPT_IN_AFTER_STOPPING = `const options = parseArgs();
process.on('SIGTERM', () => {
  if (options.fast) {
    server.close();
    process.exit(0);
  }
});`;

// A local value computed in the listener is the process's state, not a setting.
const LOCAL_CONDITION = `process.on('SIGTERM', () => {
  const idle = queue.size === 0;
  if (idle) process.exit(0);
});`;

// \`cluster.isWorker\` is the process's role, not a setting: a worker exits mid-request.
const BUILTIN_STATE = `import cluster from 'node:cluster';
process.on('SIGTERM', () => {
  if (cluster.isWorker) process.exit(0);
});`;

// A listener registered under a flag that stops work and exits at once is still reported.
const FLAG_REGISTERS_DRAINING_LISTENER = `const config = loadConfig();
if (config.handleSignals) {
  process.on('SIGTERM', () => {
    server.close();
    process.exit(0);
  });
}`;

const optInError = (line: number, event = 'SIGTERM', exit = 'process.exit()'): Error => ({
  messageId: 'exitInSignalListener',
  line,
  data: { exit, event },
});

/** An exit after the listener stopped work: reported with its `process.exitCode = 0` suggestion. */
const afterStoppingError = (code: string, line: number): Error => ({
  ...optInError(line),
  suggestions: [
    { messageId: 'useExitCode', data: { code: '0' }, output: code.replace('process.exit(0)', 'process.exitCode = 0') },
  ],
});

new RuleTester().run('no-exit-before-drain: precision', rule, {
  valid: [
    // ——— 9. Nothing the file started can still be running when the exit fires ———
    ok(AWAITED_EVERYTHING),
    ok(`import { main } from './app.js';
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`),
    ok(`async function main() {
  await Promise.all([load('a'), load('b')]);
}
main().then(() => process.exit(0));`),
    ok(`import { spawn } from 'node:child_process';
import { once } from 'node:events';
async function main() {
  await once(spawn('make', { stdio: 'inherit' }), 'exit');
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`),
    ok(`setInterval(poll, 1000).unref();
async function main() {
  await run();
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`),
    // …nor when `main` ends in `finally { await … }`.
    ok(SERVER_CLOSED_IN_FINALLY),
    // …nor when the only work outliving it starts after `main`'s last await: it cannot reject after that.
    ok(SERVER_STARTED_LAST),
    // …nor when `main` cannot reject at all: its awaits are of functions that catch their own errors.
    ok(withCatch(CONNECT_REPORTS_ITS_ERRORS)),
    ok(withTry(CONNECT_REPORTS_ITS_ERRORS), { filename: '/virtual/app/cli.mts' }),

    // ——— A listener's exit after a drain guarded by the existence of what it drains ———
    ok(CLEANUP_DRAINS_WHAT_IT_TESTS),

    // ——— 13. Node's documentation says to exit in `uncaughtException` ———
    ok(UNCAUGHT),

    // ——— An immediate exit that a configuration flag opts into ———
    ok(OPT_IN_EXIT_BRANCH),
    ok(OPT_IN_LISTENER),
    ok(ENV_OPT_IN),
    ok(IMPORTED_SETTING),
  ],
  invalid: [
    // ——— 9. Something is still running when the exit fires ———
    bad(FLOATING_SYNC, [onErrorPath(FLOATING_SYNC, 8)]),
    bad(INTERVAL, [onErrorPath(INTERVAL, 7)]),
    bad(UNAWAITED_CHILD, [onErrorPath(UNAWAITED_CHILD, 8)]),
    bad(SERVER_LEFT_OPEN, [onErrorPath(SERVER_LEFT_OPEN, 8)]),
    bad(SERVER_STARTED_BEFORE_AWAIT, [onErrorPath(SERVER_STARTED_BEFORE_AWAIT, 9)]),
    bad(SERVER_STARTED_LAST, [onErrorPath(SERVER_STARTED_LAST, 10)], { options: strict }),
    // `connect` rethrows: `main` may reject while the server a helper started is listening.
    bad(withCatch(CONNECT_RETHROWS), [onErrorPath(withCatch(CONNECT_RETHROWS), 27)]),
    bad(withTry(CONNECT_RETHROWS), [onErrorPath(withTry(CONNECT_RETHROWS), 29)], { filename: '/virtual/app/cli.mts' }),
    bad(withCatch(CONNECT_REPORTS_ITS_ERRORS), [onErrorPath(withCatch(CONNECT_REPORTS_ITS_ERRORS), 27)], {
      options: strict,
    }),
    // The test checks something other than what the branch drains: without the flag nothing drained.
    bad(DRAIN_UNDER_UNRELATED_TEST, [
      { messageId: 'exitInSignalListener', line: 5, data: { exit: 'process.exit()', event: 'SIGINT' } },
    ]),
    // `checkMainPromiseAlways` (strict): every exit on the main path.
    bad(AWAITED_EVERYTHING, [onErrorPath(AWAITED_EVERYTHING, 7)], { options: strict }),
    bad(SERVER_CLOSED_IN_FINALLY, [onErrorPath(SERVER_CLOSED_IN_FINALLY, 13)], { options: strict }),

    // ——— 13. `unhandledRejection` still is; `uncaughtException` in strict ———
    bad(UNHANDLED_REJECTION, [
      { messageId: 'exitInCrashListener', line: 3, data: { exit: 'process.exit()', event: 'unhandledRejection' } },
    ]),
    bad(
      UNCAUGHT,
      [{ messageId: 'exitInCrashListener', line: 3, data: { exit: 'process.exit()', event: 'uncaughtException' } }],
      { options: strict },
    ),

    // ——— An immediate exit that a configuration flag opts into: reported in strict ———
    bad(OPT_IN_EXIT_BRANCH, [optInError(6, 'SIGINT')], { options: strict }),
    bad(OPT_IN_LISTENER, [optInError(5)], { options: strict }),
    bad(ENV_OPT_IN, [optInError(2)], { options: strict }),
    // …and by default when the branch stops work, when the test reads state, or when the flag
    // registers a listener that stops work.
    bad(OPT_IN_AFTER_STOPPING, [afterStoppingError(OPT_IN_AFTER_STOPPING, 5)]),
    bad(LOCAL_CONDITION, [optInError(3)]),
    bad(PARAMETER_CONDITION, [optInError(2, 'SIGINT')]),
    bad(IMPORTED_SETTING, [optInError(3, 'SIGINT')], { options: strict }),
    bad(BUILTIN_STATE, [optInError(3)]),
    bad(FLAG_REGISTERS_DRAINING_LISTENER, [afterStoppingError(FLAG_REGISTERS_DRAINING_LISTENER, 5)]),
  ],
});
