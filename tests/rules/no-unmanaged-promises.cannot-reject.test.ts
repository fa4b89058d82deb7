/**
 * `no-unmanaged-promises`: promises that cannot reject or are already handled, found on published
 * code (issue #15, bench/precision): a field that only ever holds a promise that resolves, a callback
 * handed in from outside, a promise returned with its handler attached, Node APIs that never reject.
 */
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/no-unmanaged-promises.js';
import { unhandled } from './no-unmanaged-promises.helpers.js';

const ruleTester = new RuleTester();

// Virtual files linted through the project service; the fixture tsconfig lists no files.
const tsconfigRootDir = path.resolve(import.meta.dirname, '../../fixtures/rules/no-unmanaged-promises-node');
const typedTester = new RuleTester({
  languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['*.ts*'] }, tsconfigRootDir } },
});
const typed = [{ typeAware: true }] as const;

/** A field set once, in the constructor, to a promise whose executor never rejects (agenda's `ready`). */
const READY_FIELD = `import { EventEmitter } from 'node:events';
export class Client extends EventEmitter {
  ready;
  constructor(cb) {
    super();
    this.ready = new Promise((resolve) => {
      this.once('ready', resolve);
    });
    if (cb) {
      this.ready.then(() => cb());
    }
  }
}`;

/** A timer that awaits the callback its constructor was given, left uncaught on purpose (pg-boss's `ClaimTimer`). */
const SUPPLIED_CALLBACK = `export class ClaimTimer {
  #fn;
  constructor(fn) {
    this.#fn = fn;
  }
  start() {
    setTimeout(() => {
      this.#run();
    }, 1000);
  }
  async #run() {
    try {
      await this.#fn();
    } finally {
      this.start();
    }
  }
}`;

ruleTester.run('no-unmanaged-promises: fields and supplied callbacks that cannot reject', rule, {
  valid: [READY_FIELD, SUPPLIED_CALLBACK],
  invalid: [
    (() => {
      // A parameter of a library's callback is this code's to handle, not a supplied callback.
      const code = `export function listen(pool) {
  pool.connect((error, client, releaseClient) => {
    async function release() {
      try {
        await client.query('UNLISTEN jobs');
      } catch {}
      return releaseClient();
    }
    client.on('error', () => {
      release();
    });
  });
}`;
      return { code, errors: [unhandled(10, code, 'release()', ['void'])] };
    })(),
    (() => {
      // A field set from a setter's parameter is not a callback the object was built with.
      const code = `export class Hooks {
  #onTick;
  setTick(onTick) {
    this.#onTick = onTick;
  }
  fire() {
    setTimeout(() => {
      this.#tick();
    }, 10);
  }
  async #tick() {
    await this.#onTick();
  }
}`;
      return { code, errors: [unhandled(8, code, 'this.#tick()', ['void'])] };
    })(),
    (() => {
      // The executor can reject: the field's promise may reject.
      const code = READY_FIELD.replace(
        `new Promise((resolve) => {
      this.once('ready', resolve);`,
        `new Promise((resolve, reject) => {
      this.once('ready', resolve);
      this.once('error', reject);`,
      );
      return { code, errors: [unhandled(11, code, 'this.ready.then(() => cb())', ['void'])] };
    })(),
    (() => {
      // Another write gives the field a promise that may reject.
      const code = READY_FIELD.replace(
        `  }
}`,
        `  }
  reconnect() {
    this.ready = connect();
  }
}`,
      );
      return { code, errors: [unhandled(10, code, 'this.ready.then(() => cb())', ['void'])] };
    })(),
    (() => {
      // A write whose value cannot be read off the code (destructuring) may store anything.
      const code = READY_FIELD.replace(
        `  }
}`,
        `  }
  restore(state) {
    [this.ready] = state;
  }
}`,
      );
      return { code, errors: [unhandled(10, code, 'this.ready.then(() => cb())', ['void'])] };
    })(),
    (() => {
      // The field holds a function of the class's own: its fetch may reject.
      const code = SUPPLIED_CALLBACK.replace('this.#fn = fn;', "this.#fn = () => fetch('/tick');");
      return { code, errors: [unhandled(8, code, 'this.#run()', ['void'])] };
    })(),
    (() => {
      // A callee's parameter is not supplied from outside: its argument is right there, and rejects.
      const code = `async function guarded(task) {
  try {
    await task();
  } finally {
    console.log('done');
  }
}
export function onTick() {
  guarded(() => fetch('/tick'));
}`;
      return { code, errors: [unhandled(9, code, "guarded(() => fetch('/tick'))", ['void'])] };
    })(),
  ],
});

/** The worker's own promise, handled where it is made, returned by `release()` (graphile-worker). */
const HANDLED_WORKER = `declare function work(): Promise<void>;
export function startWorker() {
  const promise = work().finally(() => undefined);
  promise.then(
    () => console.log('stopped'),
    (error: unknown) => console.error(error),
  );
  const release = (): Promise<void> => Promise.resolve(promise);
  function stop(): void {
    release();
  }
  return stop;
}`;

/** `cancel()` returns a promise it attached `.catch(() => undefined)` to (openai's SSE source). */
const HANDLED_CANCEL = `declare const source: { return?(): Promise<unknown> };
export function abortable() {
  let cancellation: Promise<unknown> | undefined;
  const cancel = () => {
    if (cancellation) return cancellation;
    try {
      cancellation = Promise.resolve(source.return?.());
    } catch (error) {
      cancellation = Promise.reject(error);
    }
    cancellation.catch(() => undefined);
    return cancellation;
  };
  return () => {
    queueMicrotask(() => {
      cancel();
    });
  };
}`;

/** worker_threads' `Worker#terminate()` resolves with the exit code and never rejects (piscina). */
const TERMINATE = `import { Worker } from 'node:worker_threads';
export class WorkerInfo {
  constructor(private readonly worker: Worker) {}
  destroy(): void {
    this.worker.terminate();
  }
}`;

const READ_FILE = `import { readFile } from 'node:fs/promises';
export function warm(): void {
  readFile('cache.json');
}`;

typedTester.run('no-unmanaged-promises (typeAware): handled promises and APIs that never reject', rule, {
  valid: [
    { code: HANDLED_WORKER, options: typed },
    { code: HANDLED_CANCEL, options: typed },
    { code: TERMINATE, options: typed },
    {
      // Node's typings write `declare module 'fs/promises'`: a package specifier matches the module declared.
      code: READ_FILE,
      options: [
        {
          typeAware: true,
          allowForKnownSafeCalls: [{ from: 'package', name: 'readFile', package: 'node:fs/promises' }],
        },
      ],
    },
    {
      code: SUPPLIED_CALLBACK.replace('#fn;', '#fn: () => Promise<void>;').replace('(fn)', '(fn: () => Promise<void>)'),
      options: typed,
    },
  ],
  invalid: [
    {
      // Another module's name does not match.
      code: READ_FILE,
      options: [{ typeAware: true, allowForKnownSafeCalls: [{ from: 'package', name: 'readFile', package: 'fs' }] }],
      errors: [unhandled(3, READ_FILE, "readFile('cache.json')", ['void'])],
    },
    (() => {
      // `.then` without a rejection handler leaves the worker's promise unhandled.
      const code = HANDLED_WORKER.replace(
        `  promise.then(
    () => console.log('stopped'),
    (error: unknown) => console.error(error),
  );`,
        `  promise.then(() => console.log('stopped'));`,
      );
      return {
        code,
        options: typed,
        errors: [
          unhandled(4, code, "promise.then(() => console.log('stopped'))", ['void']),
          unhandled(7, code, 'release()', ['void']),
        ],
      };
    })(),
    (() => {
      // A return between the write and the handler hands over a promise nothing handles yet.
      const code = HANDLED_CANCEL.replace(
        `    }
    cancellation.catch`,
        `    }
    if (!source.return) return cancellation;
    cancellation.catch`,
      );
      return { code, options: typed, errors: [unhandled(17, code, 'cancel()', ['void'])] };
    })(),
    (() => {
      // A method of the same name on another type may reject.
      const code = TERMINATE.replace(
        "import { Worker } from 'node:worker_threads';",
        `import { Worker } from 'node:worker_threads';
declare const other: { terminate(): Promise<number> };`,
      ).replace('    this.worker.terminate();', '    other.terminate();');
      return { code, options: typed, errors: [unhandled(6, code, 'other.terminate()', ['void'])] };
    })(),
  ],
});
