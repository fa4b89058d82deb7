// Findings a maintainer would dismiss, from real code (issue #15): each pattern with its valid
// case and the invalid neighbour that must still be reported.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuleTester, type InvalidTestCase } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';
import { afterAll, beforeAll } from 'vitest';
import { caseBuilders } from './case-builders.js';
import rule, {
  type MessageIds,
  type Options,
} from '../../packages/eslint-plugin-graceful-shutdown/rules/require-signal-cancellation.js';
import {
  clearImportedModuleCache,
  clearProjectCaches,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/index.js';

const cli = '/virtual/app/cli.ts';
const strict: Options = [{ checkReadOnlyWork: true }];
const js = { parser: espree, ecmaVersion: 'latest', sourceType: 'module' } as const;
const script = { parser: espree, ecmaVersion: 'latest', sourceType: 'commonjs' } as const;
const signals = 'SIGINT and SIGTERM';

const BROWSER_APP = `(async () => {
  const response = await fetch('/api/items');
  document.querySelector('#list').textContent = await response.text();
})();`;

// A package whose bins leave the work and the handling to the modules they import.
const project = path.join(os.tmpdir(), `gs-cancellation-imports-${process.pid}`);
const bin = (name: string): string => path.join(project, 'bin', name);
const modules: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'thin-bin', type: 'module', bin: { tool: './bin/tool.js' } }),
  // Handled two imports away: bin → cli → run.
  'lib/cli.js': `import { run } from './run.js';
export function start() {
  run(process.argv.slice(2));
}
`,
  'lib/run.js': `import http from 'node:http';
export function run() {
  const server = http.createServer();
  server.listen(3000);
  const stop = () => server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
`,
  // Work, no handling.
  'lib/serve.js': `import http from 'node:http';
http.createServer().listen(3000);
`,
  // A runner that installs the handling for the `main` it is given.
  'lib/runner.js': `export function startMain(main) {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => controller.abort());
  return main(controller.signal);
}
`,
  // A runner whose listeners only log: not handling.
  'lib/noisy-runner.js': `export function startMain(main) {
  process.on('SIGINT', () => console.log('bye'));
  process.on('SIGTERM', () => console.log('bye'));
  return main();
}
`,
  // Handling through a known library.
  'lib/graceful.js': `import closeWithGrace from 'close-with-grace';
export function install(server) {
  closeWithGrace(async () => server.close());
}
`,
  // 14. Only validates its options; its module reaches a timer helper (clock.js) it never starts.
  'lib/config.js': `import { systemClock } from './clock.js';
export function getConfig(options) {
  if (!options.url) throw new Error('url is required');
  return { ...options, clock: options.clock ?? systemClock };
}
`,
  'lib/clock.js': `export const systemClock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
};
`,
  // 14. A class that opens a database pool when constructed.
  'lib/db.js': `import pg from 'pg';
export default class Db {
  constructor(config) {
    this.pool = new pg.Pool(config);
  }
  close() {
    return this.pool.end();
  }
}
`,
  // 14. CommonJS: one export prints, the other spawns.
  'lib/tasks.cjs': `const { spawn } = require('node:child_process');
function describe(task) {
  return \`make \${task}\`;
}
function run(task) {
  return spawn('make', [task], { stdio: 'inherit' });
}
module.exports = { describe, run };
`,
  // Reads and prints only.
  'lib/report.js': `export async function report(url) {
  console.log(await (await fetch(url)).json());
}
`,
};

beforeAll(() => {
  for (const [file, text] of Object.entries(modules)) {
    mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    writeFileSync(path.join(project, file), text);
  }
  mkdirSync(path.join(project, 'bin'), { recursive: true });
  clearProjectCaches();
  clearImportedModuleCache();
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const { ok, bad } = caseBuilders<MessageIds, Options>(cli);
type Error = InvalidTestCase<MessageIds, Options>['errors'][number];
const missing = (line: number, starter: string, column?: number): Error => ({
  messageId: 'missingHandling',
  line,
  ...(column === undefined ? {} : { column }),
  data: { starter, signals },
});

new RuleTester().run('require-signal-cancellation: precision', rule, {
  valid: [
    // ——— 8. A signal left out loses nothing when the work only reads and prints (an interactive client) ———
    ok(`#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
const rl = createInterface({ input: process.stdin, output: process.stdout });
const question = await rl.question('URL? ', { signal: controller.signal });
console.log(await (await fetch(question, { signal: controller.signal })).text());
rl.close();`),
    // ——— 5. Methods named like Object.prototype members start nothing ———
    ok(
      `#!/usr/bin/env node
const text = Buffer.from('a').toString();
console.log(text.hasOwnProperty('length'), text.valueOf());`,
      { options: strict },
    ),

    // ——— 6. An unref'd timer does not keep the process alive: nothing to cancel ———
    ok(
      `#!/usr/bin/env node
setInterval(reportMemory, 10_000).unref();
console.log(process.memoryUsage());`,
      { options: strict },
    ),
    ok(
      `#!/usr/bin/env node
const heartbeat = setInterval(() => console.log('alive'), 1000);
heartbeat.unref();`,
      { options: strict },
    ),

    // ——— 7. The handling lives in a module the entrypoint imports ———
    ok(
      `#!/usr/bin/env node
const { start } = await import('../lib/cli.js');
start();`,
      { filename: bin('tool.js'), languageOptions: js },
    ),
    ok(
      `#!/usr/bin/env node
import http from 'node:http';
import { startMain } from '../lib/runner.js';
async function main(signal) {
  const server = http.createServer();
  server.listen(3000);
  signal.addEventListener('abort', () => server.close());
}
startMain(main);`,
      { filename: bin('main.js'), languageOptions: js },
    ),
    ok(
      `#!/usr/bin/env node
import http from 'node:http';
import { install } from '../lib/graceful.js';
const server = http.createServer();
server.listen(3000);
install(server);`,
      { filename: bin('lib-handled.js'), languageOptions: js },
    ),

    // ——— 12. A browser script is not a Node process, whatever it starts at top level ———
    ok(BROWSER_APP, { filename: '/virtual/site/public/app.js', languageOptions: js, options: strict }),
    ok(BROWSER_APP, { filename: '/virtual/site/src/app.js', languageOptions: js, options: strict }),

    // ——— 8. A script that only reads and prints loses nothing to Ctrl+C ———
    ok(`#!/usr/bin/env node
const response = await fetch(process.argv[2]);
console.log(await response.json());`),
    ok(`#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
const config = JSON.parse(await readFile('config.json', 'utf8'));
console.log(config.name);`),
    ok(`import { program } from 'commander';
program.command('show').action(async (id) => {
  console.log(await (await fetch(\`https://api.example.com/\${id}\`)).json());
});
await program.parseAsync();`),
    ok(
      `#!/usr/bin/env node
import { report } from '../lib/report.js';
await report(process.argv[2]);`,
      { filename: bin('report.js'), languageOptions: js },
    ),
    // ——— 14. A database package's configuration value connects to nothing ———
    ok(`#!/usr/bin/env node
import ConnectionParameters from 'pg/lib/connection-parameters.js';
const parameters = new ConnectionParameters();
if (!parameters.user) console.error('PGUSER is not set');`),
    // ——— 14. An imported module is judged by the export called, not by everything its module reaches ———
    ok(
      `#!/usr/bin/env node
import * as config from '../lib/config.js';
async function main() {
  console.log(config.getConfig({ url: process.argv[2] }));
}
main();`,
      { filename: bin('check-config.js'), languageOptions: js },
    ),
    ok(
      `#!/usr/bin/env node
const tasks = require('../lib/tasks.cjs');
async function main(task) {
  console.log(tasks.describe(task));
}
main(process.argv[2]);`,
      { filename: bin('describe.cjs'), languageOptions: script },
    ),
    // An async listener that only awaits a function of this file whose promise cannot reject.
    ok(
      `const controller = new AbortController();
async function cleanup() {
  try {
    controller.abort();
    await transport.close();
  } catch (error) {
    console.error('close failed', error);
  }
}
process.on('SIGINT', async () => {
  await cleanup();
});
process.on('SIGTERM', async () => {
  await cleanup();
});
await run({ signal: controller.signal });`,
      { filename: '/virtual/app/lib.ts' },
    ),
  ],
  invalid: [
    // The cleanup rethrows: the listener's promise can reject, and nobody handles it.
    bad(
      `const controller = new AbortController();
async function cleanup() {
  try {
    controller.abort();
    await transport.close();
  } catch (error) {
    console.error('close failed', error);
    throw error;
  }
}
process.on('SIGINT', async () => {
  await cleanup();
});
process.on('SIGTERM', cleanup);
await run({ signal: controller.signal });`,
      [
        { messageId: 'unhandledAsyncListener', line: 11, data: { signals: 'SIGINT', method: 'on' } },
        { messageId: 'unhandledAsyncListener', line: 14, data: { signals: 'SIGTERM', method: 'on' } },
      ],
      { filename: '/virtual/app/lib.ts' },
    ),
    // ——— 5. …but real work beside them is still named ———
    bad(
      `#!/usr/bin/env node
const text = Buffer.from('a').toString();
app.listen(3000);`,
      [missing(3, '`app.listen()`', 1)],
    ),

    // ——— 6. A timer kept alive is still work ———
    bad(
      `#!/usr/bin/env node
const heartbeat = setInterval(() => console.log('alive'), 1000);
heartbeat.ref();`,
      [missing(2, '`setInterval()`', 19)],
    ),

    // ——— 7. Imported modules that start work without handling it ———
    bad(
      `#!/usr/bin/env node
await import('../lib/serve.js');`,
      [missing(2, "`import('../lib/serve.js')`", 7)],
      { filename: bin('serve.js'), languageOptions: js },
    ),
    bad(
      `#!/usr/bin/env node
import http from 'node:http';
import { startMain } from '../lib/noisy-runner.js';
async function main() {
  const server = http.createServer();
  server.listen(3000);
}
startMain(main);`,
      [missing(5, '`http.createServer()`', 18)],
      { filename: bin('noisy.js'), languageOptions: js },
    ),

    // ——— 8. Work that an interruption damages ———
    bad(
      `#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
const response = await fetch(process.argv[2]);
await writeFile('out.json', await response.text());`,
      [missing(4, '`writeFile()`', 7)],
    ),
    bad(
      `#!/usr/bin/env node
import pg from 'pg';
const client = new pg.Client();
await client.connect();
console.log((await client.query('select 1')).rows);`,
      [missing(3, '`new pg.Client()`', 16)],
    ),
    // …the client built from those parameters does.
    bad(
      `#!/usr/bin/env node
import pg from 'pg';
import ConnectionParameters from 'pg/lib/connection-parameters.js';
const parameters = new ConnectionParameters();
const client = new pg.Client(parameters);
await client.connect();`,
      [missing(5, '`new pg.Client()`', 16)],
    ),
    bad(
      `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const app = new Hono();
console.log(\`listening on \${process.env.PORT}\`);
serve({ fetch: app.fetch, port: Number(process.env.PORT) });`,
      [missing(5, '`serve()`', 1)],
    ),
    bad(
      `#!/usr/bin/env node
while (true) {
  await poll();
}`,
      [missing(2, 'a `while (true)` loop', 1)],
    ),
    bad(
      `#!/usr/bin/env node
import { report } from '../lib/report.js';
await report(process.argv[2]);`,
      [missing(3, 'top-level `await`', 1)],
      { filename: bin('report.js'), languageOptions: js, options: strict },
    ),
    // The read-only script above, with `checkReadOnlyWork` (strict): today's reach.
    bad(
      `#!/usr/bin/env node
const response = await fetch(process.argv[2]);
console.log(await response.json());`,
      [missing(2, '`fetch()`', 24)],
      { options: strict },
    ),

    // ——— 12. …but the same code in a Node program is an entrypoint ———
    bad(
      `${BROWSER_APP}
console.log(process.argv[2]);`,
      [missing(1, 'an async IIFE', 1)],
      {
        filename: '/virtual/site/src/app.js',
        languageOptions: js,
        options: strict,
      },
    ),

    // ——— 14. Name the work that keeps the process busy, not the first promise-looking call ———
    bad(
      `#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { once } from 'node:events';
async function main() {
  if (process.argv.includes('--help')) {
    console.log(await usage());
    return;
  }
  const child = spawn('make', ['all'], { stdio: 'inherit' });
  await once(child, 'exit');
}
main().catch((error) => console.error(formatError(error)));`,
      [missing(9, '`spawn()`', 17)],
    ),
    // …the class that opens the pool when constructed is the work, and it is what the message names.
    bad(
      `#!/usr/bin/env node
import * as config from '../lib/config.js';
import Db from '../lib/db.js';
const db = new Db(config.getConfig({ url: process.argv[2] }));
await db.close();`,
      [missing(4, '`new Db()`', 12)],
      { filename: bin('migrate.js'), languageOptions: js },
    ),
    bad(
      `#!/usr/bin/env node
import { systemClock } from '../lib/clock.js';
async function main() {
  systemClock.setInterval(() => console.log(systemClock.now()), 1000);
}
main();`,
      [missing(4, '`systemClock.setInterval()`', 3)],
      { filename: bin('tick.js'), languageOptions: js },
    ),
    bad(
      `#!/usr/bin/env node
const tasks = require('../lib/tasks.cjs');
async function main(task) {
  console.log(tasks.describe(task));
  await tasks.run(task);
}
main(process.argv[2]);`,
      [missing(5, '`tasks.run()`', 9)],
      { filename: bin('run.cjs'), languageOptions: script },
    ),
    bad(
      `#!/usr/bin/env node
import { spawn } from 'node:child_process';
await Promise.resolve(printBanner());
spawn('make', ['all'], { stdio: 'inherit' });`,
      [missing(4, '`spawn()`', 1)],
      { options: strict },
    ),
    // The interactive client above, once it also writes what it fetched to a file: SIGTERM cuts the write.
    bad(
      `#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
const rl = createInterface({ input: process.stdin, output: process.stdout });
const question = await rl.question('URL? ', { signal: controller.signal });
console.log(await (await fetch(question, { signal: controller.signal })).text());
rl.close();
await writeFile('page.html', question);`,
      [{ messageId: 'missingSigterm', line: 5, data: { handled: 'SIGINT', missing: 'SIGTERM' } }],
    ),
    // …and with checkReadOnlyWork (strict), the read-only client too.
    bad(
      `#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
const rl = createInterface({ input: process.stdin, output: process.stdout });
const question = await rl.question('URL? ', { signal: controller.signal });
console.log(await (await fetch(question, { signal: controller.signal })).text());
rl.close();`,
      [{ messageId: 'missingSigterm', line: 4, data: { handled: 'SIGINT', missing: 'SIGTERM' } }],
      {
        options: strict,
      },
    ),
  ],
});
