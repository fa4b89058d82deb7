/**
 * `no-unmanaged-promises`: promises nothing could wait for, found on published code (issue #15,
 * bench/precision): an endless loop's promise, which settles only by rejecting (the MCP SDK's
 * elicitation loop), and the close a synchronous `[Symbol.dispose]()` starts while its
 * `[Symbol.asyncDispose]()` twin awaits it (piscina).
 */
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/no-unmanaged-promises.js';
import { replaceOnce, unhandled, untracked, untrackedAlways } from './no-unmanaged-promises.helpers.js';
import { typedParserOptions } from './typed-parser-options.js';

const ruleTester = new RuleTester();

const tsconfigRootDir = path.resolve(import.meta.dirname, '../../fixtures/rules/no-unmanaged-promises-node');
const typedTester = new RuleTester({
  languageOptions: { parserOptions: typedParserOptions(tsconfigRootDir) },
});
const typed = [{ typeAware: true }] as const;

/** An interactive client's background loop, handled, started from main (the MCP SDK's elicitation example). */
const ENDLESS_LOOP = `#!/usr/bin/env node
const queue = [];
async function elicitationLoop() {
  while (true) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    while (queue.length > 0) {
      const item = queue.shift();
      try {
        await item.run();
      } catch (error) {
        item.fail(error);
      }
    }
  }
}
async function main() {
  elicitationLoop().catch((error) => {
    console.error('Unexpected error in the elicitation loop:', error);
    process.exit(1);
  });
  await commandLoop();
}
await main();`;

const LOOP_CALL = `elicitationLoop().catch((error) => {
    console.error('Unexpected error in the elicitation loop:', error);
    process.exit(1);
  })`;

/** The floating call's first line, where the `await` suggestion goes. */
const LOOP_START = 'elicitationLoop().catch((error) => {';

/** The loop's statements, to vary. */
const LOOP_HEAD = `  while (true) {
    await new Promise((resolve) => setTimeout(resolve, 100));`;

const withLoopHead = (head: string): string => replaceOnce(ENDLESS_LOOP, LOOP_HEAD, head);

ruleTester.run('no-unmanaged-promises: an endless loop is never untracked', rule, {
  valid: [
    ENDLESS_LOOP,
    withLoopHead(`  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));`),
    replaceOnce(
      withLoopHead(`  do {
    await new Promise((resolve) => setTimeout(resolve, 100));`),
      `    }
  }
}
async function main`,
      `    }
  } while (true);
}
async function main`,
    ),
    // Breaks that end an inner loop or a `switch`, a `continue`, a labelled break to an inner label.
    withLoopHead(`  while (true) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (queue.length === 0) continue;
    switch (queue[0].kind) {
      case 'skip':
        queue.shift();
        break;
      default:
    }
    for (const item of queue) if (item.urgent) break;
    inner: {
      if (queue.length > 10) break inner;
    }`),
    // `void` and checkUntracked: "always" too.
    replaceOnce(ENDLESS_LOOP, LOOP_CALL, 'void elicitationLoop()'),
    {
      code: ENDLESS_LOOP.replace('#!/usr/bin/env node\n', ''),
      options: [{ checkUntracked: 'always' }],
    },
  ],
  invalid: [
    (() => {
      // A loop that a condition ends: the drain can wait for it.
      const code = withLoopHead(`  while (!stopped) {
    await new Promise((resolve) => setTimeout(resolve, 100));`);
      return { code, errors: [untracked(17, code, LOOP_START)] };
    })(),
    (() => {
      // A `break` of the loop itself ends it.
      const code = withLoopHead(`${LOOP_HEAD}
    if (queue.length === 0) break;`);
      return { code, errors: [untracked(18, code, LOOP_START)] };
    })(),
    (() => {
      // A `break` in a `switch` after the loop's own `break`-less body still leaves it when labelled outside.
      const code = replaceOnce(
        withLoopHead(`  outer: while (true) {
    await new Promise((resolve) => setTimeout(resolve, 100));`),
        'item.fail(error);',
        `item.fail(error);
        break outer;`,
      );
      return { code, errors: [untracked(18, code, LOOP_START)] };
    })(),
    (() => {
      // A `return` anywhere in the function ends it.
      const code = withLoopHead(`${LOOP_HEAD}
    if (closed) return;`);
      return { code, errors: [untracked(18, code, LOOP_START)] };
    })(),
    (() => {
      // A loop after a statement that may return: the same.
      const code = replaceOnce(
        ENDLESS_LOOP,
        `async function elicitationLoop() {
`,
        `async function elicitationLoop() {
  if (!interactive) return;
`,
      );
      return { code, errors: [untracked(18, code, LOOP_START)] };
    })(),
    (() => {
      // A function of another module: its body is not read.
      const code = replaceOnce(
        ENDLESS_LOOP,
        `const queue = [];
`,
        `import { pollLoop } from './poll.js';
const queue = [];
`,
      ).replace('elicitationLoop().catch', 'pollLoop().catch');
      return { code, errors: [untracked(18, code, 'pollLoop().catch((error) => {')] };
    })(),
    (() => {
      // Without a rejection handler, an endless loop that may reject is still unhandled.
      const code = replaceOnce(
        withLoopHead(`${LOOP_HEAD}
    await fetch('https://example.com/poll');`),
        LOOP_CALL,
        'elicitationLoop()',
      );
      return { code, errors: [unhandled(18, code, 'elicitationLoop()', ['await'])] };
    })(),
    (() => {
      // An endless loop in a nested function is not the function's own.
      const code = withLoopHead(`  const spin = async () => {
    while (true) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  spin().catch(() => {});
  {
    await new Promise((resolve) => setTimeout(resolve, 100));`);
      return { code, errors: [untracked(21, code, LOOP_START)] };
    })(),
    (() => {
      // checkUntracked: "always" still reports a loop that ends.
      const code = withLoopHead(`  while (queue.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));`).replace('#!/usr/bin/env node\n', '');
      return {
        code,
        options: [{ checkUntracked: 'always' as const }],
        errors: [untrackedAlways(16, code, LOOP_START)],
      };
    })(),
  ],
});

typedTester.run('no-unmanaged-promises (typeAware): an endless loop is never untracked', rule, {
  valid: [
    {
      code: `#!/usr/bin/env node
const queue: Array<{ run(): Promise<void>; fail(error: unknown): void }> = [];
async function elicitationLoop(): Promise<never> {
  while (true) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const item = queue.shift();
    try {
      await item?.run();
    } catch (error) {
      item?.fail(error);
    }
  }
}
async function main(): Promise<void> {
  elicitationLoop().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
await main();`,
      options: typed,
    },
  ],
  invalid: [
    (() => {
      const code = `#!/usr/bin/env node
async function pollOnce(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 100));
}
async function main(): Promise<void> {
  pollOnce().catch((error: unknown) => console.error(error));
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
await main();`;
      return {
        code,
        options: typed,
        errors: [untracked(6, code, 'pollOnce().catch((error: unknown) => console.error(error))')],
      };
    })(),
  ],
});

/** A pool whose close may reject, disposable both ways (piscina's `[Symbol.dispose]` / `[Symbol.asyncDispose]`). */
const DISPOSABLE = `export class Pool {
  async close() {
    await this.drain();
  }
  async drain() {
    await fetch('https://example.com/drain');
  }
  [Symbol.dispose]() {
    this.close();
  }
  [Symbol.asyncDispose]() {
    return this.close();
  }
}`;

const ASYNC_TWIN = `  [Symbol.asyncDispose]() {
    return this.close();
  }`;

const withAsyncTwin = (twin: string): string => replaceOnce(DISPOSABLE, ASYNC_TWIN, twin);

ruleTester.run('no-unmanaged-promises: the close a synchronous disposer starts', rule, {
  valid: [
    DISPOSABLE,
    withAsyncTwin(`  async [Symbol.asyncDispose]() {
    await this.close();
  }`),
    withAsyncTwin(`  [Symbol.asyncDispose] = () => this.close();`),
    // Its own condition, and an object literal's disposers.
    replaceOnce(DISPOSABLE, '    this.close();', '    if (!this.closed) this.close();'),
    `export const handle = {
  async close() {
    await fetch('https://example.com/close');
  },
  [Symbol.dispose]() {
    this.close();
  },
  async [Symbol.asyncDispose]() {
    await this.close();
  },
};`,
    `async function close() {
  await fetch('https://example.com/close');
}
export const handle = {
  [Symbol.dispose]() {
    close();
  },
  [Symbol.asyncDispose]: async () => {
    await close();
  },
};`,
  ],
  invalid: [
    (() => {
      // No asynchronous twin: nothing offers a way to wait for the close.
      const code = replaceOnce(DISPOSABLE, `\n${ASYNC_TWIN}`, '');
      return { code, errors: [unhandled(9, code, 'this.close()', ['void'])] };
    })(),
    (() => {
      // The twin waits for another call.
      const code = withAsyncTwin(`  [Symbol.asyncDispose]() {
    return this.drain();
  }`);
      return { code, errors: [unhandled(9, code, 'this.close()', ['void'])] };
    })(),
    (() => {
      // The twin floats it too: neither waits.
      const code = withAsyncTwin(`  async [Symbol.asyncDispose]() {
    this.close();
  }`);
      return { code, errors: [unhandled(9, code, 'this.close()', ['void']), unhandled(12, code, 'this.close()')] };
    })(),
    (() => {
      // Another method, or an async disposer (it could await), or a callback inside the disposer.
      const code = replaceOnce(
        replaceOnce(DISPOSABLE, '  [Symbol.dispose]() {', '  async [Symbol.dispose]() {'),
        `  async drain() {`,
        `  shutdown() {
    this.close();
    setImmediate(() => {
      this.close();
    });
  }
  async drain() {`,
      );
      return {
        code,
        errors: [
          unhandled(6, code, 'this.close()', ['void']),
          unhandled(8, code, 'this.close()', ['void']),
          unhandled(15, code, 'this.close()'),
        ],
      };
    })(),
    (() => {
      // A static disposer is not the instance's twin.
      const code = replaceOnce(DISPOSABLE, '  [Symbol.asyncDispose]() {', '  static [Symbol.asyncDispose]() {');
      return { code, errors: [unhandled(9, code, 'this.close()', ['void'])] };
    })(),
  ],
});

typedTester.run('no-unmanaged-promises (typeAware): the close a synchronous disposer starts', rule, {
  valid: [
    {
      code: `export class Pool {
  async close(): Promise<void> {
    await fetch('https://example.com/close');
  }
  [Symbol.dispose](): void {
    this.close();
  }
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}`,
      options: typed,
    },
  ],
  invalid: [
    (() => {
      const code = `export class Pool {
  async close(): Promise<void> {
    await fetch('https://example.com/close');
  }
  [Symbol.dispose](): void {
    this.close();
  }
}`;
      return { code, options: typed, errors: [unhandled(6, code, 'this.close()', ['void'])] };
    })(),
  ],
});
