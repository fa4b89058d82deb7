import path from 'node:path';
import * as parser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/no-unmanaged-promises.js';
import {
  error,
  grabBag,
  unhandled,
  unhandledNonFunctionHandler,
  untracked,
  untrackedAlways,
  untrackedInMainContext,
} from './no-unmanaged-promises.helpers.js';
import { typedParserOptions } from './typed-parser-options.js';

// Virtual files linted through the project service, with the options every typed suite shares.
const tsconfigRootDir = path.resolve(import.meta.dirname, '../../fixtures/rules/no-unmanaged-promises');
const ruleTester = new RuleTester({
  languageOptions: { parserOptions: typedParserOptions(tsconfigRootDir) },
});

const typed = [{ typeAware: true }] as const;
const API = 'declare const api: { get(): Promise<number>; count(): number };';
const P = 'declare const p: Promise<void>;';

ruleTester.run('no-unmanaged-promises (typeAware)', rule, {
  valid: [
    {
      code: `${P}
async function f() { await p; }`,
      options: typed,
    },
    {
      code: `${API}
api.get().catch(() => {});`,
      options: typed,
    },
    {
      code: `${API}
api.get().then(() => {}, () => {});`,
      options: typed,
    },
    {
      code: `${API}
api.count();`,
      options: typed,
    },
    {
      code: `${API}
void api.get();`,
      options: typed,
    },
    {
      code: `${API}
function f() { return api.get(); }`,
      options: typed,
    },
    // `any` is not a promise, and neither is a `.then` that cannot take a rejection handler.
    {
      code: `declare const x: any;
x.then(() => {});`,
      options: typed,
    },
    {
      code: `declare const chain: { then(cb: () => void): void };
chain.then(() => {});`,
      options: typed,
    },
    {
      code: `declare const chain: { then(cb: () => void): void };
chain.then(() => {});`,
      options: [{ typeAware: true, checkThenables: true }],
    },
    // Thenables only with checkThenables.
    {
      code: `declare const t: PromiseLike<void>;
t;`,
      options: typed,
    },
    // allowForKnownSafePromises / allowForKnownSafeCalls with typescript-eslint's specifiers.
    {
      code: `type SafePromise = Promise<number> & { __brand?: "safe" };
declare const s: SafePromise;
s;`,
      options: [{ typeAware: true, allowForKnownSafePromises: [{ from: 'file', name: 'SafePromise' }] }],
    },
    {
      code: `function safe(): Promise<void> { return Promise.resolve(); }
safe();`,
      options: [{ typeAware: true, allowForKnownSafeCalls: [{ from: 'file', name: 'safe' }] }],
    },
    {
      code: `function safe(): Promise<void> { return Promise.resolve(); }
safe();`,
      options: [{ typeAware: true, allowForKnownSafeCalls: ['safe'] }],
    },
    {
      code: `${P}
declare const ctx: { waitUntil(p: Promise<unknown>): void };
ctx.waitUntil(p);`,
      options: typed,
    },
    {
      code: `${API}
async function f() { const tasks: Promise<number>[] = []; tasks.push(api.get()); await Promise.all(tasks); }`,
      options: typed,
    },
    { code: `[1, 2].forEach((x) => x * 2);`, options: typed },
    {
      code: `${API}
[1, 2].forEach(() => { void api.get(); });`,
      options: typed,
    },
    {
      code: `${API}
async function f() { const all = await Promise.all([api.get(), api.get()]); return all; }`,
      options: typed,
    },
    // Syntactic false positives that types clear up: a `then` on a non-thenable chain.
    {
      code: `declare const cy: { get(s: string): { then(cb: (x: unknown) => void): void } };
cy.get('button').then(() => {});`,
      options: typed,
    },
  ],
  invalid: [
    // Promise-ness from the checker: calls the syntactic mode cannot see.
    (() => {
      const code = `${API}
api.get();`;
      return { code, options: typed, errors: [unhandled(2, code, 'api.get()')] };
    })(),
    (() => {
      const code = `declare function load(): Promise<void>;
load().then(() => {});`;
      return { code, options: typed, errors: [unhandled(2, code, 'load().then(() => {})')] };
    })(),
    (() => {
      const code = `class MyPromise extends Promise<void> {}
declare const m: MyPromise;
m;`;
      return { code, options: typed, errors: [unhandled(3, code, 'm')] };
    })(),
    (() => {
      const code = `declare const maybe: Promise<void> | undefined;
maybe;`;
      return { code, options: typed, errors: [unhandled(2, code, 'maybe')] };
    })(),
    (() => {
      const code = `declare const repo: { save?(): Promise<void> } | undefined;
repo?.save?.();`;
      return { code, options: typed, errors: [unhandled(2, code, 'repo?.save?.()')] };
    })(),
    (() => {
      // An explicit reference to Node's types is honoured (the shared default project also lists them).
      const code = `/// <reference types="node" />
import { readFile } from 'node:fs/promises';
readFile('a.txt');`;
      return { code, options: typed, errors: [unhandled(3, code, "readFile('a.txt')", ['await'])] };
    })(),
    (() => {
      const code = "fetch('https://example.com');";
      return { code, options: typed, errors: [unhandled(1, code, "fetch('https://example.com')", ['await'])] };
    })(),
    (() => {
      const code = `${P}
function getPromise() { return p; }
getPromise();`;
      return { code, options: typed, errors: [unhandled(3, code, 'getPromise()')] };
    })(),
    // Non-function handlers, `.finally` transparency, branches.
    (() => {
      const code = `${P}
declare const notAFunction: number;
p.catch(notAFunction);`;
      return { code, options: typed, errors: [unhandledNonFunctionHandler(3, code, 'p.catch(notAFunction)')] };
    })(),
    (() => {
      const code = `${P}
p.then(() => {}, null);`;
      return { code, options: typed, errors: [unhandledNonFunctionHandler(2, code, 'p.then(() => {}, null)')] };
    })(),
    (() => {
      const code = `${P}
p.finally(() => {});`;
      return { code, options: typed, errors: [unhandled(2, code, 'p.finally(() => {})')] };
    })(),
    {
      code: `${P}
declare const cond: boolean;
cond ? p : null;`,
      options: typed,
      errors: [
        {
          messageId: 'unhandled',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${P}
declare const cond: boolean;
await (cond ? p : null);`,
            },
            {
              messageId: 'suggestVoid',
              output: `${P}
declare const cond: boolean;
void (cond ? p : null);`,
            },
          ],
        },
      ],
    },
    {
      code: `${P}
declare const cond: boolean;
cond && p;`,
      options: typed,
      errors: [
        {
          messageId: 'unhandled',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${P}
declare const cond: boolean;
await (cond && p);`,
            },
            {
              messageId: 'suggestVoid',
              output: `${P}
declare const cond: boolean;
void (cond && p);`,
            },
          ],
        },
      ],
    },
    (() => {
      const code = `${P}
void p;`;
      return {
        code,
        options: [{ typeAware: true, ignoreVoid: false }],
        errors: [unhandled(2, code, 'void p', ['await'])],
      };
    })(),
    // Thenables with checkThenables.
    (() => {
      const code = `declare const t: PromiseLike<void>;
t;`;
      return { code, options: [{ typeAware: true, checkThenables: true }], errors: [unhandled(2, code, 't')] };
    })(),
    // A safe-call specifier that does not match.
    (() => {
      const code = `function risky(): Promise<void> { return fetch("/risky").then(() => {}); }
risky();`;
      return {
        code,
        options: [
          {
            typeAware: true,
            allowForKnownSafeCalls: [{ from: 'package' as const, name: 'risky', package: 'left-pad' }],
          },
        ],
        errors: [unhandled(2, code, 'risky()')],
      };
    })(),
    (() => {
      const code = `type SafePromise = Promise<number> & { __brand?: "safe" };
declare const s: Promise<number>;
s;`;
      return {
        code,
        options: [{ typeAware: true, allowForKnownSafePromises: [{ from: 'file' as const, name: 'SafePromise' }] }],
        errors: [unhandled(3, code, 's')],
      };
    })(),
    // Arrays of promises.
    {
      code: `declare const all: Promise<void>[];
all;`,
      options: typed,
      errors: [error('promiseArray', 2, 1)],
    },
    {
      code: `declare const pair: [Promise<void>, number];
pair;`,
      options: typed,
      errors: [error('promiseArray', 2, 1)],
    },
    {
      code: `${API}
[1, 2].map(() => api.get());`,
      options: typed,
      errors: [error('promiseArray', 2, 1)],
    },
    // The other categories with types.
    {
      code: `${API}
const pending = api.get();`,
      options: typed,
      errors: [error('unusedPromise', 2, 7)],
    },
    {
      code: `${API}
function f() {
  const tasks: Promise<number>[] = [];
  tasks.push(api.get());
}`,
      options: typed,
      errors: [error('undrainedCollection', 4, 3)],
    },
    {
      code: `declare function save(x: number): Promise<void>;
[1, 2].forEach(save);`,
      options: typed,
      errors: [error('droppedAsyncCallback', 2, 16)],
    },
    {
      code: `declare function save(x: number): Promise<void>;
[1, 2].forEach(function (x) { return save(x); });`,
      options: typed,
      errors: [error('droppedAsyncCallback', 2, 16)],
    },
    {
      code: `import { EventEmitter } from "node:events";
declare const emitter: EventEmitter;
emitter.on('data', async () => { await fetch('/x'); });`,
      options: typed,
      errors: [error('droppedAsyncCallback', 3, 20)],
    },
    // Untracked where a MainContext is in scope, with the tracker suggested.
    (() => {
      const code = `${API}
interface MainContext { track(p: PromiseLike<unknown>): void }
export async function main(ctx: MainContext) {
  api.get().catch(() => {});
}`;
      return {
        code,
        options: typed,
        errors: [untrackedInMainContext(4, code, 'api.get().catch(() => {})', ['await', ['track', 'ctx.track']])],
      };
    })(),
    (() => {
      const code = `#!/usr/bin/env node
${API}
export function warm() {
  void api.get();
}`;
      return { code, options: typed, errors: [untracked(4, code, 'void api.get()', [])] };
    })(),
    // The grab-bag of odd syntax, with types.
    {
      code: grabBag,
      filename: 'grab-bag.ts',
      options: [{ typeAware: true, checkUntracked: 'always' }],
      // Unlike the syntactic mode, `overload(1)` is fine: callers see the overloads, which return void.
      errors: [
        error('unusedPromise', 20, 32),
        untrackedAlways(30, grabBag, 'obj.method?.().then?.(() => {}).catch?.(() => {})'),
        untrackedAlways(38, grabBag, 'inst.m().catch(() => {})'),
      ],
    },
  ],
});

// typescript-eslint's no-floating-promises agrees on these (its own suite has each of them).
ruleTester.run('no-unmanaged-promises (typeAware): parity with no-floating-promises', rule, {
  valid: [
    {
      code: `declare function refresh(): Promise<void>;
let enabled = false;
enabled && refresh();`,
      options: typed,
    },
    {
      code: `declare function refresh(): Promise<void>;
let skip = true;
skip || refresh();`,
      options: typed,
    },
    {
      code: `declare const x: Promise<void>;
x as unknown;`,
      options: typed,
    },
    // Answered from syntax, as the checker would (number, void): an own array literal's
    // push/unshift/forEach, and an own function that returns nothing (no-promise-proof.ts).
    {
      code: `const list = [];
list.push(1);
list.unshift(0);
list.forEach(() => {});
function log(): void { console.log(list); return; }
log();
const warn = () => { console.warn(list); };
warn();`,
      options: typed,
    },
    // A callback that returns nothing is no async callback, whatever it calls (its neighbour that
    // returns the promise is \`droppedAsyncCallback\` below).
    {
      code: `declare function save(x: number): Promise<void>;
[1, 2].forEach(function (x) { save(x).catch(() => {}); });`,
      options: typed,
    },
  ],
  invalid: [
    // Neighbours the syntactic proof must leave to the checker: each fails if it ignores an overload,
    // an initialiser that is not an array literal, a type assertion, or a type annotation.
    (() => {
      const code = `function flush(): Promise<void>;
function flush(force?: boolean): any {}
flush();`;
      return { code, options: typed, errors: [unhandled(3, code, 'flush()')] };
    })(),
    ...[
      `declare const queue: { push(item: number): Promise<void> };
const list = queue;
list.push(1);`,
      `const list = [] as unknown as { push(item: number): Promise<void> };
list.push(1);`,
      `const list: { push(item: number): Promise<void> } = [] as any;
list.push(1);`,
    ].map((code) => ({ code, options: typed, errors: [unhandled(code.split('\n').length, code, 'list.push(1)')] })),
    (() => {
      const code = `class Task<T> extends Promise<T> {}
declare function schedule(): Task<void>;
schedule();`;
      return { code, options: typed, errors: [unhandled(3, code, 'schedule()')] };
    })(),
    (() => {
      const code = `class Job extends Promise<void> {}
declare function start(): Job;
start();`;
      return { code, options: typed, errors: [unhandled(3, code, 'start()')] };
    })(),
    (() => {
      const code = `declare const pending: unknown;
pending as Promise<void>;`;
      return {
        code,
        options: typed,
        errors: [
          unhandled(2, code, 'pending as Promise<void>', [
            {
              messageId: 'suggestAwait',
              output: code.replace('pending as Promise<void>', 'await (pending as Promise<void>)'),
            },
            {
              messageId: 'suggestVoid',
              output: code.replace('pending as Promise<void>', 'void (pending as Promise<void>)'),
            },
          ]),
        ],
      };
    })(),
    (() => {
      const code = `declare const pending: unknown;
<Promise<void>>pending;`;
      return {
        code,
        options: typed,
        errors: [
          unhandled(2, code, '<Promise<void>>pending', [
            {
              messageId: 'suggestAwait',
              output: code.replace('<Promise<void>>pending', 'await (<Promise<void>>pending)'),
            },
            {
              messageId: 'suggestVoid',
              output: code.replace('<Promise<void>>pending', 'void (<Promise<void>>pending)'),
            },
          ]),
        ],
      };
    })(),
    (() => {
      const code = `declare function refresh(): Promise<void>;
let enabled = Math.random() > 0.5;
enabled && refresh();`;
      return {
        code,
        options: typed,
        errors: [
          unhandled(3, code, 'enabled && refresh()', [
            { messageId: 'suggestAwait', output: code.replace('enabled && refresh()', 'await (enabled && refresh())') },
            { messageId: 'suggestVoid', output: code.replace('enabled && refresh()', 'void (enabled && refresh())') },
          ]),
        ],
      };
    })(),
  ],
});

// Calls settled by their callee's type, without resolving the call (typed-predicates.ts,
// `calleeReturnTest`): a callee typed `any`, or one whose every signature declares a plain return
// type. The invalid neighbours fail if that shortcut ever answered for a return type an argument,
// an overload or the receiver can still make a promise.
ruleTester.run('no-unmanaged-promises (typeAware): calls settled by their callee', rule, {
  valid: [
    {
      code: `declare const lib: any;
declare function log(message: string): void;
declare function count<T>(items: readonly T[]): number;
declare function pick(flag: boolean): 'a' | 'b' | undefined;
lib.start(Promise.reject(new Error('x')));
lib();
log('x');
count([Promise.resolve(1)]);
pick(true);`,
      options: typed,
    },
  ],
  invalid: [
    ...[
      // The return type is the argument's type.
      ['declare function pass<T>(value: T): T;\ndeclare const job: Promise<void>;', 'pass(job)'],
      // One overload of two returns a promise.
      [
        'declare function save(path: string): void;\ndeclare function save(path: string, done: true): Promise<void>;',
        "save('a', true)",
      ],
      // `this` is the receiver: a promise subclass.
      ['declare class Task extends Promise<void> { retry(): this; }\ndeclare const task: Task;', 'task.retry()'],
      // A plain type or a promise.
      ['declare function maybe(): boolean | Promise<boolean>;\ndeclare const unused: number;', 'maybe()'],
    ].map(([declarations, call]) => {
      const code = `${declarations!}\n${call!};`;
      return { code, options: typed, errors: [unhandled(3, code, call!)] };
    }),
  ],
});

// Callees that cannot reject, wherever they are declared (here: ./lib/background.ts).
const BACKGROUND = "import { Poller, refreshCache, refreshOrThrow, refreshRequired } from './lib/background';";

ruleTester.run('no-unmanaged-promises (typeAware): callees that cannot reject', rule, {
  valid: [
    {
      // In an entrypoint, off main's own path (a helper it exports), no tracker in scope.
      code: `#!/usr/bin/env node
${BACKGROUND}
export function onChange(url: string) {
  refreshCache(url);
}`,
      options: typed,
    },
    {
      code: `${BACKGROUND}
export function onChange(url: string) {
  refreshCache(url);
  new Poller().poll(url);
}`,
      options: typed,
    },
    {
      // A local whose every value was awaited is not a promise; a \`.catch\` inside ends the chain.
      code: `async function load(url: string) {
  let body: string | undefined;
  try {
    body = await (await fetch(url)).text();
  } catch {}
  await fetch('/log').catch(() => undefined);
  return body;
}
export function warm() {
  load('/a');
}`,
      options: typed,
    },
    {
      code: `const poller = {
  async tick(): Promise<void> {
    try {
      await fetch('/tick');
    } catch {}
  },
};
export function start() {
  poller.tick();
}`,
      options: typed,
    },
  ],
  invalid: [
    (() => {
      const code = `${BACKGROUND}
export function onChange(url: string) {
  refreshOrThrow(url);
}`;
      return { code, options: typed, errors: [unhandled(3, code, 'refreshOrThrow(url)', ['void'])] };
    })(),
    (() => {
      const code = `${BACKGROUND}
export function onChange(url: string) {
  refreshRequired(url);
}`;
      return { code, options: typed, errors: [unhandled(3, code, 'refreshRequired(url)', ['void'])] };
    })(),
    (() => {
      const code = `#!/usr/bin/env node
${BACKGROUND}
if (process.argv[2]) {
  refreshCache(process.argv[2]);
}`;
      return { code, options: typed, errors: [untracked(4, code, 'refreshCache(process.argv[2])')] };
    })(),
  ],
});

describe('no-unmanaged-promises: typeAware without type information', () => {
  it('fails with an error naming the rule, the option and the file', () => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      {
        files: ['**/*.ts'],
        languageOptions: { parser },
        plugins: { gs: { rules: { 'no-unmanaged-promises': rule as never } } },
        rules: { 'gs/no-unmanaged-promises': ['error', { typeAware: true }] },
      },
    ];
    expect(() => linter.verify('fetch("x");', config, { filename: 'plain.ts' })).toThrow(
      /no-unmanaged-promises: "typeAware: true" needs type information, but .*plain\.ts/,
    );
  });

  it('never asks for type information when typeAware is off', () => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      {
        files: ['**/*.js'],
        plugins: { gs: { rules: { 'no-unmanaged-promises': rule as never } } },
        rules: { 'gs/no-unmanaged-promises': 'error' },
      },
    ];
    const messages = linter.verify('fetch("x");', config, { filename: 'plain.js' });
    expect(messages.map((message) => message.messageId)).toEqual(['unhandled']);
  });
});
