/**
 * The shared entrypoint detector (docs/architecture.md §3), on its own: every criterion, every main-guard and
 * main-call spelling, and the negatives, each code case run through both AST dialects (ESTree from
 * typescript-estree and espree; Babel from jscodeshift's `ts`/`tsx`/`babylon` parsers).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jscodeshift from 'jscodeshift';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnyNode } from '../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import {
  detectEntrypoint,
  type EntrypointReasonKind,
  type EntrypointResult,
  findMainGuard,
  hasExports,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/entrypoint.js';
import {
  candidateSources,
  clearProjectCaches,
  readPackage,
  STAMP_TTL_MS,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/project.js';
import { scriptTargets } from '../../packages/eslint-plugin-graceful-shutdown/detection/script-commands.js';
import { type Dialect, dialectsFor, type ParseOptions, parseProgram } from '../support/parse-dialects.js';

/** Reason kinds, sorted and deduplicated, so a case states the exact set it expects. */
const kinds = (result: EntrypointResult): EntrypointReasonKind[] =>
  [...new Set(result.reasons.map((reason) => reason.kind))].sort();

function detect(
  dialect: Dialect,
  code: string,
  options: ParseOptions & { filename?: string; cwd?: string; globs?: string[] } = {},
): EntrypointResult {
  // Parsers get the text without its BOM (ESLint and the codemod strip it); the detector sees the original.
  const program = parseProgram(dialect, code.replace(/^\uFEFF/, ''), options);
  return detectEntrypoint({
    filename: options.filename ?? '<input>',
    program,
    text: code,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.globs === undefined ? {} : { globs: options.globs }),
  });
}

interface CodeCase extends ParseOptions {
  readonly name: string;
  readonly code: string;
  /** The exact set of reason kinds; `[]` for a non-entrypoint. */
  readonly expected: EntrypointReasonKind[];
}

/** Runs each case through every dialect that can parse it. */
function codeCases(title: string, cases: readonly CodeCase[]): void {
  describe(title, () => {
    for (const testCase of cases) {
      describe(testCase.name, () => {
        for (const dialect of dialectsFor(testCase)) {
          it(dialect, () => {
            const result = detect(dialect, testCase.code, testCase);
            expect(kinds(result)).toEqual([...testCase.expected].sort());
            expect(result.isEntrypoint).toBe(testCase.expected.length > 0);
          });
        }
      });
    }
  });
}

// ───────────────────────────── main guards ─────────────────────────────

codeCases('main guards', [
  {
    name: 'require.main === module',
    code: `if (require.main === module) console.log('cli');`,
    expected: ['main-guard'],
  },
  {
    name: 'module === require.main (reversed)',
    code: `if (module === require.main) { console.log('cli'); }`,
    expected: ['main-guard'],
  },
  {
    name: 'require.main == module (loose)',
    code: `if (require.main == module) console.log('cli');`,
    expected: ['main-guard'],
  },
  { name: '!module.parent', code: `if (!module.parent) { console.log('cli'); }`, expected: ['main-guard'] },
  {
    name: 'require.main.filename === __filename',
    code: `if (require.main && require.main.filename === __filename) console.log('cli');`,
    expected: ['main-guard'],
  },
  {
    name: 'import.meta.main (Deno, Bun, Node 24)',
    code: `if (import.meta.main) { console.log('cli'); }`,
    expected: ['main-guard'],
  },
  {
    name: 'import.meta.url === pathToFileURL(process.argv[1]).href',
    code: `import { pathToFileURL } from 'node:url';\nif (import.meta.url === pathToFileURL(process.argv[1]).href) console.log('cli');`,
    expected: ['main-guard'],
  },
  {
    name: 'import.meta.url === `file://${process.argv[1]}`',
    code: 'if (import.meta.url === `file://${process.argv[1]}`) console.log("cli");',
    expected: ['main-guard'],
  },
  {
    name: 'process.argv[1] === fileURLToPath(import.meta.url)',
    code: `import { fileURLToPath } from 'node:url';\nif (process.argv[1] === fileURLToPath(import.meta.url)) console.log('cli');`,
    expected: ['main-guard'],
  },
  {
    name: 'fileURLToPath(import.meta.url) === process.argv[1] (reversed)',
    code: `import { fileURLToPath } from 'node:url';\nif (fileURLToPath(import.meta.url) === process.argv[1]) console.log('cli');`,
    expected: ['main-guard'],
  },
  {
    name: 'realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)',
    code: `import { realpathSync } from 'node:fs';\nimport { fileURLToPath } from 'node:url';\nif (realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) console.log('cli');`,
    expected: ['main-guard'],
  },
  {
    name: 'process.argv[1] === __filename',
    code: `if (process.argv[1] === __filename) console.log('cli');`,
    expected: ['main-guard'],
  },
  {
    name: 'process.argv.at(1) === import.meta.filename',
    code: `if (process.argv.at(1) === import.meta.filename) console.log('cli');`,
    expected: ['main-guard'],
  },
  {
    name: 'path.resolve(process.argv[1]) === path.resolve(fileURLToPath(import.meta.url))',
    code: `import path from 'node:path';\nimport { fileURLToPath } from 'node:url';\nif (path.resolve(process.argv[1]) === path.resolve(fileURLToPath(import.meta.url))) console.log('cli');`,
    expected: ['main-guard'],
  },
  {
    name: 'import.meta.url.endsWith(process.argv[1]) through a const',
    code: `const isMain = import.meta.url.endsWith(process.argv[1]);\nif (isMain) console.log('cli');`,
    expected: ['main-guard'],
  },
  {
    name: 'TypeScript: process.argv[1]! === fileURLToPath(import.meta.url) as string',
    code: `import { fileURLToPath } from 'node:url';\nif (process.argv[1]! === (fileURLToPath(import.meta.url) as string)) console.log('cli');`,
    expected: ['main-guard'],
    ts: true,
  },
  {
    name: 'process.mainModule === module (deprecated spelling)',
    code: `if (process.mainModule === module) console.log('cli');`,
    expected: ['main-guard'],
  },
]);

// ───────────────────────────── top-level main calls ─────────────────────────────

codeCases('top-level main calls', [
  { name: 'main()', code: `async function main() { await work(); }\nmain();`, expected: ['main-call'] },
  { name: 'void main()', code: `async function main() {}\nvoid main();`, expected: ['main-call'] },
  {
    name: 'main().catch(…)',
    code: `async function main() {}\nmain().catch((error) => { console.error(error); process.exit(1); });`,
    expected: ['main-call'],
  },
  {
    name: 'main().then(…) on a non-async function returning a promise',
    code: `function main() { return work(); }\nmain().then(() => console.log('done'));`,
    expected: ['main-call'],
  },
  {
    name: 'await main() (one reason, not also top-level-await)',
    code: `async function main() {}\nawait main();`,
    expected: ['main-call'],
  },
  {
    name: 'process.exitCode = await main()',
    code: `async function main() { return 0; }\nprocess.exitCode = await main();`,
    expected: ['main-call'],
  },
  {
    name: 'program.parseAsync()',
    code: `import { program } from 'commander';\nprogram.command('x').action(async () => {});\nprogram.parseAsync();`,
    expected: ['main-call'],
  },
  {
    name: 'await program.parseAsync(process.argv)',
    code: `import { program } from 'commander';\nawait program.parseAsync(process.argv);`,
    expected: ['main-call'],
  },
  {
    name: 'TypeScript: a non-async main declared to return a Promise',
    code: `function main(): Promise<void> { return run(); }\nmain();`,
    expected: ['main-call'],
    ts: true,
  },
  {
    name: 'inside a top-level try block',
    code: `async function main() {}\ntry {\n  main();\n} catch {}`,
    expected: ['main-call'],
  },
  {
    name: 'const main = async () => {}; main()',
    code: `const main = async () => {};\nmain();`,
    expected: ['main-call'],
  },
  {
    name: 'export async function main + main()',
    code: `export async function main() {}\nmain();`,
    expected: ['main-call'],
  },
  {
    name: 'an imported main-like function: start()',
    code: `import { start } from './server.js';\nstart();`,
    expected: ['main-call'],
  },
  {
    name: 'runServer(options)',
    code: `const { runServer } = require('./server');\nrunServer({ port: 3000 });`,
    expected: ['main-call'],
  },
  {
    name: 'void on any call marks a floating promise: void sync()',
    code: `import { sync } from './sync.js';\nvoid sync();`,
    expected: ['main-call'],
  },
  {
    name: 'module.exports = main() with a local async main',
    code: `async function main() {}\nmodule.exports = main();`,
    expected: ['main-call'],
  },
  {
    name: 'any function whose promise is chained: sync().catch(…)',
    code: `import { sync } from './sync.js';\nsync().catch(console.error);`,
    expected: ['main-call'],
  },
  {
    name: 'inside if (require.main === module) { main(); }',
    code: `async function main() {}\nif (require.main === module) {\n  main();\n}`,
    expected: ['main-call', 'main-guard'],
  },
  {
    name: 'inside the else branch of if (module.parent)',
    code: `async function main() {}\nif (module.parent) { module.exports = main; } else { main(); }`,
    expected: ['main-call', 'main-guard'],
  },
  {
    name: 'require.main === module && main()',
    code: `async function main() {}\nrequire.main === module && main();`,
    expected: ['main-call', 'main-guard'],
  },
  {
    name: 'TypeScript: main() as Promise<void> with a typed main',
    code: `async function main(argv: string[]): Promise<number> { return argv.length; }\nvoid (main(process.argv) as Promise<number>);`,
    expected: ['main-call'],
    ts: true,
  },
]);

// ───────────────────────────── async IIFEs ─────────────────────────────

codeCases('async IIFEs', [
  { name: '(async () => {})()', code: `(async () => {\n  await work();\n})();`, expected: ['async-iife'] },
  {
    name: '(async function () {})()',
    code: `(async function run() {\n  await work();\n})();`,
    expected: ['async-iife'],
  },
  { name: 'void (async () => {})()', code: `void (async () => {})();`, expected: ['async-iife'] },
  {
    name: '(async () => {})().catch(…)',
    code: `(async () => {})().catch((error) => { console.error(error); });`,
    expected: ['async-iife'],
  },
  {
    name: ';(async () => {})() after a statement',
    code: `const x = 1\n;(async () => { console.log(x) })()`,
    expected: ['async-iife'],
  },
  {
    name: '(async () => {}).call(this)',
    code: `(async function () { await work(); }).call(this);`,
    expected: ['async-iife'],
  },
  {
    name: 'in a main guard',
    code: `if (require.main === module) {\n  (async () => {})();\n}`,
    expected: ['async-iife', 'main-guard'],
  },
  {
    name: 'TypeScript: (async (): Promise<void> => {})()',
    code: `(async (): Promise<void> => {\n  await work();\n})();`,
    expected: ['async-iife'],
    ts: true,
  },
]);

// ───────────────────────────── ESM top-level await ─────────────────────────────

codeCases('top-level await', [
  {
    name: 'const x = await …',
    code: `import { readFile } from 'node:fs/promises';\nconst text = await readFile('x', 'utf8');\nconsole.log(text);`,
    expected: ['top-level-await'],
  },
  {
    name: 'await on a member call',
    code: `import { server } from './server.js';\nawait server.start();`,
    expected: ['top-level-await'],
  },
  {
    name: 'for await (…)',
    code: `import { createInterface } from 'node:readline';\nfor await (const line of createInterface({ input: process.stdin })) console.log(line);`,
    expected: ['top-level-await'],
  },
  {
    name: 'await inside a top-level if block',
    code: `if (process.env.CI) {\n  await fetch('https://example.com');\n}`,
    expected: ['top-level-await'],
  },
  {
    name: 'await in a top-level if test',
    code: `if (await exists('x')) console.log('x');`,
    expected: ['top-level-await'],
  },
  {
    name: 'await inside top-level try',
    code: `try {\n  await fetch('https://example.com');\n} catch (error) {\n  console.error(error);\n}`,
    expected: ['top-level-await'],
  },
  {
    name: 'await using',
    code: `await using connection = connect();\nconsole.log(connection);`,
    expected: ['top-level-await'],
    ts: true,
  },
  {
    name: '`export {}` (makes a TS file a module) does not count as exports',
    code: `export {};\nawait fetch('https://example.com');`,
    expected: ['top-level-await'],
  },
  {
    name: 'type-only exports do not count as exports',
    code: `export type Options = { url: string };\nexport interface Result { ok: boolean }\nawait fetch('https://example.com');`,
    expected: ['top-level-await'],
    ts: true,
  },
]);

// ───────────────────────────── .listen at top level ─────────────────────────────

codeCases('.listen( at top level', [
  {
    name: 'app.listen(3000)',
    code: `import express from 'express';\nconst app = express();\napp.listen(3000);`,
    expected: ['listen'],
  },
  {
    name: 'const server = http.createServer(h).listen(0)',
    code: `const http = require('node:http');\nconst server = http.createServer((req, res) => res.end()).listen(0);`,
    expected: ['listen'],
  },
  {
    name: 'server.listen(port, callback)',
    code: `server.listen(port, () => {\n  console.log('listening');\n});`,
    expected: ['listen'],
  },
  {
    name: 'in a main guard',
    code: `if (require.main === module) app.listen(3000);\nmodule.exports = app;`,
    expected: ['listen', 'main-guard'],
  },
  {
    name: 'export const server = app.listen(…)',
    code: `export const server = app.listen(3000);`,
    expected: ['listen'],
  },
]);

// ───────────────────────────── shebang ─────────────────────────────

codeCases('shebang', [
  { name: '#!/usr/bin/env node', code: `#!/usr/bin/env node\nconsole.log('hi');`, expected: ['shebang'] },
  { name: 'after a byte-order mark', code: `\uFEFF#!/usr/bin/env node\nconsole.log('hi');`, expected: ['shebang'] },
  {
    name: 'with a TypeScript runner',
    code: `#!/usr/bin/env -S npx tsx\nconst x: number = 1;\nconsole.log(x);`,
    expected: ['shebang'],
    ts: true,
  },
]);

// ───────────────────────────── not entrypoints ─────────────────────────────

codeCases('not entrypoints', [
  {
    name: 'a plain ESM library module',
    code: `import { readFile } from 'node:fs/promises';\nexport async function load(file) {\n  return JSON.parse(await readFile(file, 'utf8'));\n}\nexport const VERSION = '1.0.0';`,
    expected: [],
  },
  {
    name: 'a plain CommonJS library module',
    code: `const fs = require('fs');\nfunction add(a, b) { return a + b; }\nmodule.exports = { add, fs };`,
    expected: [],
    cjs: true,
  },
  {
    name: 'a TypeScript library module with classes',
    code: `export class Queue<T> {\n  #items: T[] = [];\n  async drain(): Promise<void> { await Promise.all(this.#items); }\n}\nexport default Queue;`,
    expected: [],
    ts: true,
  },
  {
    name: 'a non-async local function called at top level: setup()',
    code: `function setup() { console.log('setup'); }\nsetup();\nexport {};`,
    expected: [],
  },
  {
    name: 'a non-async local main() (sync script body, no promise)',
    code: `function main() { console.log('hi'); }\nmain();`,
    expected: [],
  },
  {
    name: 'an imported function with a non-main name: configure()',
    code: `import { configure } from './log.js';\nconfigure({ level: 'info' });`,
    expected: [],
  },
  {
    name: 'an async call inside a function',
    code: `async function main() {}\nexport function run() {\n  main();\n}`,
    expected: [],
  },
  {
    name: 'an async main declared but never called',
    code: `export async function main() { await work(); }`,
    expected: [],
  },
  {
    name: '.listen inside a function',
    code: `export function serve(app) {\n  return app.listen(3000);\n}`,
    expected: [],
  },
  {
    name: '.listen inside a class method',
    code: `export class Server {\n  start() { this.http.listen(80); }\n}`,
    expected: [],
  },
  {
    name: '.listen inside a callback',
    code: `export const onReady = (app) => emitter.once('ready', () => app.listen(3000));`,
    expected: [],
  },
  {
    name: 'TLA in a config module with a named export',
    code: `export const config = await loadConfig();`,
    expected: [],
  },
  {
    name: 'TLA in a config module with a default export',
    code: `const config = await loadConfig();\nexport default config;`,
    expected: [],
  },
  { name: 'TLA in a module with export { … }', code: `const db = await connect();\nexport { db };`, expected: [] },
  {
    name: 'await inside a nested async function',
    code: `export const handler = async (event) => {\n  await save(event);\n};`,
    expected: [],
  },
  {
    name: 'Promise.resolve().then(…) is not a main call',
    code: `Promise.resolve().then(() => console.log('tick'));\nexport {};`,
    expected: [],
  },
  {
    name: 'a member call on an imported object: db.init()',
    code: `import { db } from './db.js';\ndb.init();`,
    expected: [],
  },
  {
    name: 'process.argv without a module identity comparison',
    code: `export const args = process.argv.slice(2);\nif (process.argv[1]) console.log(process.argv[1]);`,
    expected: [],
  },
  { name: 'a `#!` that is not on the first line', code: `// #!/usr/bin/env node\nexport const x = 1;`, expected: [] },
  {
    name: 'module.exports = init() (a value, not a main call)',
    code: `const { init } = require('./factory');\nmodule.exports = init({ debug: false });`,
    expected: [],
    cjs: true,
  },
  {
    name: 'a bare listen() call',
    code: `import { listen } from './net.js';\nexport const stop = listen;\nlisten;`,
    expected: [],
  },
  { name: 'for…of without await', code: `for (const x of [1, 2]) console.log(x);\nexport {};`, expected: [] },
]);

// ───────────────────────────── reasons carry details and nodes ─────────────────────────────

describe('reasons', () => {
  for (const dialect of dialectsFor({})) {
    it(`point at the top-level statement that gave them (${dialect})`, () => {
      const code = `async function main() {}\nmain().catch(console.error);\nawait other();`;
      const result = detect(dialect, code);
      const mainCall = result.reasons.find((reason) => reason.kind === 'main-call');
      expect(mainCall?.detail).toBe('calls main() at top level');
      expect(mainCall?.node?.type).toBe('ExpressionStatement');
      const program = parseProgram(dialect, code);
      expect((program.body as AnyNode[])[1]?.type).toBe('ExpressionStatement');
    });
    it(`findMainGuard returns the guard expression (${dialect})`, () => {
      const code = `if (require.main === module) main();`;
      const guard = findMainGuard(parseProgram(dialect, code), code);
      expect(guard?.type).toBe('BinaryExpression');
    });
  }

  it('accepts a Babel File node as well as its Program', () => {
    const code = `#!/usr/bin/env node\nmain();`;
    const file = jscodeshift.withParser('ts')(code).paths()[0]!.node as unknown as AnyNode;
    expect(kinds(detectEntrypoint({ filename: '<input>', program: file, text: code }))).toEqual([
      'main-call',
      'shebang',
    ]);
  });
});

describe('hasExports', () => {
  const cases: Array<[string, boolean]> = [
    ['export const a = 1;', true],
    ['export default {};', true],
    ["export * from './x.js';", true],
    ['const a = 1; export { a };', true],
    ['export {};', false],
    ['module.exports = {};', true],
    ['module.exports.a = 1;', true],
    ['exports.a = 1;', true],
    ["Object.defineProperty(exports, '__esModule', { value: true });", true],
    ['Object.assign(module.exports, { a: 1 });', true],
    ['const a = 1;', false],
    ['export default function () {}', true],
  ];
  for (const [code, expected] of cases) {
    for (const dialect of dialectsFor({})) {
      it(`${code} → ${expected} (${dialect})`, () => {
        expect(hasExports(parseProgram(dialect, code))).toBe(expected);
      });
    }
  }
  it('type-only exports are not exports (typescript-estree, babel-ts)', () => {
    const code = `export type A = string;\nexport interface B {}\nexport type { C } from './c.js';\nexport declare const d: number;\ntype E = 1;\nexport { type E };\nexport default interface F {}`;
    for (const dialect of dialectsFor({ ts: true }))
      expect(hasExports(parseProgram(dialect, code)), dialect).toBe(false);
  });
});

// ───────────────────────────── file-based criteria ─────────────────────────────

/** A library module's text: no code reason, so only file-based reasons show. */
const LIBRARY = `export const value = 1;\n`;

describe('file-based criteria', () => {
  let root: string;

  /** Writes files (relative to `root`) and forgets cached lookups. */
  const write = (files: Record<string, string | object>): void => {
    for (const [relative, content] of Object.entries(files)) {
      const file = path.join(root, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    clearProjectCaches();
  };

  /** Runs the detector on `relative` (a library module) in every dialect and checks they agree. */
  const fileKinds = (
    relative: string,
    options: { cwd?: string; globs?: string[]; code?: string } = {},
  ): EntrypointReasonKind[] => {
    const results = dialectsFor({}).map((dialect) =>
      kinds(detect(dialect, options.code ?? LIBRARY, { filename: path.join(root, relative), ...options })),
    );
    for (const other of results.slice(1)) expect(other).toEqual(results[0]);
    return results[0]!;
  };

  const reasonsOf = (relative: string, options: { cwd?: string; globs?: string[] } = {}): EntrypointResult =>
    detect('typescript-estree', LIBRARY, { filename: path.join(root, relative), ...options });

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-ep-'));
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    clearProjectCaches();
  });
  beforeEach(() => {
    // Each case describes its own package; a fresh tree keeps cases independent.
    for (const entry of fs.readdirSync(root)) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
    clearProjectCaches();
  });

  describe('package.json "bin"', () => {
    it('as a string', () => {
      write({ 'package.json': { name: 'x', bin: 'cli.js' } });
      expect(fileKinds('cli.js')).toEqual(['package-bin']);
      expect(reasonsOf('cli.js').reasons[0]?.detail).toBe('named by package.json "bin" (cli.js)');
      expect(fileKinds('other.js')).toEqual([]);
    });

    it('as a map', () => {
      write({ 'package.json': { name: 'x', bin: { x: './bin/x.js', 'x-admin': 'bin/admin.mjs' } } });
      expect(fileKinds('bin/x.js')).toEqual(['package-bin']);
      expect(fileKinds('bin/admin.mjs')).toEqual(['package-bin']);
      expect(fileKinds('bin/admin.mts')).toEqual(['package-bin']);
      expect(fileKinds('bin/helpers.js')).toEqual([]);
    });

    it('names a file in a sub-directory from the nearest package.json', () => {
      write({ 'package.json': { name: 'x', bin: 'tools/deep/cli.js' }, 'tools/deep/cli.js': LIBRARY });
      expect(fileKinds('tools/deep/cli.js')).toEqual(['package-bin']);
    });

    it('the nearest package.json wins (a nested package names its own bins)', () => {
      write({ 'package.json': { name: 'root', bin: 'packages/a/cli.js' }, 'packages/a/package.json': { name: 'a' } });
      expect(fileKinds('packages/a/cli.js')).toEqual([]);
    });

    it('build output maps to its source through tsconfig outDir → rootDir', () => {
      write({
        'package.json': { name: 'x', bin: { x: './build/out/cli.js' } },
        'tsconfig.json': `{\n  // comments and trailing commas are fine\n  "compilerOptions": { "outDir": "build/out", "rootDir": "source", },\n}`,
      });
      expect(fileKinds('source/cli.ts')).toEqual(['package-bin']);
      expect(fileKinds('build/out/cli.js')).toEqual(['package-bin']);
      expect(fileKinds('src/cli.ts')).toEqual([]);
    });

    it('outDir → rootDir through a relative `extends`', () => {
      write({
        'package.json': { name: 'x', bin: 'lib/cli.js' },
        'tsconfig.base.json': { compilerOptions: { outDir: './lib', rootDir: './code' } },
        'tsconfig.json': { extends: './tsconfig.base.json', compilerOptions: { strict: true } },
      });
      expect(fileKinds('code/cli.ts')).toEqual(['package-bin']);
    });

    it('outDir → rootDir through an array `extends` (later entries win)', () => {
      write({
        'package.json': { name: 'x', bin: 'lib/cli.js' },
        'configs/old.json': { compilerOptions: { outDir: '../old', rootDir: '../old-src' } },
        'configs/base.json': { compilerOptions: { outDir: '../lib', rootDir: '../code' } },
        'tsconfig.json': { extends: ['./configs/old.json', './configs/base.json'], compilerOptions: { strict: true } },
      });
      expect(fileKinds('code/cli.ts')).toEqual(['package-bin']);
      expect(fileKinds('old-src/cli.ts')).toEqual([]);
    });

    it('outDir without rootDir: tsc infers the sources’ common root, usually src/', () => {
      write({
        'package.json': { name: 'x', bin: 'dist/cli.js' },
        'tsconfig.json': { compilerOptions: { outDir: 'dist' } },
      });
      expect(fileKinds('src/cli.ts')).toEqual(['package-bin']);
      expect(fileKinds('cli.ts')).toEqual(['package-bin']);
    });

    it('dist/ maps to src/ without a tsconfig', () => {
      write({ 'package.json': { name: 'x', bin: './dist/cli.js' } });
      expect(fileKinds('src/cli.ts')).toEqual(['package-bin']);
      expect(fileKinds('src/cli.tsx')).toEqual(['package-bin']);
      expect(fileKinds('src/cli.js')).toEqual(['package-bin']);
      expect(fileKinds('src/other.ts')).toEqual([]);
    });

    it('.mjs / .cjs output map to .mts / .cts sources', () => {
      write({ 'package.json': { name: 'x', bin: { a: 'dist/a.mjs', b: 'dist/b.cjs' } } });
      expect(fileKinds('src/a.mts')).toEqual(['package-bin']);
      expect(fileKinds('src/b.cts')).toEqual(['package-bin']);
      expect(fileKinds('src/a.ts')).toEqual([]);
    });

    it('a bin without an extension', () => {
      write({ 'package.json': { name: 'x', bin: 'bin/x' } });
      expect(fileKinds('bin/x')).toEqual(['package-bin']);
      expect(fileKinds('bin/x.js')).toEqual(['package-bin']);
    });

    it('re-reads a package.json that changed (after clearProjectCaches)', () => {
      write({ 'package.json': { name: 'x', bin: 'a.js' } });
      expect(fileKinds('a.js')).toEqual(['package-bin']);
      write({ 'package.json': { name: 'x', bin: 'b.js' } });
      expect(fileKinds('a.js')).toEqual([]);
      expect(fileKinds('b.js')).toEqual(['package-bin']);
    });

    it('re-reads a package.json that changed even without clearing caches, once its stamp is due', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        write({ 'package.json': { name: 'x', bin: 'a.js' } });
        expect(fileKinds('a.js')).toEqual(['package-bin']);
        // Same mtime resolution window, different size: still noticed…
        fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'x', bin: 'bb.js' }));
        // …once the stamp is checked again: within STAMP_TTL_MS the cached verdict stands.
        expect(fileKinds('a.js')).toEqual(['package-bin']);
        vi.setSystemTime(Date.now() + STAMP_TTL_MS + 1);
        expect(fileKinds('a.js')).toEqual([]);
        expect(fileKinds('bb.js')).toEqual(['package-bin']);
      } finally {
        vi.useRealTimers();
      }
    });

    it('an unreadable package.json names nothing', () => {
      write({ 'package.json': '{ not json' });
      expect(fileKinds('cli.js')).toEqual([]);
    });
  });

  describe('package.json "scripts"', () => {
    const scripts = {
      start: 'node --enable-source-maps dist/cli.js',
      dev: 'tsx watch src/dev.ts',
      prod: 'NODE_ENV=production node server.js',
      main: 'cross-env A=b ts-node -r tsconfig-paths/register src/main.ts',
      bun: 'bun run src/bun-entry.ts',
      chain: 'npm run build && node --env-file .env tools/seed.js',
      import: 'node --import tsx ./src/with-import.ts',
      quoted: 'NODE_OPTIONS="--max-old-space-size=4096 --enable-source-maps" node quoted.js',
      dotenv: 'dotenv -e .env.local -- node dotenv.js',
      concurrently: 'concurrently "tsx watch src/api.ts" "vite"',
      nodemon: 'nodemon --watch src --ext ts --exec tsx src/nodemon-entry.ts',
      build: 'npm run build',
      tsc: 'tsc -p tsconfig.build.json',
      eval: `node -e "require('./evaluated.js')"`,
      bunScript: 'bun run build',
      dot: 'node --enable-source-maps .',
      deno: 'deno run -A deno-entry.ts',
      denoTask: 'deno task build',
    };

    beforeEach(() => {
      write({ 'package.json': { name: 'x', scripts } });
    });

    const named: Array<[string, string]> = [
      ['dist/cli.js', 'start'],
      ['src/cli.ts', 'start'],
      ['src/dev.ts', 'dev'],
      ['server.js', 'prod'],
      ['src/main.ts', 'main'],
      ['src/bun-entry.ts', 'bun'],
      ['tools/seed.js', 'chain'],
      ['src/with-import.ts', 'import'],
      ['quoted.js', 'quoted'],
      ['dotenv.js', 'dotenv'],
      ['src/api.ts', 'concurrently'],
      ['src/nodemon-entry.ts', 'nodemon'],
      ['deno-entry.ts', 'deno'],
      ['index.js', 'dot'],
    ];
    for (const [file, script] of named) {
      it(`${file} is run by "${script}": ${scripts[script as keyof typeof scripts]}`, () => {
        expect(fileKinds(file)).toEqual(['package-script']);
        expect(reasonsOf(file).reasons[0]?.detail).toBe(`run by package.json script "${script}"`);
      });
    }

    const notNamed = [
      'build.ts',
      'build.js',
      'tsconfig-paths/register.ts',
      'tsx.ts',
      'evaluated.js',
      'vite.ts',
      'task.ts',
      'src/other.ts',
      '.env.local',
      'src.ts',
    ];
    for (const file of notNamed) {
      it(`${file} is not run by any script`, () => {
        expect(fileKinds(file)).toEqual([]);
      });
    }
  });

  describe('scriptTargets', () => {
    const cases: Array<[string, string[]]> = [
      ['node --enable-source-maps dist/cli.js', ['dist/cli.js']],
      ['tsx watch src/x.ts', ['src/x.ts']],
      ['NODE_ENV=production node server.js', ['server.js']],
      ['cross-env A=b ts-node -r tsconfig-paths/register src/main.ts', ['src/main.ts']],
      ['bun run src/x.ts', ['src/x.ts']],
      ['bun src/x.ts', ['src/x.ts']],
      ['bun run build', []],
      ['bun build ./src/index.ts --outdir dist', []],
      ['npm run build', []],
      ['npm run build && node dist/a.js; tsx b.ts', ['dist/a.js', 'b.ts']],
      ['node -e "console.log(1)"', []],
      ['node --import=tsx src/a.ts --port 3000', ['src/a.ts']],
      ['npx tsx src/a.ts', ['src/a.ts']],
      ['pnpm exec tsx src/a.ts', ['src/a.ts']],
      ['node "dist/with space.js"', ['dist/with space.js']],
      ['node ./node_modules/.bin/x', ['./node_modules/.bin/x']],
      ['./node_modules/.bin/ts-node src/a.ts', ['src/a.ts']],
      ['deno task dev', []],
      ['nodemon --exec ts-node src/a.ts', ['src/a.ts']],
      ['node inspect app.js', ['app.js']],
    ];
    for (const [command, expected] of cases) {
      it(command, () => {
        expect(scriptTargets(command)).toEqual(expected);
      });
    }
  });

  describe('settings "entrypoints" globs', () => {
    it('match relative to context.cwd', () => {
      write({ 'scripts/a/seed.ts': LIBRARY });
      expect(fileKinds('scripts/a/seed.ts', { cwd: root, globs: ['scripts/**/*.ts'] })).toEqual(['settings-glob']);
      expect(fileKinds('src/lib.ts', { cwd: root, globs: ['scripts/**/*.ts'] })).toEqual([]);
      const result = reasonsOf('scripts/a/seed.ts', { cwd: root, globs: ['bin/*', 'scripts/**/*.ts'] });
      expect(result.reasons[0]?.detail).toBe('matches the "entrypoints" setting (scripts/**/*.ts)');
    });

    it('resolve against cwd, not against the package directory or the file', () => {
      write({ 'app/package.json': { name: 'app' } });
      // cwd is the monorepo root: the glob names app/tools/*.
      expect(fileKinds('app/tools/x.ts', { cwd: root, globs: ['app/tools/*.ts'] })).toEqual(['settings-glob']);
      expect(fileKinds('app/tools/x.ts', { cwd: root, globs: ['tools/*.ts'] })).toEqual([]);
      // cwd is the package: the same file is named by tools/*.
      expect(fileKinds('app/tools/x.ts', { cwd: path.join(root, 'app'), globs: ['tools/*.ts'] })).toEqual([
        'settings-glob',
      ]);
    });

    it('a leading ./ and dot directories', () => {
      expect(fileKinds('.scripts/x.js', { cwd: root, globs: ['./.scripts/*.js'] })).toEqual(['settings-glob']);
    });

    it('never match a file outside cwd', () => {
      expect(fileKinds('outside/x.ts', { cwd: path.join(root, 'inner'), globs: ['**/*.ts'] })).toEqual([]);
    });

    it('a file-system reason and code reasons combine', () => {
      write({ 'package.json': { name: 'x', bin: 'cli.js', scripts: { start: 'node cli.js' } } });
      const code = `#!/usr/bin/env node\nasync function main() {}\nmain();`;
      expect(fileKinds('cli.js', { cwd: root, globs: ['*.js'], code })).toEqual([
        'main-call',
        'package-bin',
        'package-script',
        'settings-glob',
        'shebang',
      ]);
    });

    it('ESLint pseudo-filenames skip every file-based check', () => {
      expect(kinds(detect('typescript-estree', LIBRARY, { filename: '<input>', cwd: root, globs: ['**'] }))).toEqual(
        [],
      );
    });
  });

  describe('project lookups', () => {
    it('readPackage reads bins and script targets as absolute paths', () => {
      write({ 'package.json': { name: 'x', type: 'module', bin: 'cli.js', scripts: { start: 'node server.js' } } });
      const pkg = readPackage(root);
      expect(pkg).toMatchObject({ dir: root, name: 'x', type: 'module', bins: [path.join(root, 'cli.js')] });
      expect(pkg?.scriptTargets).toEqual([{ script: 'start', file: path.join(root, 'server.js') }]);
    });

    it('`node .` runs the package main', () => {
      write({ 'package.json': { name: 'x', main: './dist/server.js', scripts: { start: 'node .' } } });
      expect(fileKinds('dist/server.js')).toEqual(['package-script']);
      expect(fileKinds('src/server.ts')).toEqual(['package-script']);
      expect(fileKinds('index.js')).toEqual([]);
    });

    it('tsconfig `include` gives the inferred rootDir', () => {
      write({
        'package.json': { name: 'x', bin: 'out/cli.js' },
        'tsconfig.json': { compilerOptions: { outDir: 'out' }, include: ['app/**/*.ts'] },
      });
      expect(fileKinds('app/cli.ts')).toEqual(['package-bin']);
    });

    it('candidateSources lists the file, its siblings by extension and its mapped source', () => {
      write({ 'package.json': { name: 'x' } });
      const candidates = candidateSources(path.join(root, 'dist/cli.js'), root);
      expect(candidates).toContain(path.join(root, 'dist/cli.js'));
      expect(candidates).toContain(path.join(root, 'src/cli.ts'));
      expect(candidates).not.toContain(path.join(root, 'src/cli.mts'));
    });
  });
});

// ───────────────────────────── robustness ─────────────────────────────

describe('robustness: odd syntax never throws', () => {
  const parseFailures = new Set<string>();
  afterAll(() => {
    // Every snippet must reach the detector in every dialect, or the test proves nothing.
    expect([...parseFailures]).toEqual([]);
  });
  const javascript = [
    'label: for (;;) { break label; }',
    'class A { static #x = 1; static { A.#x++; } get y() { return 1; } *gen() { yield* [1]; } async *agen() { for await (const x of []) yield x; } }',
    'const re = /a(?<name>b)/dgu; const big = 10n ** 2n; const o = { __proto__: null, [`k${1}`]: 1, ...rest };',
    'export * as ns from "./ns.js"; export { default } from "./d.js"; export { x as "string name" } from "./x.js";',
    'import json from "./data.json" with { type: "json" };',
    'a ??= b; c ||= d; e &&= f; g?.h?.[i]?.(j); function t() { return new.target; } import.meta; import("./lazy.js").then(() => {});',
    'async function f() { await using x = null; } function* g() { const x = yield; }',
    'if (a) b(); else if (c) d(); else { e(); } switch (x) { case 1: break; default: }',
    'try { f() } catch { g() } finally { h() } do { x++ } while (x < 3); while (false);',
    '(() => {})(); (function () {})(); !function () {}(); new (class {})();',
    'main; main.call; (0, main)(); main?.(); main``; new main();',
    'process.argv[1]; require.main; module.parent; import.meta.main; __filename;',
  ];
  const typescript = [
    'enum E { A = 1 } declare enum D { B } namespace N { export const x = 1; } declare module "m" { export const y: number; }',
    'abstract class A<T extends object = {}> { abstract f(): void; accessor z = 1; constructor(private readonly p: string) { } }',
    'function over(a: string): string; function over(a: number): number; function over(a: unknown) { return a; }',
    'const x = y satisfies Z; const w = <T,>(v: T) => v; let u!: number; type M = { [K in keyof T]?: T[K] };',
    '@decorator class C { @field() prop = 1; @method() m() {} }',
    'export = foo; import fs = require("fs"); export import Alias = N.x;',
    'const a = b as unknown as C; d!.e!(); f<string>(g);',
  ];
  for (const [index, code] of javascript.entries()) {
    for (const dialect of dialectsFor({})) {
      it(`javascript #${index + 1} (${dialect})`, () => {
        let program: AnyNode;
        try {
          program = parseProgram(dialect, code);
        } catch {
          parseFailures.add(`javascript #${index + 1} (${dialect})`);
          return; // Only what a parser accepts must not crash the detector.
        }
        expect(() => detectEntrypoint({ filename: '<input>', program, text: code })).not.toThrow();
      });
    }
  }
  for (const [index, code] of typescript.entries()) {
    for (const dialect of dialectsFor({ ts: true })) {
      it(`typescript #${index + 1} (${dialect})`, () => {
        let program: AnyNode;
        try {
          program = parseProgram(dialect, code);
        } catch {
          parseFailures.add(`typescript #${index + 1} (${dialect})`);
          return;
        }
        expect(() => detectEntrypoint({ filename: '<input>', program, text: code })).not.toThrow();
      });
    }
  }
  for (const dialect of dialectsFor({ jsx: true })) {
    it(`JSX (${dialect})`, () => {
      const code = `const App = () => <div onClick={async () => { await save(); }}>{items.map((i) => <Item key={i} />)}</div>;\nrender(<App />);`;
      const program = parseProgram(dialect, code, { jsx: true });
      expect(kinds(detectEntrypoint({ filename: '<input>', program, text: code }))).toEqual([]);
    });
  }
  it('an empty program', () => {
    expect(detectEntrypoint({ filename: '<input>', program: { type: 'Program', body: [] }, text: '' })).toEqual({
      isEntrypoint: false,
      reasons: [],
    });
  });
});

// ───────────────────────────── browser scripts ─────────────────────────────

describe('browser scripts are not Node entrypoints', () => {
  const browserMain = `async function main() {
  const response = await fetch('/api/items');
  document.querySelector('#list').textContent = await response.text();
}
main();`;
  const cases: ReadonlyArray<{ name: string; code: string; filename: string; expected: EntrypointReasonKind[] }> = [
    { name: 'uses document, calls main()', code: browserMain, filename: '/virtual/site/src/app.js', expected: [] },
    {
      name: 'lives in public/, async IIFE',
      code: `(async () => {\n  const data = await (await fetch('/data.json')).json();\n  render(data);\n})();`,
      filename: '/virtual/site/public/js/app.js',
      expected: [],
    },
    {
      name: 'window listener and top-level await',
      code: `const config = await (await fetch('/config.json')).json();\nwindow.addEventListener('load', () => start(config));`,
      filename: '/virtual/site/src/boot.js',
      expected: [],
    },
    // Neighbours: a Node module import, `process`, or a `#!` line make it a Node program again.
    {
      name: 'imports a Node module',
      code: `import { readFile } from 'node:fs/promises';\n${browserMain}`,
      filename: '/virtual/site/src/app.js',
      expected: ['main-call'],
    },
    {
      name: 'reads process.argv',
      code: `${browserMain}\nconsole.log(process.argv[2]);`,
      filename: '/virtual/site/src/app.js',
      expected: ['main-call'],
    },
    {
      name: 'has a #! line',
      code: `#!/usr/bin/env node\n${browserMain}`,
      filename: '/virtual/site/public/app.js',
      expected: ['main-call', 'shebang'],
    },
  ];
  for (const testCase of cases) {
    describe(testCase.name, () => {
      for (const dialect of dialectsFor({})) {
        it(dialect, () => {
          const result = detect(dialect, testCase.code, { filename: testCase.filename });
          expect(kinds(result)).toEqual([...testCase.expected].sort());
        });
      }
    });
  }
});
