/**
 * `no-unmanaged-promises` without types: a callee declared in another module of the same package
 * (relative `require`/`import`) that cannot reject is not "unhandled" (issue #15, pattern 10; the
 * kafkajs shapes of bench/precision). Its names are resolved in its own module; anything that module
 * cannot show (an unknown call outside a `try`, a rethrow, a package import, a module that does not
 * parse, a shadowed name) still may reject.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, beforeAll } from 'vitest';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/no-unmanaged-promises.js';
import {
  clearImportedModuleCache,
  clearProjectCaches,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/index.js';
import { unhandled } from './no-unmanaged-promises.helpers.js';

const project = path.join(os.tmpdir(), `gs-imported-callees-${process.pid}`);
const libFile = path.join(project, 'src', 'client.js');

const modules: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'imported-callees', version: '1.0.0' }),
  // A timer promise that only resolves (kafkajs `src/utils/sleep.js`).
  'src/sleep.js': `module.exports = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
`,
  // ESM named exports: one guarded, one awaiting an unknown call outside its try, one rethrowing.
  'src/tasks.js': `import { report } from './report.js';
export async function flushQuietly(queue) {
  try {
    await queue.flush();
  } catch (error) {
    report(error);
  }
}
export async function flushLoudly(queue) {
  await queue.flush();
}
export async function flushAndRethrow(queue) {
  try {
    await queue.flush();
  } catch (error) {
    report(error);
    throw error;
  }
}
export default async function drain(queue) {
  try {
    await queue.drain();
  } catch {}
}
`,
  'src/report.js': `export function report(error) {
  console.error(error);
}
`,
  // CommonJS members, with a callee two modules away.
  'src/timers.js': `const sleep = require('./sleep');
exports.pause = async (ms) => {
  await sleep(ms);
};
exports.pauseFromPackage = async (ms) => {
  await require('sleep-promise')(ms);
};
`,
  // A class whose method returns a promise that only resolves (kafkajs `RequestQueue`).
  'src/queue/index.js': `const { EventEmitter } = require('events');
module.exports = class RequestQueue extends EventEmitter {
  waitForPendingRequests() {
    return new Promise((resolve) => {
      if (this.pending === 0) {
        return resolve();
      }
      this.once('empty', () => resolve());
    });
  }
  send(request) {
    return fetch(request.url);
  }
};
`,
  // A name that the module binds twice: a rejecting local shadows the timer import.
  'src/shadowed.js': `const sleep = require('./sleep');
exports.nap = async () => {
  const sleep = async () => {
    throw new Error('no sleep');
  };
  await sleep(10);
};
`,
  // Re-exports: renamed, and everything of a module.
  'src/all.js': `export { flushQuietly as quiet } from './tasks.js';
export * from './tasks.js';
`,
  // TypeScript, imported by its output name.
  'src/wait.ts': `export async function wait(ms: number): Promise<void> {
  await new Promise<void>((resolve) => setTimeout(resolve, ms));
}
`,
  'src/inner/package.json': JSON.stringify({ name: 'inner', version: '1.0.0' }),
  'src/broken.js': `module.exports = async () => {
  try {
    await work(;
  } catch {}
};
`,
};

beforeAll(() => {
  for (const [file, text] of Object.entries(modules)) {
    mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    writeFileSync(path.join(project, file), text);
  }
  clearProjectCaches();
  clearImportedModuleCache();
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** kafkajs `src/utils/waitFor.js`: `checkCondition` awaits `sleep()` and settles the outer promise by hand. */
const WAIT_FOR = `const sleep = require('./sleep');
module.exports = (fn, delay) => {
  let fulfilled = false;
  const checkCondition = async (resolve, reject) => {
    if (fulfilled) {
      return;
    }
    await sleep(delay);
    try {
      const result = await fn();
      if (result) {
        fulfilled = true;
        return resolve(result);
      }
      checkCondition(resolve, reject);
    } catch (e) {
      fulfilled = true;
      reject(e);
    }
  };
  return new Promise((resolve, reject) => {
    checkCondition(resolve, reject);
  });
};`;

/** kafkajs `src/network/connection.js`: a timeout callback awaits a method that waits on an imported class's promise. */
const CONNECTION = `const RequestQueue = require('./queue');
const PRIVATE = {
  AUTHENTICATE: Symbol('private:Connection:authenticate'),
};
module.exports = class Connection {
  constructor() {
    this.requestQueue = new RequestQueue();
    this[PRIVATE.AUTHENTICATE] = () => {};
  }
  connect() {
    const onTimeout = async () => {
      await this.disconnect();
    };
    setTimeout(onTimeout, 1000);
  }
  async disconnect() {
    await this.requestQueue.waitForPendingRequests();
    return true;
  }
};`;

/**
 * A local async function that awaits `awaited` (which the file's `header` binds), called without a
 * handler on line 6: reported unless `awaited` cannot reject.
 */
const awaitedThrough = (header: string, awaited: string): string => `${header}
async function run(queue) {
  await ${awaited};
}
export function stop(queue) {
  run(queue);
}`;

const droppedCallback = (line: number, column: number) =>
  ({ messageId: 'droppedAsyncCallback', line, column }) as const;

/** The `run(queue)` of `awaitedThrough`, still reported. */
const stillReported = (header: string, awaited: string, filename = libFile) => {
  const code = awaitedThrough(header, awaited);
  return { code, filename, errors: [unhandled(6, code, 'run(queue)', ['void'])] };
};

new RuleTester().run('no-unmanaged-promises: callees in other modules of the package', rule, {
  valid: [
    { code: WAIT_FOR, filename: path.join(project, 'src', 'waitFor.js') },
    { code: CONNECTION, filename: libFile },
    // `module.exports = (ms) => new Promise(…)` through a whole-module require.
    { code: awaitedThrough("const sleep = require('./sleep');", 'sleep(10)'), filename: libFile },
    // ESM: a named export and the default export, each guarded by its own try.
    { code: awaitedThrough("import { flushQuietly } from './tasks.js';", 'flushQuietly(queue)'), filename: libFile },
    { code: awaitedThrough("import drain from './tasks.js';", 'drain(queue)'), filename: libFile },
    // `exports.pause = …` through a destructured require and a member of the module; it awaits `./sleep` in turn.
    { code: awaitedThrough("const { pause } = require('./timers');", 'pause(10)'), filename: libFile },
    { code: awaitedThrough("const timers = require('./timers');", 'timers.pause(10)'), filename: libFile },
    { code: awaitedThrough("import { quiet } from './all.js';", 'quiet(queue)'), filename: libFile },
    { code: awaitedThrough("import { flushQuietly } from './all.js';", 'flushQuietly(queue)'), filename: libFile },
    {
      code: awaitedThrough("import { wait } from './wait.js';", 'wait(10)'),
      filename: path.join(project, 'src', 'client.ts'),
    },
    {
      // A symbol bound to a name keys the computed write.
      code: CONNECTION.replace('this[PRIVATE.AUTHENTICATE] =', 'this[kAuthenticate] =').replace(
        'module.exports =',
        `const kAuthenticate = Symbol('authenticate');
module.exports =`,
      ),
      filename: libFile,
    },
    {
      // A local variable that only ever holds an instance of the imported class.
      code: `const RequestQueue = require('./queue');
async function close() {
  const queue = new RequestQueue();
  await queue.waitForPendingRequests();
}
exports.stop = () => {
  close();
};`,
      filename: libFile,
    },
  ],
  invalid: [
    // The imported export awaits an unknown call outside any try.
    stillReported("import { flushLoudly } from './tasks.js';", 'flushLoudly(queue)'),
    // The same, through `export *`.
    stillReported("import { flushLoudly } from './all.js';", 'flushLoudly(queue)'),
    // Its catch rethrows.
    stillReported("import { flushAndRethrow } from './tasks.js';", 'flushAndRethrow(queue)'),
    // Two modules away, the callee is a package's (not a relative module's): it may reject.
    stillReported("const timers = require('./timers');", 'timers.pauseFromPackage(10)'),
    // A package import, not a relative one.
    stillReported("const sleep = require('sleep-promise');", 'sleep(10)'),
    // A module that does not parse, or that is missing, is unknown.
    stillReported("const flush = require('./broken');", 'flush()'),
    stillReported("const flush = require('./missing');", 'flush()'),
    // In its own module, `sleep` names a local that rejects, not the timer import.
    stillReported("const { nap } = require('./shadowed');", 'nap()'),
    // `../sleep` lies outside the linted file's own package (src/inner/package.json): not followed.
    stillReported("const sleep = require('../sleep');", 'sleep(10)', path.join(project, 'src', 'inner', 'client.js')),
    // A method of the imported class that may reject.
    (() => {
      const code = `const RequestQueue = require('./queue');
async function close() {
  const queue = new RequestQueue();
  await queue.send({ url: '/' });
}
exports.stop = () => {
  close();
};`;
      return { code, filename: libFile, errors: [unhandled(7, code, 'close()', ['void'])] };
    })(),
    (() => {
      // The same shape as kafkajs's waitFor through a package import.
      const code = WAIT_FOR.replace("require('./sleep')", "require('sleep-promise')");
      return {
        code,
        filename: path.join(project, 'src', 'waitFor.js'),
        errors: [
          unhandled(15, code, 'checkCondition(resolve, reject)'),
          unhandled(22, code, 'checkCondition(resolve, reject)', ['void']),
        ],
      };
    })(),
    (() => {
      // The helper is also handed a function that is not an executor's `resolve`: its result may be a promise.
      const code = WAIT_FOR.replace(
        `    checkCondition(resolve, reject);
  });`,
        `    checkCondition(resolve, reject);
  }).then(() => checkCondition(fn, () => {}));`,
      );
      return {
        code,
        filename: path.join(project, 'src', 'waitFor.js'),
        errors: [
          unhandled(15, code, 'checkCondition(resolve, reject)'),
          unhandled(22, code, 'checkCondition(resolve, reject)', ['void']),
        ],
      };
    })(),
    (() => {
      // The helper gives its parameter another value: what it returns is no executor's `resolve`.
      const code = WAIT_FOR.replace(
        `      const result = await fn();`,
        `      const result = await fn();
      resolve = fn;`,
      );
      return {
        code,
        filename: path.join(project, 'src', 'waitFor.js'),
        errors: [
          unhandled(16, code, 'checkCondition(resolve, reject)'),
          unhandled(23, code, 'checkCondition(resolve, reject)', ['void']),
        ],
      };
    })(),
    (() => {
      // The connection awaits a method of the imported class that may reject.
      const code = CONNECTION.replace('waitForPendingRequests()', 'send({ url: this.url })');
      return { code, filename: libFile, errors: [droppedCallback(14, 16)] };
    })(),
    (() => {
      // A computed write whose key is not known to be a symbol may write `requestQueue`.
      const code = CONNECTION.replace('this[PRIVATE.AUTHENTICATE] =', 'this[process.env.KEY] =');
      return { code, filename: libFile, errors: [droppedCallback(14, 16)] };
    })(),
    (() => {
      // The field may also hold something else.
      const code = CONNECTION.replace(
        '  connect() {',
        `  reset(queue) {
    this.requestQueue = queue;
  }
  connect() {`,
      );
      return { code, filename: libFile, errors: [droppedCallback(17, 16)] };
    })(),
  ],
});
