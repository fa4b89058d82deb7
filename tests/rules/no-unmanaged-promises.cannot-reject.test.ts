/**
 * `no-unmanaged-promises`: promises that cannot reject or are already handled, found on published
 * code (issue #15, bench/precision): a field that only ever holds a promise that resolves, a callback
 * handed in from outside, a promise returned with its handler attached, Node APIs that never reject.
 */
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/no-unmanaged-promises.js';
import { replaceOnce, unhandled } from './no-unmanaged-promises.helpers.js';
import { typedParserOptions } from './typed-parser-options.js';

const ruleTester = new RuleTester();

// Virtual files linted through the project service, with the options every typed suite shares.
const tsconfigRootDir = path.resolve(import.meta.dirname, '../../fixtures/rules/no-unmanaged-promises-node');
const typedTester = new RuleTester({
  languageOptions: { parserOptions: typedParserOptions(tsconfigRootDir) },
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

/** A sequence statement of plain calls and a call that cannot reject (minipass's async iterator, bundled by npm-check-updates). */
const SEQUENCE_OF_PLAIN_CALLS = `export class Stream {
  iterate(source) {
    const stop = async () => {
      this.paused = true;
      return { done: true };
    };
    const onEnd = () => {
      source.off('data', onEnd), stop(), this.emit('stopped');
    };
    source.on('end', onEnd);
  }
}`;

/** A microtask defer in one branch and a plain call in the other (minizlib's end, p-limit's next job). */
const DEFER_IN_A_BRANCH = `const defer = (fn) => Promise.resolve().then(fn);
export class Inflate {
  end() {
    this.ended || ((this.ended = true), this.async ? defer(() => this.emitEnd()) : this.emitEnd());
  }
  next(queue, job) {
    queue.push(job),
      (async () => {
        await Promise.resolve();
        queue.shift()?.();
      })();
  }
}`;

ruleTester.run('no-unmanaged-promises: the parts of a discarded sequence, ternary or logical', rule, {
  valid: [SEQUENCE_OF_PLAIN_CALLS, DEFER_IN_A_BRANCH],
  invalid: [
    (() => {
      // The call beside the plain ones can reject: the statement is still reported.
      const code = replaceOnce(SEQUENCE_OF_PLAIN_CALLS, 'this.paused = true;', "await fetch('/stop');");
      const sequence = "source.off('data', onEnd), stop(), this.emit('stopped')";
      const output = replaceOnce(code, sequence, `void (${sequence})`);
      return { code, errors: [unhandled(8, code, sequence, [{ messageId: 'suggestVoid', output }])] };
    })(),
    (() => {
      // A branch that awaits what may reject.
      const code = replaceOnce(DEFER_IN_A_BRANCH, 'await Promise.resolve();', 'await queue.ready();');
      const output = replaceOnce(
        replaceOnce(code, 'queue.push(job),', 'void (queue.push(job),'),
        '})();\n  }\n}',
        '})());\n  }\n}',
      );
      return { code, errors: [unhandled(7, code, 'queue.push(job),', [{ messageId: 'suggestVoid', output }])] };
    })(),
  ],
});

/** A field set from an option the object was constructed with (prompts' autocomplete `suggest`, bundled by npm-check-updates). */
const SUPPLIED_OPTION = `export class Autocomplete {
  constructor(options = {}) {
    this.suggest = options.suggest;
    this.input = '';
  }
  async complete(done) {
    const pending = (this.completing = this.suggest(this.input));
    const found = await pending;
    if (this.completing !== pending) return;
    this.suggestions = found;
    done && done();
  }
  reset() {
    this.input = '';
    this.complete(() => this.render());
  }
}`;

ruleTester.run('no-unmanaged-promises: a callback from the options an object was constructed with', rule, {
  valid: [SUPPLIED_OPTION],
  invalid: [
    (() => {
      // An option given to another method is not one the object was built with.
      const code = replaceOnce(
        replaceOnce(SUPPLIED_OPTION, '    this.suggest = options.suggest;\n', ''),
        '  async complete(done) {',
        `  configure(options) {
    this.suggest = options.suggest;
  }
  async complete(done) {`,
      );
      return { code, errors: [unhandled(17, code, 'this.complete(() => this.render())', ['void'])] };
    })(),
    (() => {
      // A computed member of the options is not a named option.
      const code = replaceOnce(SUPPLIED_OPTION, 'options.suggest;', 'options[options.kind];');
      return { code, errors: [unhandled(15, code, 'this.complete(() => this.render())', ['void'])] };
    })(),
  ],
});
