import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RuleTester, type TestLanguageOptions } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import jscodeshift from 'jscodeshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyNode, walk } from '../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import { trackerList } from '../../packages/eslint-plugin-graceful-shutdown/detection/main-context.js';
import {
  classifyFloating,
  scopeFromProgram,
  syntacticPredicates,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/promise-apis.js';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/no-unmanaged-promises.js';
import {
  error,
  grabBag,
  replaceOnce,
  unhandled,
  unhandledNonFunctionHandler,
  untracked,
  untrackedAlways,
  untrackedInMainContext,
} from './no-unmanaged-promises.helpers.js';

const ruleTester = new RuleTester();

// A package whose "bin" names bin/cli.ts, for the file-system entrypoint case.
const projectDir = mkdtempSync(path.join(tmpdir(), 'nup-'));
const binFile = path.join(projectDir, 'bin', 'cli.ts');
const libFile = path.join(projectDir, 'src', 'lib.ts');
beforeAll(() => {
  mkdirSync(path.dirname(binFile), { recursive: true });
  mkdirSync(path.dirname(libFile), { recursive: true });
  writeFileSync(
    path.join(projectDir, 'package.json'),
    JSON.stringify({ name: 'nup-fixture', type: 'module', bin: { tool: './bin/cli.js' } }),
  );
});
afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

// RuleTester's types omit `sourceType`, which ESLint reads from `languageOptions`.
const commonjs = { sourceType: 'commonjs', parserOptions: { sourceType: 'script' } } as unknown as TestLanguageOptions;
const script = { sourceType: 'script', parserOptions: { sourceType: 'script' } } as unknown as TestLanguageOptions;

const SAVE = 'async function save(...args: unknown[]) { await work(); }';
const ENTRY = '#!/usr/bin/env node';

// ———————————————————————————————— promise-valued expressions (no types) ————————————————————————————————
// `suggestions`: where `void f()` at top level would make the file an entrypoint (a main call) in
// which the promise is untracked — a library's API, not the program's own function — no `void`.
const AWAIT_ONLY = ['await'] as const;
const sources: Array<{ name: string; code: string; text: string; line: number; suggestions?: typeof AWAIT_ONLY }> = [
  {
    name: 'hoisted async function',
    code: `save();
${SAVE}`,
    text: 'save()',
    line: 1,
  },
  {
    name: 'async arrow',
    code: `const save = async () => { await work(); };
save();`,
    text: 'save()',
    line: 2,
  },
  {
    name: 'async function expression',
    code: `const save = async function () { await work(); };
save();`,
    text: 'save()',
    line: 2,
  },
  {
    name: 'exported async function',
    code: `export async function save() { await work(); }
save();`,
    text: 'save()',
    line: 2,
  },
  {
    name: 'export default async function',
    code: `export default async function save() { await work(); }
save();`,
    text: 'save()',
    line: 2,
  },
  {
    name: 'arrow returning a promise',
    code: `const load = (id: string) => fetch(id);
load('a');`,
    text: "load('a')",
    line: 2,
  },
  {
    name: 'bound async function',
    code: `${SAVE}
const later = save.bind(null);
later();`,
    text: 'later()',
    line: 3,
  },
  {
    name: 'optional call',
    code: `${SAVE}
save?.();`,
    text: 'save?.()',
    line: 2,
  },
  {
    name: 'object literal method',
    code: `const api = { async load() { await work(); } };
api.load();`,
    text: 'api.load()',
    line: 2,
  },
  {
    name: 'object literal async arrow property',
    code: `const api = { load: async () => { await work(); } };
api.load();`,
    text: 'api.load()',
    line: 2,
  },
  {
    name: 'static method',
    code: `class Repo { static async load() { await work(); } }
Repo.load();`,
    text: 'Repo.load()',
    line: 2,
  },
  {
    name: 'instance method on new',
    code: `class Repo { async load() { await work(); } }
new Repo().load();`,
    text: 'new Repo().load()',
    line: 2,
  },
  {
    name: 'instance method on a const',
    code: `class Repo { async load() { await work(); } }
const repo = new Repo();
repo.load();`,
    text: 'repo.load()',
    line: 3,
  },
  {
    name: 'new Promise',
    code: "new Promise((resolve, reject) => stream.on('error', reject));",
    text: "new Promise((resolve, reject) => stream.on('error', reject))",
    line: 1,
  },
  { name: 'Promise.resolve', code: 'Promise.resolve(load());', text: 'Promise.resolve(load())', line: 1 },
  {
    name: 'Promise.reject, continued',
    code: "Promise.reject(new Error('x')).finally(done);",
    text: "Promise.reject(new Error('x')).finally(done)",
    line: 1,
  },
  { name: 'Promise.all', code: 'Promise.all([load()]);', text: 'Promise.all([load()])', line: 1 },
  { name: 'Promise.race', code: 'Promise.race([load()]);', text: 'Promise.race([load()])', line: 1 },
  { name: 'Promise.any', code: 'Promise.any([]);', text: 'Promise.any([])', line: 1 },
  { name: 'Promise.try', code: 'Promise.try(() => 1);', text: 'Promise.try(() => 1)', line: 1 },
  {
    name: 'then chain on an unknown value',
    code: 'client.query().then((rows) => rows);',
    text: 'client.query().then((rows) => rows)',
    line: 1,
  },
  {
    name: 'import() chained',
    code: "import('./plugin.js').then((plugin) => plugin.start());",
    text: "import('./plugin.js').then((plugin) => plugin.start())",
    line: 1,
  },
  {
    name: 'fetch',
    code: "fetch('https://example.com');",
    text: "fetch('https://example.com')",
    line: 1,
    suggestions: AWAIT_ONLY,
  },
  {
    name: 'globalThis.fetch',
    code: "globalThis.fetch('https://example.com');",
    text: "globalThis.fetch('https://example.com')",
    line: 1,
  },
  {
    name: 'crypto.subtle',
    code: "crypto.subtle.digest('SHA-256', data);",
    text: "crypto.subtle.digest('SHA-256', data)",
    line: 1,
  },
  {
    name: 'a const holding a promise',
    code: `const pending = fetch('x');
pending;`,
    text: 'pending',
    line: 2,
  },
  {
    name: 'fs/promises by name',
    code: `import { writeFile } from 'fs/promises';
writeFile('a', 'b');`,
    text: "writeFile('a', 'b')",
    line: 2,
    suggestions: AWAIT_ONLY,
  },
  {
    name: 'node:fs/promises namespace',
    code: `import * as fsp from 'node:fs/promises';
fsp.rm('dir', { recursive: true });`,
    text: "fsp.rm('dir', { recursive: true })",
    line: 2,
  },
  {
    name: 'fs.promises via a default import',
    code: `import fs from 'node:fs';
fs.promises.unlink('a');`,
    text: "fs.promises.unlink('a')",
    line: 2,
  },
  {
    name: 'an alias of fs.promises',
    code: `import fs from 'node:fs';
const fsp = fs.promises;
fsp.mkdir('a');`,
    text: "fsp.mkdir('a')",
    line: 3,
  },
  {
    name: '{ promises } from fs',
    code: `import { promises as fsp } from 'fs';
fsp.readFile('a');`,
    text: "fsp.readFile('a')",
    line: 2,
  },
  {
    name: 'require of fs/promises',
    code: `const fsp = require('node:fs/promises');
fsp.copyFile('a', 'b');`,
    text: "fsp.copyFile('a', 'b')",
    line: 2,
  },
  {
    name: "require('fs').promises",
    code: `const fsp = require('fs').promises;
fsp.appendFile('a', 'b');`,
    text: "fsp.appendFile('a', 'b')",
    line: 2,
  },
  {
    name: 'destructured require',
    code: `const { readdir } = require('fs/promises');
readdir('.');`,
    text: "readdir('.')",
    line: 2,
    suggestions: AWAIT_ONLY,
  },
  {
    name: 'inline require',
    code: "require('node:fs/promises').stat('a');",
    text: "require('node:fs/promises').stat('a')",
    line: 1,
  },
  {
    name: 'timers/promises setTimeout',
    code: `import { setTimeout as sleep } from 'node:timers/promises';
sleep(100);`,
    text: 'sleep(100)',
    line: 2,
    suggestions: AWAIT_ONLY,
  },
  {
    name: 'timers/promises scheduler.wait',
    code: `import { scheduler } from 'timers/promises';
scheduler.wait(100);`,
    text: 'scheduler.wait(100)',
    line: 2,
  },
  {
    name: 'stream/promises pipeline',
    code: `import { pipeline } from 'node:stream/promises';
pipeline(source, sink);`,
    text: 'pipeline(source, sink)',
    line: 2,
    suggestions: AWAIT_ONLY,
  },
  {
    name: 'stream.promises.finished',
    code: `import stream from 'stream';
stream.promises.finished(s);`,
    text: 'stream.promises.finished(s)',
    line: 2,
  },
  {
    name: 'events.once by name',
    code: `import { once } from 'node:events';
once(emitter, 'ready');`,
    text: "once(emitter, 'ready')",
    line: 2,
    suggestions: AWAIT_ONLY,
  },
  {
    name: 'events.once on the namespace',
    code: `import * as events from 'events';
events.once(emitter, 'ready');`,
    text: "events.once(emitter, 'ready')",
    line: 2,
  },
  {
    name: 'EventEmitter.once',
    code: `import { EventEmitter } from 'node:events';
EventEmitter.once(emitter, 'ready');`,
    text: "EventEmitter.once(emitter, 'ready')",
    line: 2,
  },
  {
    name: 'events.once by require',
    code: `const { once } = require('events');
once(emitter, 'ready');`,
    text: "once(emitter, 'ready')",
    line: 2,
    suggestions: AWAIT_ONLY,
  },
  {
    name: 'readline/promises question',
    code: `import * as readline from 'node:readline/promises';
const rl = readline.createInterface({ input: process.stdin });
rl.question('Name? ');`,
    text: "rl.question('Name? ')",
    line: 3,
  },
  {
    name: 'dns/promises lookup',
    code: `import dns from 'node:dns/promises';
dns.lookup('example.com');`,
    text: "dns.lookup('example.com')",
    line: 2,
  },
  {
    name: 'dns.promises',
    code: `const dns = require('dns');
dns.promises.resolve4('example.com');`,
    text: "dns.promises.resolve4('example.com')",
    line: 2,
  },
  {
    name: 'util.promisify(f)(…)',
    code: `import util from 'node:util';
util.promisify(fs.readFile)('a');`,
    text: "util.promisify(fs.readFile)('a')",
    line: 2,
  },
  {
    name: 'a promisified function',
    code: `import { promisify } from 'util';
const sleep = promisify(setTimeout);
sleep(10);`,
    text: 'sleep(10)',
    line: 3,
  },
  {
    name: 'assert.rejects',
    code: `import assert from 'node:assert';
assert.rejects(work());`,
    text: 'assert.rejects(work())',
    line: 2,
  },
];

// ———————————————————————————————— not promises (no types) ————————————————————————————————
const notPromises: Array<{ name: string; code: string }> = [
  {
    name: 'a sync function',
    code: `function save() {}
save();`,
  },
  {
    name: 'an async generator',
    code: `async function* lines() {}
lines();`,
  },
  {
    name: 'events.on (an async iterator)',
    code: `import { on } from 'node:events';
on(emitter, 'data');`,
  },
  {
    name: 'fs/promises watch (an async iterator)',
    code: `import { watch } from 'node:fs/promises';
watch('.');`,
  },
  {
    name: 'timers/promises setInterval (an async iterator)',
    code: `import { setInterval } from 'node:timers/promises';
setInterval(100);`,
  },
  {
    name: 'callback readline',
    code: `import * as readline from 'node:readline';
const rl = readline.createInterface({ input: process.stdin });
rl.question('?', (answer) => answer);`,
  },
  {
    name: 'node:test test()',
    code: `import { test } from 'node:test';
test('x', async () => { await work(); });`,
  },
  { name: 'Promise.withResolvers', code: 'Promise.withResolvers();' },
  {
    name: 'a parameter shadowing fetch',
    code: `function get(fetch: (url: string) => void) {
  fetch('x');
}`,
  },
  {
    name: 'a local shadowing an import',
    code: `import { readFile } from 'node:fs/promises';
function f() {
  const readFile = (name: string) => name;
  readFile('x');
}`,
  },
  {
    name: 'a type-only import',
    code: `import type { readFile } from 'node:fs/promises';
declare const r: typeof readFile;`,
  },
  {
    name: 'a reassigned variable',
    code: `let pending = fetch('x');
pending = undefined as never;
pending;`,
  },
  { name: 'console.log', code: "console.log('hello');" },
  {
    name: 'an assignment',
    code: `${SAVE}
let result;
result = save();`,
  },
  { name: 'a class method that is not async', code: `class Repo { load() {} run() { this.load(); } }` },
  {
    name: 'an async method of another class with the same name',
    code: `class A { async go() { await work(); } }
class B { go() {} run() { this.go(); } }`,
  },
];

describe('no-unmanaged-promises (syntactic)', () => {
  it('recognises the documented sources', () => {
    expect(sources.length).toBeGreaterThanOrEqual(45);
  });
});

ruleTester.run('no-unmanaged-promises: promise sources', rule, {
  valid: notPromises.map(({ name, code }) => ({ name, code })),
  invalid: sources.map(({ name, code, text, line, suggestions }) => ({
    name,
    code,
    errors: [unhandled(line, code, text, suggestions)],
  })),
});

// ———————————————————————————————— typescript-eslint's meaning of handled ————————————————————————————————
const handled = [
  `${SAVE}
async function f() { await save(); }`,
  `${SAVE}
function f() { return save(); }`,
  `${SAVE}
const f = () => save();`,
  `${SAVE}
async function* f() { yield save(); }`,
  `${SAVE}
save().catch(() => {});`,
  `${SAVE}
save().catch((error) => console.error(error));`,
  `${SAVE}
save().then(() => {}, () => {});`,
  `${SAVE}
save().catch(() => {}).finally(() => {});`,
  `${SAVE}
save().finally(() => {}).catch(() => {});`,
  `${SAVE}
function log(error: unknown) {}
save().catch(log);`,
  `${SAVE}
save().catch(console.error);`,
  `${SAVE}
void save();`,
  `${SAVE}
import { track } from './tracker.js';
track(save());`,
  `${SAVE}
async function f() { await Promise.all([save(), save()]); }`,
  `${SAVE}
declare const ctx: { waitUntil(p: Promise<unknown>): void };
ctx.waitUntil(save());`,
  `${SAVE}
const f = async () => { const [a, b] = await Promise.all([save(), save()]); return [a, b]; };`,
  `${SAVE}
const f = () => void save();`,
  `${SAVE}
save().then(undefined, () => {});`,
  `${SAVE}
save().then(...handlers);`,
  `${SAVE}
cond ? save().catch(() => {}) : null;`,
  `${SAVE}
flag && save().catch(() => {});`,
  // The IIFE's promise is handled.
  '(async () => { await work(); })().catch(() => {});',
];

ruleTester.run('no-unmanaged-promises: handled', rule, {
  valid: handled,
  invalid: [
    // Conditional, logical, sequence and optional-chain branches are each checked.
    {
      code: `${SAVE}
cond ? save() : null;`,
      errors: [
        unhandled(
          2,
          `${SAVE}
cond ? save() : null;`,
          'cond ? save() : null',
          [
            {
              messageId: 'suggestAwait',
              output: `${SAVE}
await (cond ? save() : null);`,
            },
            {
              messageId: 'suggestVoid',
              output: `${SAVE}
void (cond ? save() : null);`,
            },
          ],
        ),
      ],
    },
    {
      code: `${SAVE}
cond ? null : save();`,
      errors: [
        {
          messageId: 'unhandled',
          line: 2,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${SAVE}
await (cond ? null : save());`,
            },
            {
              messageId: 'suggestVoid',
              output: `${SAVE}
void (cond ? null : save());`,
            },
          ],
        },
      ],
    },
    {
      code: `${SAVE}
cond ? save().catch(() => {}) : save();`,
      errors: [
        {
          messageId: 'unhandled',
          line: 2,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${SAVE}
await (cond ? save().catch(() => {}) : save());`,
            },
            {
              messageId: 'suggestVoid',
              output: `${SAVE}
void (cond ? save().catch(() => {}) : save());`,
            },
          ],
        },
      ],
    },
    {
      code: `${SAVE}
flag && save();`,
      errors: [
        {
          messageId: 'unhandled',
          line: 2,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${SAVE}
await (flag && save());`,
            },
            {
              messageId: 'suggestVoid',
              output: `${SAVE}
void (flag && save());`,
            },
          ],
        },
      ],
    },
    {
      code: `${SAVE}
cached ?? save();`,
      errors: [
        {
          messageId: 'unhandled',
          line: 2,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${SAVE}
await (cached ?? save());`,
            },
            {
              messageId: 'suggestVoid',
              output: `${SAVE}
void (cached ?? save());`,
            },
          ],
        },
      ],
    },
    {
      code: `${SAVE}
save() || other;`,
      errors: [
        {
          messageId: 'unhandled',
          line: 2,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${SAVE}
await (save() || other);`,
            },
            {
              messageId: 'suggestVoid',
              output: `${SAVE}
void (save() || other);`,
            },
          ],
        },
      ],
    },
    {
      code: `${SAVE}
log(), save();`,
      errors: [
        {
          messageId: 'unhandled',
          line: 2,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${SAVE}
await (log(), save());`,
            },
            {
              messageId: 'suggestVoid',
              output: `${SAVE}
void (log(), save());`,
            },
          ],
        },
      ],
    },
    {
      code: `${SAVE}
save(), log();`,
      errors: [
        {
          messageId: 'unhandled',
          line: 2,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${SAVE}
await (save(), log());`,
            },
            {
              messageId: 'suggestVoid',
              output: `${SAVE}
void (save(), log());`,
            },
          ],
        },
      ],
    },
    {
      code: `${SAVE}
declare const repo: { save?: () => Promise<void> } | undefined;
repo?.save?.().then(() => {});`,
      errors: [
        unhandled(
          3,
          `${SAVE}
declare const repo: { save?: () => Promise<void> } | undefined;
repo?.save?.().then(() => {});`,
          'repo?.save?.().then(() => {})',
        ),
      ],
    },
    // A rejection handler that is not a function is ignored at run time.
    {
      code: `${SAVE}
save().catch(null);`,
      errors: [
        unhandledNonFunctionHandler(
          2,
          `${SAVE}
save().catch(null);`,
          'save().catch(null)',
        ),
      ],
    },
    {
      code: `${SAVE}
save().catch(undefined);`,
      errors: [
        unhandledNonFunctionHandler(
          2,
          `${SAVE}
save().catch(undefined);`,
          'save().catch(undefined)',
        ),
      ],
    },
    {
      code: `${SAVE}
save().catch('ignore');`,
      errors: [
        unhandledNonFunctionHandler(
          2,
          `${SAVE}
save().catch('ignore');`,
          "save().catch('ignore')",
        ),
      ],
    },
    {
      code: `${SAVE}
save().then(() => {}, 42);`,
      errors: [
        unhandledNonFunctionHandler(
          2,
          `${SAVE}
save().then(() => {}, 42);`,
          'save().then(() => {}, 42)',
        ),
      ],
    },
    {
      code: `${SAVE}
save().then(() => {}, {});`,
      errors: [
        unhandledNonFunctionHandler(
          2,
          `${SAVE}
save().then(() => {}, {});`,
          'save().then(() => {}, {})',
        ),
      ],
    },
    {
      code: `${SAVE}
const handler = null;
save().catch(handler);`,
      errors: [
        unhandledNonFunctionHandler(
          3,
          `${SAVE}
const handler = null;
save().catch(handler);`,
          'save().catch(handler)',
        ),
      ],
    },
    {
      code: `${SAVE}
class Handler {}
save().catch(Handler);`,
      errors: [
        unhandledNonFunctionHandler(
          3,
          `${SAVE}
class Handler {}
save().catch(Handler);`,
          'save().catch(Handler)',
        ),
      ],
    },
    // No rejection handler at all.
    {
      code: `${SAVE}
save().catch();`,
      errors: [
        unhandled(
          2,
          `${SAVE}
save().catch();`,
          'save().catch()',
        ),
      ],
    },
    {
      code: `${SAVE}
save().then(() => {});`,
      errors: [
        unhandled(
          2,
          `${SAVE}
save().then(() => {});`,
          'save().then(() => {})',
        ),
      ],
    },
    // `.finally` is transparent.
    {
      code: `${SAVE}
save().finally(() => {});`,
      errors: [
        unhandled(
          2,
          `${SAVE}
save().finally(() => {});`,
          'save().finally(() => {})',
        ),
      ],
    },
    {
      code: `${SAVE}
save().then(() => {}).finally(() => {});`,
      errors: [
        unhandled(
          2,
          `${SAVE}
save().then(() => {}).finally(() => {});`,
          'save().then(() => {}).finally(() => {})',
        ),
      ],
    },
    // A rejection handler before `.then` does not handle what `.then` throws.
    {
      code: `${SAVE}
save().catch(() => {}).then(() => work());`,
      errors: [
        unhandled(
          2,
          `${SAVE}
save().catch(() => {}).then(() => work());`,
          'save().catch(() => {}).then(() => work())',
        ),
      ],
    },
    // Async IIFEs (ignoreIIFE: false by default).
    {
      code: '(async () => { await work(); })();',
      errors: [unhandled(1, '(async () => { await work(); })();', '(async () => { await work(); })()')],
    },
    {
      code: '(async function () { await work(); })();',
      errors: [unhandled(1, '(async function () { await work(); })();', '(async function () { await work(); })()')],
    },
    { code: '(() => fetch("x"))();', errors: [unhandled(1, '(() => fetch("x"))();', '(() => fetch("x"))()')] },
    // Not in an async function: no `await` suggestion.
    {
      code: `${SAVE}
function f() {
  save();
}`,
      errors: [
        unhandled(
          3,
          `${SAVE}
function f() {
  save();
}`,
          'save()',
          ['void'],
        ),
      ],
    },
    {
      code: `${SAVE}
class C { field = () => { save(); }; }`,
      errors: [
        unhandled(
          2,
          `${SAVE}
class C { field = () => { save(); }; }`,
          'save()',
          ['void'],
        ),
      ],
    },
    {
      code: `${SAVE}
class C { static { save(); } }`,
      errors: [
        unhandled(
          2,
          `${SAVE}
class C { static { save(); } }`,
          'save()',
          ['void'],
        ),
      ],
    },
    // In an async function: both.
    {
      code: `${SAVE}
async function f() {
  save();
}`,
      errors: [
        unhandled(
          3,
          `${SAVE}
async function f() {
  save();
}`,
          'save()',
        ),
      ],
    },
    // Class methods through `this`, arrows keep `this`.
    {
      code: `class Job {
  async step() { await work(); }
  run() {
    this.step();
    const later = () => this.step();
    setTimeout(() => { this.step(); }, 1);
  }
}`,
      errors: [
        unhandled(
          4,
          `class Job {
  async step() { await work(); }
  run() {
    this.step();
    const later = () => this.step();
    setTimeout(() => { this.step(); }, 1);
  }
}`,
          '    this.step();',
          [
            {
              messageId: 'suggestVoid',
              output: `class Job {
  async step() { await work(); }
  run() {
    void this.step();
    const later = () => this.step();
    setTimeout(() => { this.step(); }, 1);
  }
}`,
            },
          ],
        ),
        {
          messageId: 'unhandled',
          line: 6,
          suggestions: [
            {
              messageId: 'suggestVoid',
              output: `class Job {
  async step() { await work(); }
  run() {
    this.step();
    const later = () => this.step();
    setTimeout(() => { void this.step(); }, 1);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `class Job {
  static async step() { await work(); }
  static { this.step(); }
}`,
      errors: [
        {
          messageId: 'unhandled',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestVoid',
              output: `class Job {
  static async step() { await work(); }
  static { void this.step(); }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `const api = {
  async load() { await work(); },
  refresh() { this.load(); },
};`,
      errors: [
        {
          messageId: 'unhandled',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestVoid',
              output: `const api = {
  async load() { await work(); },
  refresh() { void this.load(); },
};`,
            },
          ],
        },
      ],
    },
    // ignoreVoid: false reports `void p`, and `() => void p`.
    {
      code: `${SAVE}
void save();`,
      options: [{ ignoreVoid: false }],
      errors: [
        {
          messageId: 'unhandled',
          line: 2,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${SAVE}
await save();`,
            },
          ],
        },
      ],
    },
    {
      code: `${SAVE}
const f = () => void save();`,
      options: [{ ignoreVoid: false }],
      errors: [{ messageId: 'unhandled', line: 2, column: 17, suggestions: [] }],
    },
    {
      code: `${SAVE}
save();`,
      options: [{ ignoreVoid: false }],
      errors: [
        unhandled(
          2,
          `${SAVE}
save();`,
          'save()',
          ['await'],
        ),
      ],
    },
  ],
});

// ———————————————————————————————— untracked: entrypoints and MainContext ————————————————————————————————
const entrypoint = (body: string): string => `${ENTRY}
${SAVE}
${body}`;

ruleTester.run('no-unmanaged-promises: untracked', rule, {
  valid: [
    // Not an entrypoint, no MainContext: handled promises are fine.
    `${SAVE}
export function start() { save().catch(() => {}); }`,
    `${SAVE}
export function start() { void save(); }`,
    // The entrypoint's root call is the program's lifetime.
    entrypoint(
      `async function main() { await work(); }
main().catch((error) => { console.error(error); process.exitCode = 1; });`,
    ),
    entrypoint(`async function main() { await work(); }
void main();`),
    `${SAVE}
async function main() { await work(); }
main().catch(console.error);`,
    entrypoint(`(async () => { await save(); })().catch(console.error);`),
    entrypoint(`void (async () => { await save(); })();`),
    `async function main() { await work(); }
if (require.main === module) {
  main().catch(console.error);
}`,
    `async function main() { await work(); }
require.main === module && main().catch(console.error);`,
    entrypoint(`import { run } from './app.js';
run().catch(console.error);`),
    // Any top-level `f().catch(…)` / `void f()` of the program's own functions is a root call
    // (docs/architecture.md §4).
    entrypoint(`save().catch(() => {});`),
    entrypoint(`void save();`),
    // Awaited or tracked in an entrypoint.
    entrypoint(`await save();`),
    entrypoint(
      `import { runMain } from './graceful-shutdown.js';
runMain(async ({ track }) => { track(save().catch(() => {})); });`,
    ),
    // `p.catch(fn)` on a promise that is awaited, tracked or handed over elsewhere.
    entrypoint(`const p = save();
p.catch(() => {});
await p;`),
    entrypoint(
      `async function main() {
  const p = save();
  p.catch(() => {});
  await Promise.all([p]);
}`,
    ),
    entrypoint(
      `function start(track: (p: Promise<void>) => void) {
  const p = save();
  p.catch(() => {});
  track(p);
}`,
    ),
    entrypoint(`function start() {
  const p = save();
  p.catch(() => {});
  return p;
}`),
    entrypoint(`function start(queue: Promise<void>[]) {
  const p = save();
  void p;
  queue.push(p);
}`),
    // checkUntracked: 'never'.
    { code: entrypoint(`save().catch(() => {});`), options: [{ checkUntracked: 'never' }] },
    {
      code: `import type { MainContext } from './graceful-shutdown.js';
${SAVE}
export async function main(ctx: MainContext) { void save(); }`,
      options: [{ checkUntracked: 'never' }],
    },
    // A library file with a plain helper: nothing to track into.
    {
      code: `${SAVE}
export const warm = () => { save().catch(() => {}); };`,
      filename: libFile,
    },
    // A top-level chain whose rejection handler exits: the program's whole work, written without a `main`.
    entrypoint(
      `import { Migration } from './migration.js';
Migration.create(process.argv[2]!)
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });`,
    ),
    // Off main's own path (a helper, an interval, a request handler) with no tracker in scope: a
    // handled promise there cannot be tracked without restructuring (docs/architecture.md, "managed").
    entrypoint(`export function warm() {
  save().catch(() => {});
}`),
    entrypoint(
      `const sessions = new Map<string, { close(): Promise<void> }>();
setInterval(() => {
  for (const session of sessions.values()) session.close().catch(console.error);
}, 60_000).unref();`,
    ),
    entrypoint(
      `import express from 'express';
const app = express();
app.post('/notify', async (req, res) => {
  save(req.body).catch((error) => console.error(error));
  res.sendStatus(202);
});
app.listen(3000);`,
    ),
  ],
  invalid: [
    (() => {
      const code = entrypoint(`function warm() {
  save().catch(() => {});
}
warm();`);
      return { name: 'shebang entrypoint', code, errors: [untracked(4, code, 'save().catch(() => {})', [])] };
    })(),
    (() => {
      const code = entrypoint(
        `import { Migration } from './migration.js';
Migration.create(process.argv[2]!).catch((error) => console.error(error));`,
      );
      return {
        name: 'a top-level chain whose rejection handler does not exit: background work',
        code,
        errors: [untracked(4, code, 'Migration.create(process.argv[2]!).catch((error) => console.error(error))')],
      };
    })(),
    (() => {
      const code = entrypoint(
        `import { track } from './graceful-shutdown.js';
export function warm() {
  save().catch(() => {});
}`,
      );
      return {
        name: "off main's path, with a tracker in scope",
        code,
        errors: [untracked(5, code, 'save().catch(() => {})', [['track', 'track']])],
      };
    })(),
    (() => {
      const code = entrypoint(`export function warm() {
  save().catch(() => {});
}`);
      return {
        name: "off main's path, with checkUntracked: 'always'",
        code,
        options: [{ checkUntracked: 'always' as const }],
        errors: [untrackedAlways(4, code, 'save().catch(() => {})', [])],
      };
    })(),
    (() => {
      const code = entrypoint(`export async function warm() {
  void save();
}`);
      return { name: 'void in an entrypoint', code, errors: [untracked(4, code, 'void save()')] };
    })(),
    (() => {
      const code = entrypoint(
        `async function main() {
  save().then(() => {}, console.error);
}
main().catch(console.error);`,
      );
      return {
        name: 'inside main of an entrypoint',
        code,
        errors: [untracked(4, code, 'save().then(() => {}, console.error)')],
      };
    })(),
    (() => {
      const code = entrypoint(
        `fetch('https://example.com/ping').catch(() => {});
async function main() { await work(); }
main().catch(console.error);`,
      );
      return {
        name: 'a top-level fetch is background work, not the root call',
        code,
        errors: [untracked(3, code, "fetch('https://example.com/ping').catch(() => {})")],
      };
    })(),
    (() => {
      const code = entrypoint(`const p = save();
p.catch(() => {});
p.catch(() => {});`);
      return {
        name: 'a promise only ever caught',
        code,
        errors: [
          {
            messageId: 'untracked' as const,
            line: 4,
            suggestions: [
              {
                messageId: 'suggestAwait' as const,
                output: `${ENTRY}
${SAVE}
const p = save();
await p.catch(() => {});
p.catch(() => {});`,
              },
            ],
          },
          {
            messageId: 'untracked' as const,
            line: 5,
            suggestions: [
              {
                messageId: 'suggestAwait' as const,
                output: `${ENTRY}
${SAVE}
const p = save();
p.catch(() => {});
await p.catch(() => {});`,
              },
            ],
          },
        ],
      };
    })(),
    (() => {
      const code = `${SAVE}
async function main() {
  save().catch(console.error);
}
if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  main().catch(console.error);
}`;
      return { name: 'main guard', code, errors: [untracked(3, code, 'save().catch(console.error)')] };
    })(),
    (() => {
      const code = `${SAVE}
function sync() {
  save().catch(() => {});
}
sync();`;
      return {
        name: 'package.json bin',
        code,
        filename: binFile,
        errors: [untracked(3, code, 'save().catch(() => {})', [])],
      };
    })(),
    (() => {
      const code = `${SAVE}
function nightly() {
  save().catch(() => {});
}
nightly();`;
      return {
        name: 'settings glob',
        code,
        // Globs resolve against ESLint's cwd, which RuleTester sets to the file system root.
        filename: path.join(projectDir, 'jobs', 'nightly-report.ts'),
        settings: { 'graceful-shutdown': { entrypoints: ['**/jobs/nightly-*.ts'] } },
        errors: [untracked(3, code, 'save().catch(() => {})', [])],
      };
    })(),
    (() => {
      const code = `${SAVE}
export function later() { save().catch(() => {}); }`;
      return {
        name: "checkUntracked: 'always'",
        code,
        options: [{ checkUntracked: 'always' as const }],
        errors: [{ messageId: 'untrackedAlways' as const, line: 2, suggestions: [] }],
      };
    })(),
    // MainContext in scope, in a library file: suggestions call the tracker in scope.
    (() => {
      const code = `import type { MainContext } from './graceful-shutdown.js';
${SAVE}
export async function main(ctx: MainContext) {
  save().catch(() => {});
}`;
      return {
        name: 'a MainContext parameter',
        code,
        filename: libFile,
        errors: [untrackedInMainContext(4, code, 'save().catch(() => {})', ['await', ['track', 'ctx.track']])],
      };
    })(),
    (() => {
      const code = `${SAVE}
export async function main({ track, signal }: { track: (p: Promise<unknown>) => void; signal: AbortSignal }) {
  void save();
}`;
      return {
        name: 'a destructured track',
        code,
        errors: [untrackedInMainContext(3, code, 'void save()', ['await', ['track', 'track']])],
      };
    })(),
    (() => {
      const code = `${SAVE}
export function main({ track: keep }: { track: (p: Promise<unknown>) => void }) {
  const inner = () => { save().catch(() => {}); };
  inner();
}`;
      return {
        name: 'nested function, renamed track, no await',
        code,
        errors: [untrackedInMainContext(3, code, 'save().catch(() => {})', [['track', 'keep']])],
      };
    })(),
    (() => {
      const code = `import { runMain } from './graceful-shutdown.js';
${SAVE}
runMain(async (ctx) => {
  save().catch(() => {});
});`;
      return {
        name: 'the function passed to runMain',
        code,
        errors: [untrackedInMainContext(4, code, 'save().catch(() => {})', ['await', ['track', 'ctx.track']])],
      };
    })(),
    (() => {
      const code = `import { runMain } from './graceful-shutdown.js';
${SAVE}
runMain(async () => {
  save().catch(() => {});
});`;
      return {
        name: 'runMain without a parameter: no tracker to suggest',
        code,
        errors: [untrackedInMainContext(4, code, 'save().catch(() => {})', ['await'])],
      };
    })(),
    (() => {
      const code = `import type { MainContext } from './graceful-shutdown.js';
${SAVE}
export async function main(ctx: MainContext) {
  save();
}`;
      return {
        name: 'unhandled inside a MainContext: track suggested, not void (void would be untracked there)',
        code,
        filename: libFile,
        errors: [unhandled(4, code, 'save()', ['await', ['track', 'ctx.track']])],
      };
    })(),
    (() => {
      const code = `import { schedule } from './jobs.js';
${SAVE}
export function later() {
  save();
}`;
      return {
        name: 'a configured tracker in scope',
        code,
        options: [{ trackers: ['schedule'] }],
        errors: [unhandled(4, code, 'save()', [['track', 'schedule'], 'void'])],
      };
    })(),
    (() => {
      const code = `${SAVE}
class Service {
  pending = new Set<Promise<unknown>>();
  poke() { save().catch(() => {}); }
}`;
      return {
        name: "a member-path tracker, checkUntracked: 'always'",
        code,
        options: [{ trackers: ['this.pending.add'], checkUntracked: 'always' as const }],
        errors: [untrackedAlways(4, code, 'save().catch(() => {})', [['track', 'this.pending.add']])],
      };
    })(),
    (() => {
      const code = `${ENTRY}
const fsp = require('node:fs/promises');
fsp.rm('tmp', { recursive: true }).catch(() => {});`;
      return {
        name: 'CommonJS entrypoint: no top-level await',
        code,
        filename: path.join(projectDir, 'bin', 'clean.cts'),
        errors: [{ messageId: 'untracked' as const, line: 3, suggestions: [] }],
      };
    })(),
  ],
});

// A callee that cannot reject: its whole body is one try/catch that neither rethrows nor awaits in the catch.
const REPORTS_ITS_ERRORS = `async function refresh(url: string) {
  try {
    await fetch(url);
  } catch (error) {
    console.error('refresh failed', error);
  }
}`;

ruleTester.run('no-unmanaged-promises: callees that cannot reject', rule, {
  valid: [
    // Outside entrypoints and MainContext scope: nothing to handle, nothing to wait for.
    `${REPORTS_ITS_ERRORS}
export function onChange(url: string) {
  refresh(url);
}`,
    // In an entrypoint, off main's own path (a helper it exports), no tracker in scope.
    `#!/usr/bin/env node
${REPORTS_ITS_ERRORS}
export function onChange(url: string) {
  refresh(url);
}`,
    `export function start() {
  const poll = async () => {
    try {
      await fetch('/health');
    } catch {
      process.exitCode = 1;
    }
  };
  poll();
}`,
    `export function start() {
  (async () => {
    try {
      await fetch('/warm');
    } catch {}
  })();
}`,
    // A return of an awaited value or a literal stays inside the try.
    `async function load(url: string) {
  try {
    return await fetch(url);
  } catch {
    return null;
  }
}
export function warm() {
  load('/a');
}`,
  ],
  invalid: [
    (() => {
      const code = `#!/usr/bin/env node
${REPORTS_ITS_ERRORS}
function onChange(url: string) {
  refresh(url);
}
onChange(process.argv[2]!);`;
      return {
        name: "on an entrypoint's main path: untracked (shutdown will not wait for it), not unhandled",
        code,
        errors: [untracked(10, code, 'refresh(url)', [])],
      };
    })(),
    (() => {
      const code = `import type { MainContext } from './graceful-shutdown.js';
${REPORTS_ITS_ERRORS}
export async function main({ track }: MainContext) {
  refresh('/a');
}`;
      return {
        name: 'in MainContext scope: untracked, with track() suggested',
        code,
        filename: libFile,
        errors: [untrackedInMainContext(10, code, "refresh('/a')", ['await', ['track', 'track']])],
      };
    })(),
    (() => {
      const code = `async function rethrows(url: string) {
  try {
    await fetch(url);
  } catch (error) {
    console.error(error);
    throw error;
  }
}
export function onChange(url: string) {
  rethrows(url);
}`;
      return { name: 'a catch that rethrows', code, errors: [unhandled(10, code, 'rethrows(url)', ['void'])] };
    })(),
    (() => {
      const code = `async function report(url: string) {
  try {
    await fetch(url);
  } catch (error) {
    await fetch('/errors', { method: 'POST', body: String(error) });
  }
}
export function onChange(url: string) {
  report(url);
}`;
      return {
        name: 'a catch that awaits (it may reject)',
        code,
        errors: [unhandled(9, code, 'report(url)', ['void'])],
      };
    })(),
    (() => {
      const code = `async function load(url: string) {
  try {
    return fetch(url);
  } catch {
    return null;
  }
}
export function warm() {
  load('/a');
}`;
      return {
        name: 'a returned promise that is not awaited escapes the catch',
        code,
        errors: [unhandled(9, code, "load('/a')", ['void'])],
      };
    })(),
    (() => {
      const code = `async function cleanup(dir: string) {
  try {
    await fetch(dir);
  } catch {
  } finally {
    await fetch('/done');
  }
}
export function warm() {
  cleanup('/a');
}`;
      return { name: 'a finally block may reject', code, errors: [unhandled(10, code, "cleanup('/a')", ['void'])] };
    })(),
    (() => {
      const code = `async function partly(url: string) {
  await fetch('/first');
  try {
    await fetch(url);
  } catch {}
}
export function warm() {
  partly('/a');
}`;
      return {
        name: 'work outside the try may reject',
        code,
        errors: [unhandled(8, code, "partly('/a')", ['void'])],
      };
    })(),
    (() => {
      const code = `async function withDefaults({ url }: { url: string }) {
  try {
    await fetch(url);
  } catch {}
}
export function warm() {
  withDefaults({ url: '/a' });
}`;
      return {
        name: 'a destructured parameter can throw before the try',
        code,
        errors: [unhandled(7, code, "withDefaults({ url: '/a' })", ['void'])],
      };
    })(),
  ],
});

// Cannot reject, beyond one try/catch (detection/cannot-reject.ts): each pattern and a neighbour that can reject.
ruleTester.run('no-unmanaged-promises: what cannot reject', rule, {
  valid: [
    // In an entrypoint, but off main's own path with no tracker in scope: nothing to track into.
    `#!/usr/bin/env node
async function refresh(url?: string) {
  if (!url) return;
  try {
    await fetch(url);
  } catch {}
}
export function onChange(url?: string) {
  refresh(url);
}`,
    // A guard or an early return before the try: synchronous checks reject nothing.
    `async function refresh(url?: string) {
  if (!url) return;
  try {
    await fetch(url);
  } catch (error) {
    console.error(error);
  }
}
export function onChange(url?: string) {
  refresh(url);
}`,
    // Several try blocks in a row, each catching.
    `async function sync() {
  try {
    await fetch('/pull');
  } catch {}
  try {
    await fetch('/push');
  } catch (error) {
    console.error(error);
  }
}
export function start() {
  sync();
}`,
    // Awaiting only callees that cannot reject, transitively; a class method through \`this\`.
    `class Poller {
  async tick() {
    await this.fetchOnce();
    await this.report();
  }
  async fetchOnce() {
    try {
      await fetch('/tick');
    } catch {}
  }
  async report() {
    console.log('ticked');
  }
  start() {
    this.tick();
  }
}`,
    // An async function without an await and nothing that throws.
    `const controller = new AbortController();
async function cancel() {
  controller.abort();
}
export function stop() {
  cancel();
}`,
    // A .catch(handler) inside: the awaited chain cannot reject.
    `async function send(message: string) {
  await fetch('/send', { method: 'POST', body: message }).catch((error) => console.error(error));
}
export function notify() {
  send('hello');
}`,
    // Promise.all over a map of callbacks that cannot reject; a local awaited value returned.
    `async function load(name: string) {
  let result;
  try {
    result = await fetch(name);
  } catch {}
  return result;
}
async function loadAll(names: string[]) {
  await Promise.all(names.map(async (name) => {
    await load(name);
  }));
}
export function warm(names: string[]) {
  loadAll(names);
}`,
    // Promises that cannot reject by construction, and a deliberate rejection.
    `export function settle(p: Promise<void>) {
  Promise.resolve(1);
  Promise.allSettled([p]);
  new Promise((resolve) => setTimeout(resolve, 10));
  Promise.reject(new Error('surfaced on purpose'));
}`,
    // `import(file)` alone loads a module as `require(file)` does: a failure to load must crash.
    `#!/usr/bin/env node
if (process.env.APP_PATH) {
  import(process.env.APP_PATH);
}`,
    // A dropped async callback that catches its own errors; a bound one.
    `async function onMessage(port: unknown, message: unknown) {
  try {
    await fetch('/task', { method: 'POST', body: String(message) });
  } catch (error) {
    console.error(error);
  }
}
export function listen(emitter: { on(event: string, f: (m: unknown) => void): void }) {
  setInterval(async () => {
    try {
      await fetch('/health');
    } catch {}
  }, 1000);
  emitter.on('message', onMessage.bind(null, 1));
}`,
  ],
  invalid: [
    (() => {
      const code = `async function refresh(url?: string) {
  if (!url) throw new Error('no url');
  try {
    await fetch(url);
  } catch {}
}
export function onChange(url?: string) {
  refresh(url);
}`;
      return { name: 'a throw before the try', code, errors: [unhandled(8, code, 'refresh(url)', ['void'])] };
    })(),
    (() => {
      const code = `async function sync() {
  try {
    await fetch('/pull');
  } catch {}
  try {
    await fetch('/push');
  } finally {
    console.log('done');
  }
}
export function start() {
  sync();
}`;
      return { name: 'a second try without catch', code, errors: [unhandled(12, code, 'sync()', ['void'])] };
    })(),
    (() => {
      const code = `class Poller {
  async tick() {
    await this.fetchOnce();
  }
  async fetchOnce() {
    try {
      await fetch('/tick');
    } catch (error) {
      throw new Error('tick failed', { cause: error });
    }
  }
  start() {
    this.tick();
  }
}`;
      return {
        name: 'awaiting a callee whose catch rethrows',
        code,
        errors: [unhandled(13, code, 'this.tick()', ['void'])],
      };
    })(),
    (() => {
      const code = `let controller: AbortController | undefined;
async function cancel() {
  if (!controller) throw new Error('not started');
  controller.abort();
}
export function stop() {
  cancel();
}`;
      return { name: 'no await, but a throw', code, errors: [unhandled(7, code, 'cancel()', ['void'])] };
    })(),
    (() => {
      const code = `async function send(message: string) {
  await fetch('/send', { method: 'POST', body: message }).catch((error) => {
    throw new Error('send failed', { cause: error });
  });
}
export function notify() {
  send('hello');
}`;
      return { name: 'a .catch handler that throws', code, errors: [unhandled(7, code, "send('hello')", ['void'])] };
    })(),
    {
      name: 'a dropped async callback with an await outside its try',
      code: `export function listen() {
  setInterval(async () => {
    await fetch('/health');
  }, 1000);
}`,
      errors: [error('droppedAsyncCallback', 2, 15)],
    },
    (() => {
      const code = `#!/usr/bin/env node
async function refresh(url?: string) {
  if (!url) return;
  try {
    await fetch(url);
  } catch {}
}
async function main() {
  refresh(process.env.URL);
}
main().catch(console.error);`;
      return {
        name: "on an entrypoint's main path: untracked (shutdown will not wait for it)",
        code,
        errors: [untracked(9, code, 'refresh(process.env.URL)')],
      };
    })(),
  ],
});

// ———————————————————————————————— unusedPromise ————————————————————————————————
ruleTester.run('no-unmanaged-promises: unusedPromise', rule, {
  valid: [
    `${SAVE}
async function f() { const p = save(); await p; }`,
    `${SAVE}
const p = save();
export { p };`,
    `${SAVE}
export const ready = save();`,
    `${SAVE}
async function f() { const value = await save(); }`,
    `${SAVE}
function f() { const p = save(); return p; }`,
    `${SAVE}
function f(log: (x: unknown) => void) { const p = save(); log(p); }`,
    `function compute() { return 1; }
const unused = compute();`,
    `${SAVE}
const { a } = { a: save() };`,
    `${SAVE}
function f() { const p = save(); p.catch(() => {}); }`,
  ],
  invalid: [
    {
      code: `${SAVE}
const p = save();`,
      errors: [error('unusedPromise', 2, 7)],
    },
    {
      code: `${SAVE}
function f() {
  let pending = save();
}`,
      errors: [error('unusedPromise', 3, 7)],
    },
    {
      code: `${SAVE}
function f() {
  let pending = save();
  pending = save();
}`,
      errors: [error('unusedPromise', 3, 7)],
    },
    {
      code: "const response = fetch('https://example.com').catch(() => undefined);",
      errors: [error('unusedPromise', 1, 7)],
    },
    {
      code: `${SAVE}
const all = [1, 2].map(async () => save());`,
      errors: [error('unusedPromise', 2, 7)],
    },
    {
      code: `import { once } from 'node:events';
const closed = once(server, 'close');`,
      errors: [error('unusedPromise', 2, 7)],
    },
    {
      code: `${SAVE}
const maybe = cond ? save() : undefined;`,
      errors: [error('unusedPromise', 2, 7)],
    },
  ],
});

// ———————————————————————————————— undrainedCollection ————————————————————————————————
ruleTester.run('no-unmanaged-promises: undrainedCollection', rule, {
  valid: [
    `${SAVE}
async function f() { const tasks = []; tasks.push(save()); await Promise.all(tasks); }`,
    `${SAVE}
async function f() { const tasks: Promise<void>[] = []; tasks.push(save()); await Promise.allSettled(tasks); }`,
    `${SAVE}
async function f() { const tasks = []; tasks.push(save()); await Promise.race([...tasks]); }`,
    `${SAVE}
async function f() { const tasks = []; tasks.push(save()); await Promise.all(tasks.splice(0)); }`,
    `${SAVE}
async function f() { const tasks = []; tasks.push(save()); await Promise.all(tasks.map((t) => t.catch(() => {}))); }`,
    `${SAVE}
function f() { const tasks = []; tasks.push(save()); return tasks; }`,
    `${SAVE}
function f(drain: (x: unknown) => void) { const tasks = []; tasks.push(save()); drain(tasks); }`,
    `${SAVE}
async function f() { const inflight = new Set(); inflight.add(save()); for await (const t of inflight) {} }`,
    `${SAVE}
async function f() { const inflight = new Set(); inflight.add(save()); for (const t of inflight) await t; }`,
    `${SAVE}
function f(track: (p: unknown) => void) { const tasks = []; tasks.push(save()); track(Promise.all(tasks)); }`,
    `${SAVE}
function f(queue: Promise<void>[]) { queue.push(save()); }`,
    `${SAVE}
class Pool { pending: Promise<void>[] = []; run() { this.pending.push(save()); } }`,
    `const names = [];
names.push('x');`,
    `${SAVE}
export const tasks = [];
tasks.push(save());`,
    `${SAVE}
function f() { const tasks = []; tasks.push(save()); tasks.forEach((t) => t.catch(() => {})); }`,
    `${SAVE}
function f() { const state = { tasks: [] as Promise<void>[] }; state.tasks.push(save()); }`,
  ],
  invalid: [
    {
      code: `${SAVE}
function f() {
  const tasks = [];
  tasks.push(save());
}`,
      errors: [error('undrainedCollection', 4, 3)],
    },
    {
      code: `${SAVE}
function f() {
  const inflight = new Set<Promise<void>>();
  inflight.add(save());
  inflight.add(save());
  return inflight.size;
}`,
      errors: [error('undrainedCollection', 4), error('undrainedCollection', 5)],
    },
    {
      code: `${SAVE}
function f() {
  const tasks: Promise<void>[] = [];
  tasks.unshift(save().catch(() => {}));
  console.log(tasks.length);
}`,
      errors: [error('undrainedCollection', 4)],
    },
    {
      code: `${SAVE}
function f(items: string[]) {
  const tasks = [];
  for (const item of items) tasks.push(fetch(item));
  if (tasks.includes(tasks[0]!)) return;
}`,
      errors: [error('undrainedCollection', 4)],
    },
    {
      code: `${SAVE}
function f() {
  const tasks = new Array();
  tasks.push(...[save(), save()]);
}`,
      errors: [error('undrainedCollection', 4)],
    },
  ],
});

// ———————————————————————————————— promiseArray ————————————————————————————————
ruleTester.run('no-unmanaged-promises: promiseArray', rule, {
  valid: [
    `${SAVE}
async function f() { await Promise.all([save(), save()]); }`,
    `${SAVE}
const f = () => [save(), save()];`,
    `${SAVE}
void [save(), save()];`,
    '[1, 2].map((x) => x * 2);',
    `${SAVE}
function f() { [1, 2].map((x) => { save().catch(() => {}); }); }`,
  ],
  invalid: [
    {
      code: `${SAVE}
[save(), save()];`,
      errors: [error('promiseArray', 2, 1)],
    },
    {
      code: `${SAVE}
[1, 2].map(async (x) => x);`,
      errors: [error('promiseArray', 2)],
    },
    {
      code: `${SAVE}
[1, 2].map(() => save());`,
      errors: [error('promiseArray', 2)],
    },
    {
      code: `${SAVE}
[1, 2].flatMap(async () => [save()]);`,
      errors: [error('promiseArray', 2)],
    },
    {
      code: `${SAVE}
Array.from(ids, async (id) => id);`,
      errors: [error('promiseArray', 2)],
    },
    {
      code: `${SAVE}
[...[save()]];`,
      errors: [error('promiseArray', 2)],
    },
    {
      code: `${SAVE}
void [save(), save()];`,
      options: [{ ignoreVoid: false }],
      errors: [error('promiseArray', 2)],
    },
    {
      code: `${SAVE}
async function f() { await [save(), save()]; }`,
      errors: [error('promiseArray', 2, 22)],
    },
    {
      code: `${ENTRY}
${SAVE}
void [save()];`,
      errors: [
        {
          messageId: 'untracked',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `${ENTRY}
${SAVE}
await Promise.all([save()]);`,
            },
          ],
        },
      ],
    },
  ],
});

// ———————————————————————————————— droppedAsyncCallback ————————————————————————————————
ruleTester.run('no-unmanaged-promises: droppedAsyncCallback', rule, {
  valid: [
    '[1, 2].forEach((x) => console.log(x));',
    `${SAVE}
async function f() { for (const x of [1, 2]) await save(); }`,
    `${SAVE}
async function f() { await Promise.all([1, 2].map(async () => save())); }`,
    // Process signal listeners belong to require-signal-cancellation.
    "process.on('SIGINT', async () => { await flush(); });",
    "process.once('SIGTERM', async () => { await work(); });",
    "for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, async () => { await work(); });",
    "['SIGINT', 'SIGTERM'].forEach((signal) => process.on(signal, async () => { await work(); }));",
    `async function shutdown() { await work(); }
process.on('SIGTERM', shutdown);`,
    `function main() {
  const signals = ['SIGINT', 'SIGTERM'];
  for (const s of signals) process.on(s, async () => { await work(); });
}`,
    // timers/promises' setTimeout takes a delay, not a callback.
    `import { setTimeout } from 'node:timers/promises';
async function f() { await setTimeout(10); }`,
    'setTimeout(() => {}, 10);',
    "emitter.on('data', (chunk) => console.log(chunk));",
    `function onData() {}
emitter.on('data', onData);`,
    "emitter.on('data', async function* () {});",
  ],
  invalid: [
    { code: '[1, 2].forEach(async (x) => { await x; });', errors: [error('droppedAsyncCallback', 1, 16)] },
    {
      code: `${SAVE}
items.forEach(save);`,
      errors: [error('droppedAsyncCallback', 2, 15)],
    },
    {
      code: `${SAVE}
items.forEach((item) => save());`,
      errors: [error('droppedAsyncCallback', 2, 15)],
    },
    { code: 'setInterval(async () => { await poll(); }, 1000);', errors: [error('droppedAsyncCallback', 1, 13)] },
    { code: 'setTimeout(async () => { await work(); }, 10);', errors: [error('droppedAsyncCallback', 1, 12)] },
    {
      code: 'globalThis.setTimeout(async () => { await work(); }, 10);',
      errors: [error('droppedAsyncCallback', 1, 23)],
    },
    {
      code: `import { setInterval } from 'node:timers';
setInterval(async () => { await work(); }, 10);`,
      errors: [error('droppedAsyncCallback', 2, 13)],
    },
    { code: 'setImmediate(async () => { await work(); });', errors: [error('droppedAsyncCallback', 1, 14)] },
    { code: 'queueMicrotask(async () => { await work(); });', errors: [error('droppedAsyncCallback', 1, 16)] },
    { code: 'process.nextTick(async () => { await work(); });', errors: [error('droppedAsyncCallback', 1, 18)] },
    {
      code: "emitter.on('data', async (chunk) => { await write(chunk); });",
      errors: [error('droppedAsyncCallback', 1, 20)],
    },
    { code: "emitter.once('ready', async () => { await work(); });", errors: [error('droppedAsyncCallback', 1, 23)] },
    {
      code: "emitter.addListener('x', async () => { await work(); });",
      errors: [error('droppedAsyncCallback', 1, 26)],
    },
    {
      code: "emitter.prependListener('x', async () => { await work(); });",
      errors: [error('droppedAsyncCallback', 1, 30)],
    },
    {
      code: "signal.addEventListener('abort', async () => { await work(); });",
      errors: [error('droppedAsyncCallback', 1, 34)],
    },
    {
      code: `async function onRequest() { await work(); }
server.on('request', onRequest);`,
      errors: [error('droppedAsyncCallback', 2, 22)],
    },
    // Process events that are not signals are ordinary emitters.
    { code: "process.on('exit', async () => { await flush(); });", errors: [error('droppedAsyncCallback', 1, 20)] },
    {
      code: "process.on('uncaughtException', async (error) => { await report(error); });",
      errors: [error('droppedAsyncCallback', 1, 33)],
    },
  ],
});

// ———————————————————————————————— options ————————————————————————————————
ruleTester.run('no-unmanaged-promises: options', rule, {
  valid: [
    { code: '(async () => { await work(); })();', options: [{ ignoreIIFE: true }] },
    { code: '(async function () { await 1; })();', options: [{ ignoreIIFE: true }] },
    {
      code: `${SAVE}
save();`,
      options: [{ allowForKnownSafeCalls: ['save'] }],
    },
    {
      code: `import { fireAndForget } from './queue.js';
${SAVE}
fireAndForget(save());`,
      options: [{ allowForKnownSafeCalls: [{ from: 'package', name: 'fireAndForget', package: './queue.js' }] }],
    },
    {
      code: `${SAVE}
save();`,
      options: [{ allowForKnownSafeCalls: [{ from: 'file', name: 'save' }] }],
    },
    { code: 'fetch("x");', options: [{ allowForKnownSafeCalls: [{ from: 'lib', name: 'fetch' }] }] },
    {
      code: `import { track } from './t.js';
${SAVE}
function f() { const tasks = []; tasks.push(save()); track(tasks); }`,
    },
    {
      code: `${SAVE}
function f(ctx: { defer(p: unknown): void }) { const p = save(); p.catch(() => {}); ctx.defer(p); }`,
      options: [{ trackers: ['ctx.defer'], checkUntracked: 'always' }],
    },
  ],
  invalid: [
    // ignoreIIFE only skips the bare IIFE statement, as in typescript-eslint.
    {
      code: 'void (async () => { await work(); })();',
      options: [{ ignoreIIFE: true, ignoreVoid: false }],
      errors: [
        {
          messageId: 'unhandled',
          line: 1,
          suggestions: [{ messageId: 'suggestAwait', output: 'await (async () => { await work(); })();' }],
        },
      ],
    },
    {
      code: `${SAVE}
save();`,
      options: [{ allowForKnownSafeCalls: [{ from: 'lib', name: 'save' }] }],
      errors: [
        unhandled(
          2,
          `${SAVE}
save();`,
          'save()',
        ),
      ],
    },
    {
      code: `${SAVE}
save();`,
      options: [{ allowForKnownSafeCalls: [{ from: 'package', name: 'save', package: 'left-pad' }] }],
      errors: [
        unhandled(
          2,
          `${SAVE}
save();`,
          'save()',
        ),
      ],
    },
  ],
});

// ———————————————————————————————— file kinds: JSX, CJS, scripts ————————————————————————————————
ruleTester.run('no-unmanaged-promises: JSX and CommonJS', rule, {
  valid: [
    {
      code: `${SAVE}
export const Button = () => <button onClick={() => save().catch(() => {})}>Save</button>;`,
      filename: 'button.tsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    {
      code: `const fsp = require('fs/promises');
module.exports = async function copy() { await fsp.copyFile("a", "b"); };`,
      languageOptions: commonjs,
    },
  ],
  invalid: [
    (() => {
      const code = `${SAVE}
export const Button = () => <button onClick={() => { save(); }}>Save</button>;`;
      return {
        code,
        filename: 'button.tsx',
        languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
        errors: [unhandled(2, code, 'save()', ['void'])],
      };
    })(),
    (() => {
      const code = `const fsp = require('fs/promises');
fsp.writeFile('a', 'b');`;
      return {
        code,
        filename: 'script.cjs',
        languageOptions: commonjs,
        errors: [unhandled(2, code, "fsp.writeFile('a', 'b')", ['void'])],
      };
    })(),
    (() => {
      const code = `const { pipeline } = require('node:stream/promises');
module.exports = function copy(a, b) {
  pipeline(a, b);
};`;
      return {
        code,
        filename: 'copy.js',
        languageOptions: commonjs,
        errors: [unhandled(3, code, 'pipeline(a, b)', ['void'])],
      };
    })(),
  ],
});

// ———————————————————————————————— robustness: odd syntax never crashes ————————————————————————————————

ruleTester.run('no-unmanaged-promises: robustness', rule, {
  valid: [
    {
      code: `class A {
  async m() { await work(); }
  n = async () => { await this.m(); };
}`,
    },
    { code: 'export {};' },
    { code: '' },
    { code: '// only a comment' },
    {
      code: `"use strict";
module.exports = {};`,
      languageOptions: script,
    },
    { code: `var p = fetch("x");`, languageOptions: script },
    {
      code: `const el = <div>{items.map((item) => <Item key={item} />)}</div>;`,
      filename: 'list.tsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    },
  ],
  invalid: [
    {
      name: 'a grab-bag of odd syntax',
      code: grabBag,
      options: [{ checkUntracked: 'always' }],
      errors: [
        unhandled(15, grabBag, 'overload(1)'),
        error('unusedPromise', 20, 32),
        untrackedAlways(30, grabBag, 'obj.method?.().then?.(() => {}).catch?.(() => {})'),
        untrackedAlways(38, grabBag, 'inst.m().catch(() => {})'),
      ],
    },
  ],
});

// The codemod reuses the syntactic helpers on Babel ASTs (jscodeshift), without ESLint's scope analysis.
describe('promise-apis on both AST dialects', () => {
  const source = `import { readFile } from 'node:fs/promises';
const fsp = require('fs').promises;
async function save(...args: unknown[]) {}
const load = async () => {};
class Repo { static async find() {} async get() {} run() { this.get(); } }
const api = { async ping() {} };
save();
load().catch(() => {});
readFile('a');
fsp.stat('a');
Repo.find();
api.ping();
void save();
[save()];
console.log(1);
save().catch(null);
import('x');
track(save());
function shadow(fetch: (url: string) => void) { fetch('x'); }`;
  const expected = [
    '5:unhandled',
    '7:unhandled',
    '8:untracked',
    '9:unhandled',
    '10:unhandled',
    '11:unhandled',
    '12:unhandled',
    '13:untracked',
    '14:promiseArray',
    '15:-',
    '16:unhandled!',
    '17:unhandled',
    '18:-',
    '19:-',
  ];

  it.each(['tsx', 'ts', 'babylon', 'flow'])('classifies statements parsed by jscodeshift (%s)', (parser) => {
    const file = jscodeshift.withParser(parser)(source).paths()[0]!.node as unknown as { program: AnyNode };
    const { program } = file;
    const predicates = syntacticPredicates(scopeFromProgram(program), trackerList());
    const verdicts: string[] = [];
    walk(program, (node) => {
      if (node.type !== 'ExpressionStatement') return;
      const verdict = classifyFloating(node.expression as AnyNode, predicates, { ignoreVoid: true });
      verdicts.push(
        `${(node.loc as { start: { line: number } }).start.line}:${verdict?.kind ?? '-'}${verdict?.nonFunctionHandler ? '!' : ''}`,
      );
    });
    // Line 19: a name declared in the file (here a parameter) is never the global `fetch`.
    expect(verdicts).toEqual(expected);
  });
});

describe('no-unmanaged-promises: option schema', () => {
  const lint = (options: unknown): Linter.LintMessage[] =>
    new Linter({ configType: 'flat' }).verify(
      'fetch("x");',
      [{ files: ['**/*.js'], plugins: { gs: { rules: { r: rule as never } } }, rules: { 'gs/r': ['error', options] } }],
      { filename: 'a.js' },
    );

  it.each([
    [{ checkUntracked: 'sometimes' }],
    [{ trackers: 'track' }],
    [{ allowForKnownSafeCalls: [{ from: 'file' }] }],
    [{ allowForKnownSafeCalls: [{ from: 'package', name: 'x' }] }],
    [{ allowForKnownSafeCalls: [{ from: 'lib', name: 'x', path: 'y' }] }],
    [{ unknownOption: true }],
  ])('rejects %j', (options) => {
    expect(() => lint(options)).toThrow(/Key "gs\/r":/);
  });

  it.each([
    [
      {
        allowForKnownSafeCalls: [
          'x',
          { from: 'file', name: ['a', 'b'], path: 'src/a.ts' },
          { from: 'lib', name: 'fetch' },
          { from: 'package', name: 'x', package: 'y' },
        ],
      },
    ],
    [{ trackers: ['schedule', 'this.pending.add'], checkUntracked: 'always', ignoreVoid: false, ignoreIIFE: true }],
  ])('accepts %j', (options) => {
    expect(() => lint(options)).not.toThrow();
  });
});

describe('no-unmanaged-promises: helpers', () => {
  it('replaceOnce refuses ambiguous text', () => {
    expect(() => replaceOnce('a a', 'a', 'b')).toThrow();
  });
});
