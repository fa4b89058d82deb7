// graceful-main over every fixture pair (exact text), again over every output (idempotency), every
// output through an independent parser, plus the API around it: helper placement and variants,
// import suffixes, the wx write, the jscodeshift transform entry, errors.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseTypeScript } from '@typescript-eslint/parser';
import * as espree from 'espree';
import { applyTransform } from 'jscodeshift/src/testUtils.js';
import { afterAll, describe, expect, it } from 'vitest';
import transform, {
  GracefulMainError,
  defaultHelperPath,
  ensureHelper,
  gracefulMain,
} from '../../packages/graceful-shutdown-cli/codemods/graceful-main.js';
import {
  findExistingHelper,
  helperSpecifier,
  helperVariantOf,
  relativeImportStyle,
} from '../../packages/graceful-shutdown-cli/codemods/graceful-main/helper-location.js';
import { clearProjectCaches } from '../../packages/eslint-plugin-graceful-shutdown/detection/project.js';
import { readHelperVariant } from '../../packages/graceful-shutdown-cli/codemods/helper/variants.js';
import { RESOURCES } from '../../packages/eslint-plugin-graceful-shutdown/detection/resources.js';
import { isTypeScript, loadCases, repoRoot, sourceTypeOf } from './graceful-main-fixtures.js';

const cases = loadCases();

/** The fixture that opens each resource row (servers: the fixtures of the server rewrites). */
const ROW_FIXTURES: Readonly<Record<string, string>> = {
  'pg.Pool': 'esm-res-pg-pool',
  'pg.Client': 'cjs-res-pg-client',
  'mysql2.pool': 'esm-res-mysql2-pool',
  'mysql2.connection': 'esm-res-mysql2-connection',
  'ioredis.Redis': 'esm-res-ioredis',
  'redis.client': 'esm-res-redis-client',
  'mongodb.MongoClient': 'esm-res-mongodb',
  'mongodb.connect': 'esm-res-mongodb-connect',
  'mongoose.connect': 'esm-res-mongoose',
  'mongoose.createConnection': 'esm-res-mongoose-connection',
  'prisma.PrismaClient': 'esm-res-prisma',
  knex: 'esm-res-knex',
  'bullmq.Worker': 'esm-res-bullmq-worker',
  'bullmq.Queue': 'esm-res-bullmq-queue',
  'kafkajs.client': 'esm-res-kafkajs',
  'amqplib.connection': 'esm-res-amqplib',
  'amqplib.channel': 'esm-res-amqplib',
  'ws.WebSocketServer': 'ts-res-ws-server',
  'socket.io.Server': 'esm-res-socket-io',
  'socket.io.factory': 'cjs-res-socket-io-factory',
  'chokidar.watch': 'esm-res-chokidar',
  'worker_threads.Worker': 'esm-res-worker-thread',
  'child_process.child': 'ts-res-child-process',
  'nestjs.app': 'ts-res-nestjs',
  'fastify.app': 'esm-fastify',
  'express.server': 'cjs-express',
  'koa.server': 'cjs-koa',
  'connect.server': 'cjs-res-connect',
  'http.createServer': 'cjs-server',
  'http.Server': 'esm-res-worker-thread',
  'hono.serve': 'esm-hono-serve',
};
const changed = cases.filter((fixture) => fixture.output !== undefined);

describe('graceful-main fixtures', () => {
  it('has the fixture set the issue asks for', () => {
    expect(changed.length).toBeGreaterThanOrEqual(25);
    for (const family of ['ts-', 'esm-', 'cjs-'])
      expect(changed.some((fixture) => fixture.name.startsWith(family))).toBe(true);
    expect(cases.filter((fixture) => fixture.untouched?.status === 'skipped').length).toBeGreaterThanOrEqual(4);
    expect(cases.filter((fixture) => fixture.untouched?.status === 'unchanged').length).toBeGreaterThanOrEqual(4);
  });

  it('has a rewritten fixture for every resource row of the table, opening it from its module', () => {
    const missing = RESOURCES.filter((row) => row.role === 'resource')
      .map((row) => [row, ROW_FIXTURES[row.id]] as const)
      .filter(([row, name]) => {
        const fixture = changed.find((candidate) => candidate.name === name);
        return !fixture || !row.modules.some((module) => new RegExp(`['"](?:node:)?${module}['"]`).test(fixture.input));
      })
      .map(([row]) => row.id);
    expect(missing).toEqual([]);
  });

  it("the README's service before/after is the esm-res-service fixture, word for word", () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const fixture = changed.find((candidate) => candidate.name === 'esm-res-service')!;
    expect(readme).toContain(`\`\`\`js\n${fixture.input.trimEnd()}\n\`\`\``);
    expect(readme).toContain(`\`\`\`js\n${fixture.output!.trimEnd()}\n\`\`\``);
  });

  describe.each(cases.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
    it(
      fixture.output !== undefined
        ? 'rewrites to the exact output'
        : `is left untouched (${fixture.untouched!.status})`,
      () => {
        const result = gracefulMain(fixture.inputPath, fixture.input);
        if (fixture.output !== undefined) {
          expect(result.status, result.reason).toBe('changed');
          expect(result.output).toBe(fixture.output);
          expect(result.helper?.path).toBe(defaultHelperPath(fixture.inputPath));
        } else {
          expect(result.status).toBe(fixture.untouched!.status);
          expect(result.reason).toBe(fixture.untouched!.reason);
          expect(result.output).toBe(fixture.input); // byte for byte
          expect(result.helper).toBeUndefined();
        }
      },
    );

    if (fixture.output !== undefined) {
      it('is idempotent: the output run again is unchanged', () => {
        const again = gracefulMain(fixture.inputPath, fixture.output!);
        expect(again.status).toBe('unchanged');
        expect(again.reason).toMatch(/^already graceful: imports runMain/);
        expect(again.output).toBe(fixture.output);
      });

      it('produces an output another parser accepts', () => {
        const text = fixture.output!.replace(/^\uFEFF/, '').replace(/^#!.*/, '');
        if (isTypeScript(fixture.ext)) {
          expect(() => parseTypeScript(text, { sourceType: 'module', range: true })).not.toThrow();
        } else {
          const sourceType = sourceTypeOf(fixture) === 'module' ? 'module' : 'commonjs';
          expect(() => espree.parse(text, { ecmaVersion: 'latest', sourceType })).not.toThrow();
        }
      });
    }
  });

  it('keeps the BOM, the #! line and CRLF line endings', () => {
    const fixture = cases.find((candidate) => candidate.name === 'ts-crlf-bom')!;
    expect(fixture.input.startsWith('\uFEFF#!')).toBe(true);
    expect(fixture.output!.startsWith('\uFEFF#!/usr/bin/env node\r\n')).toBe(true);
    expect(fixture.output!.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('keeps tabs, double quotes and a no-semicolon style in new code', () => {
    const fixture = cases.find((candidate) => candidate.name === 'esm-style')!;
    expect(fixture.output).toContain('\tdefer(() => clearInterval(id))\n');
    expect(fixture.output).toContain('import { runMain } from "./graceful-shutdown.js"\n');
    expect(fixture.output).not.toMatch(/^ +\S/m);
  });
});

describe('graceful-main as a jscodeshift transform', () => {
  const byName = (name: string) => changed.find((fixture) => fixture.name === name)!;

  it.each(['ts-design-example', 'esm-naive-handler', 'cjs-server'])(
    '%s: applyTransform gives the fixture output (trimmed)',
    (name) => {
      const fixture = byName(name);
      const output = applyTransform(
        { default: transform, parser: undefined },
        { dry: true },
        { path: fixture.inputPath, source: fixture.input },
      );
      expect(output).toBe(fixture.output!.trim());
    },
  );

  it('returns nothing for untouched files, and reports skips', () => {
    const fixture = cases.find((candidate) => candidate.untouched?.status === 'skipped')!;
    const reports: string[] = [];
    const api = {
      jscodeshift: undefined,
      j: undefined,
      stats: () => {},
      report: (message: string) => reports.push(message),
    };
    const result = transform({ path: fixture.inputPath, source: fixture.input }, api as never, { dry: true });
    expect(result).toBeUndefined();
    expect(reports).toEqual([`skipped: ${fixture.untouched!.reason}`]);
  });
});

describe('the helper file', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'graceful-main-helper-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  const project = (name: string, pkg: Record<string, unknown>, files: Record<string, string> = {}): string => {
    const dir = path.join(temp, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    clearProjectCaches();
    return dir;
  };

  it('goes beside the file, in the family of its extension', () => {
    expect(defaultHelperPath('/p/src/cli.ts')).toBe('/p/src/graceful-shutdown.ts');
    expect(defaultHelperPath('/p/src/cli.tsx')).toBe('/p/src/graceful-shutdown.ts');
    expect(defaultHelperPath('/p/src/cli.mts')).toBe('/p/src/graceful-shutdown.mts');
    expect(defaultHelperPath('/p/bin/cli.mjs')).toBe('/p/bin/graceful-shutdown.mjs');
    expect(defaultHelperPath('/p/bin/cli.cjs')).toBe('/p/bin/graceful-shutdown.cjs');
    expect(defaultHelperPath('/p/bin/cli.js')).toBe('/p/bin/graceful-shutdown.js');
  });

  it('uses the variant the package runs', () => {
    const esm = project('esm', { type: 'module' });
    const cjs = project('cjs', {});
    expect(helperVariantOf(path.join(esm, 'graceful-shutdown.js'))).toBe('esm');
    expect(helperVariantOf(path.join(cjs, 'graceful-shutdown.js'))).toBe('cjs');
    expect(helperVariantOf(path.join(cjs, 'graceful-shutdown.mjs'))).toBe('esm');
    expect(helperVariantOf(path.join(esm, 'graceful-shutdown.cjs'))).toBe('cjs');
    expect(helperVariantOf(path.join(esm, 'graceful-shutdown.ts'))).toBe('ts');
  });

  it('reuses a helper the package already has (beside the file, then src/, then the root)', () => {
    const dir = project(
      'existing',
      { type: 'module' },
      { 'src/graceful-shutdown.ts': '// mine\n', 'bin/cli.ts': 'async function main() {}\nmain();\n' },
    );
    const file = path.join(dir, 'bin', 'cli.ts');
    expect(findExistingHelper(file)).toBe(path.join(dir, 'src', 'graceful-shutdown.ts'));
    const result = gracefulMain(file, readFileSync(file, 'utf8'));
    expect(result.helper).toEqual({ path: path.join(dir, 'src', 'graceful-shutdown.ts'), variant: 'ts' });
    expect(result.output).toContain("import { runMain } from '../src/graceful-shutdown.js';");
    // Plain JavaScript run by Node cannot import the TypeScript helper: it gets its own.
    expect(findExistingHelper(path.join(dir, 'bin', 'job.mjs'))).toBeUndefined();
  });

  it('imports the helper from an explicit path', () => {
    const dir = project(
      'explicit',
      {},
      { 'bin/cli.js': "#!/usr/bin/env node\nconst x = require('./x.js');\nasync function main() {}\nmain();\n" },
    );
    const file = path.join(dir, 'bin', 'cli.js');
    const result = gracefulMain(file, readFileSync(file, 'utf8'), {
      helperPath: path.join(dir, 'lib', 'graceful-shutdown.js'),
    });
    expect(result.helper).toEqual({ path: path.join(dir, 'lib', 'graceful-shutdown.js'), variant: 'cjs' });
    expect(result.output).toContain("const { runMain } = require('../lib/graceful-shutdown.js');");
  });

  it('names a TypeScript helper the way the tsconfig resolves modules', () => {
    const nodeNext = project(
      'nodenext',
      { type: 'module' },
      { 'tsconfig.json': '{ "compilerOptions": { "module": "NodeNext" } }' },
    );
    expect(
      helperSpecifier(path.join(nodeNext, 'src/cli.ts'), path.join(nodeNext, 'src/graceful-shutdown.ts'), ['./x']),
    ).toBe('./graceful-shutdown.js');
    expect(
      helperSpecifier(path.join(nodeNext, 'src/cli.mts'), path.join(nodeNext, 'src/graceful-shutdown.mts'), []),
    ).toBe('./graceful-shutdown.mjs');
    const bundler = project(
      'bundler',
      { type: 'module' },
      { 'tsconfig.json': '{ "compilerOptions": { "moduleResolution": "bundler" } }' },
    );
    expect(
      helperSpecifier(path.join(bundler, 'cli.ts'), path.join(bundler, 'graceful-shutdown.ts'), ['./x', '../y']),
    ).toBe('./graceful-shutdown');
    expect(helperSpecifier(path.join(bundler, 'cli.ts'), path.join(bundler, 'graceful-shutdown.ts'), ['./x.js'])).toBe(
      './graceful-shutdown.js',
    );
    expect(helperSpecifier(path.join(bundler, 'cli.ts'), path.join(bundler, 'graceful-shutdown.ts'), [])).toBe(
      './graceful-shutdown.js',
    );
    expect(relativeImportStyle(['node:fs', 'commander'])).toBeUndefined();
  });

  it('reads the module settings through a string or an array `extends` (later entries win)', () => {
    for (const [name, extendsValue, expected] of [
      ['extends-string', './configs/node.json', './graceful-shutdown.js'],
      ['extends-array-node-last', ['./configs/bundler.json', './configs/node.json'], './graceful-shutdown.js'],
      ['extends-array-bundler-last', ['./configs/node.json', './configs/bundler.json'], './graceful-shutdown'],
    ] as const) {
      const dir = project(
        name,
        { type: 'module' },
        {
          'configs/node.json': '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext" } }',
          'configs/bundler.json': '{ "compilerOptions": { "module": "ESNext", "moduleResolution": "bundler" } }',
          'tsconfig.json': JSON.stringify({ extends: extendsValue }),
        },
      );
      expect(helperSpecifier(path.join(dir, 'cli.ts'), path.join(dir, 'graceful-shutdown.ts'), ['./x'])).toBe(expected);
    }
  });

  it('is written once with the wx flag and never overwritten', () => {
    const file = path.join(temp, 'once', 'graceful-shutdown.ts');
    expect(ensureHelper({ path: file, variant: 'ts' })).toBe('written');
    expect(readFileSync(file, 'utf8')).toBe(readHelperVariant('ts'));
    writeFileSync(file, '// edited by its owner\n');
    expect(ensureHelper({ path: file, variant: 'ts' })).toBe('exists');
    expect(readFileSync(file, 'utf8')).toBe('// edited by its owner\n');
  });

  it('the transform writes the helper, except under --dry', () => {
    const dir = project('transform', { type: 'module' }, { 'cli.mjs': 'async function main() {}\nawait main();\n' });
    const file = path.join(dir, 'cli.mjs');
    const source = readFileSync(file, 'utf8');
    const api = { report: () => {} } as never;
    expect(transform({ path: file, source }, api, { dry: true })).toContain('runMain(main);');
    expect(existsSync(path.join(dir, 'graceful-shutdown.mjs'))).toBe(false);
    transform({ path: file, source }, api, {});
    expect(readFileSync(path.join(dir, 'graceful-shutdown.mjs'), 'utf8')).toBe(readHelperVariant('esm'));
    const elsewhere = path.join(dir, 'lib', 'graceful-shutdown.mjs');
    expect(transform({ path: file, source }, api, { dry: true, helper: elsewhere })).toContain(
      "from './lib/graceful-shutdown.mjs'",
    );
  });
});

describe('graceful-main errors and odd input', () => {
  it('throws a GracefulMainError naming the file when the source does not parse', () => {
    const run = () => gracefulMain('/nowhere/cli.ts', 'async function main( {\nmain();\n');
    expect(run).toThrow(GracefulMainError);
    expect(run).toThrow(/\/nowhere\/cli\.ts: does not parse/);
    try {
      run();
    } catch (error) {
      expect((error as GracefulMainError).file).toBe('/nowhere/cli.ts');
    }
  });

  it('picks the parser per extension: JSX in .js/.tsx, `<T>x` casts in .ts', () => {
    expect(gracefulMain('/nowhere/app.jsx', 'const el = <div />;\n').status).toBe('unchanged');
    expect(gracefulMain('/nowhere/app.tsx', 'const el = <div />;\n').status).toBe('unchanged');
    expect(gracefulMain('/nowhere/cast.ts', 'const n = <number>(1 as unknown);\n').status).toBe('unchanged');
  });

  it('never half-rewrites: a skip returns the input untouched', () => {
    const source =
      "#!/usr/bin/env node\nasync function main() {}\nfunction setup() { process.on('SIGTERM', () => { stop(); process.exit(0); }); }\nfunction stop() {}\nmain();\n";
    const result = gracefulMain('/nowhere/cli.js', source);
    expect(result.status).toBe('skipped');
    expect(result.output).toBe(source);
  });

  it.each([
    [
      'a naive listener exiting through a helper',
      "function bye() { process.exit(0); }\nprocess.on('SIGINT', () => bye());\nasync function main() {}\nmain();\n",
      /exits through a function it calls/,
    ],
    [
      'a listener that only logs (swallows Ctrl+C)',
      "process.on('SIGINT', () => console.log('no'));\nasync function main() {}\nmain();\n",
      /neither exits nor stops anything/,
    ],
    [
      'a listener that uses its signal argument',
      "process.on('SIGINT', (signal) => { console.log(signal); process.exit(0); });\nasync function main() {}\nmain();\n",
      /uses its signal argument/,
    ],
    [
      'an exit inside an expression in main',
      'async function main() { const ok = false; ok || process.exit(2); }\nmain();\n',
      /ends the process in the middle of main/,
    ],
    [
      'an interval started by a helper and never cleared',
      'function beat() { setInterval(() => {}, 1000); }\nasync function main() { beat(); }\nmain();\n',
      /starts an interval/,
    ],
    [
      'main awaited inside a try with a real catch',
      'async function main() {}\ntry { await main(); } catch (e) { report(e); }\nfunction report(e) {}\n',
      /inside try\/catch/,
    ],
  ])('skips %s', (_title, source, reason) => {
    const result = gracefulMain('/nowhere/cli.mjs', source);
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(reason);
    expect(result.output).toBe(source);
  });
});

describe('graceful-main on odd syntax', () => {
  // Entrypoints of every shape the parsers accept: never a crash, never an output that does not
  // parse or is not idempotent.
  const snippets: Array<[string, string]> = [
    ['optional-call.ts', 'async function main() {}\nmain?.();\n'],
    ['export-default.ts', 'export default async function main() {}\nmain();\n'],
    ['exported-guard.cjs', 'async function main() {}\nmodule.exports = main;\nif (require.main === module) main();\n'],
    ['non-function-handler.ts', 'async function main() {}\nmain().catch(123 as never);\n'],
    [
      'ts-only.ts',
      'enum E { A }\nnamespace N { export const x = 1; }\ndeclare const y: number;\nasync function main() { console.log(E.A, N.x, y); }\nmain();\n',
    ],
    [
      'classes.ts',
      'class A { #x = 1; static { console.log(1); } @dec m() {} }\nfunction dec(..._a: unknown[]) {}\nasync function main() { new A(); }\nmain();\n',
    ],
    ['jsx.jsx', 'const el = <div>{1}</div>;\nasync function main() { console.log(el); }\nmain();\n'],
    ['generics.tsx', 'const id = <T,>(x: T) => x;\nasync function main() { id(<b />); }\nmain();\n'],
    [
      'async-iterator.ts',
      'async function* gen() { yield 1; }\nasync function main() { for await (const x of gen()) console.log(x); }\nmain();\n',
    ],
    ['labels.ts', 'outer: for (;;) { break outer; }\nasync function main() {}\nmain();\n'],
    ['await-using.mjs', 'await using res = { [Symbol.asyncDispose]: async () => {} };\nconsole.log(res);\n'],
    ['labelled-await.mjs', 'label: { await 1; break label; }\n'],
    ['expression-main.ts', 'const main = async () => 1;\nmain().then((x) => console.log(x), undefined);\n'],
    ['bare-exit.ts', 'async function main() { process.exit(); }\nmain();\n'],
    ['if-exits.ts', 'async function main() { if (Date.now()) process.exit(1); else process.exit(2); }\nmain();\n'],
    ['switch-exit.ts', 'async function main(): Promise<void> { switch (1) { case 1: process.exit(3); } }\nmain();\n'],
    ['import-attributes.mjs', 'import data from "./data.json" with { type: "json" };\nawait Promise.resolve(data);\n'],
    ['promise-main.ts', 'function main(): Promise<void> { return Promise.resolve(); }\nmain();\n'],
    ['finally-exit.ts', 'async function main() {}\nvoid main().finally(() => process.exit(0));\n'],
    ['named-function-expression.ts', 'const run = async function named() { return named; };\nrun();\n'],
    [
      'chained-registration.ts',
      'async function main() {}\nprocess.on("SIGINT", () => { process.exit(0); }).on("SIGTERM", () => process.exit(0));\nmain();\n',
    ],
    ['unref-interval.ts', 'async function main() { setInterval(() => {}, 1).unref(); }\nmain();\n'],
    ['dynamic-import-server.mjs', 'const server = (await import("node:http")).createServer();\nserver.listen(0);\n'],
    ['rest-params.ts', 'async function main(...args: string[]) { console.log(args); }\nmain("a");\n'],
    ['shebang-only.ts', '#!/usr/bin/env node\n'],
    ['stdin.mjs', 'for await (const line of process.stdin) console.log(line);\n'],
    ['comments.ts', 'async function main() {\n  // only a comment\n}\n/* before */ main(); // after\n'],
    ['directives.cjs', '"use strict"\n"use client"\nasync function main() {}\nmain()\n'],
    ['type-import.ts', 'import type { X } from "./x.js";\nasync function main(x?: X) { return x; }\nmain();\n'],
    ['dynamic-main.mts', 'const { main } = await import("./app.js");\nawait main();\n'],
    ['swallow.ts', 'async function main() {}\nmain().then(() => {}, () => {});\n'],
    ['this-listener.js', 'process.on("SIGTERM", function () { this.x = 1; process.exit(0); });\nawait 1;\n'],
    [
      'return-exit.ts',
      'async function main(argv: string[]) {\n  if (argv.length === 0) return process.exit(2);\n  console.log(argv);\n}\nmain(process.argv.slice(2));\n',
    ],
    ['empty.ts', ''],
  ];

  it.each(snippets)('%s', (name, source) => {
    const file = `/nowhere/${name}`;
    const result = gracefulMain(file, source);
    if (result.status !== 'changed') {
      expect(result.output).toBe(source);
      return;
    }
    expect(gracefulMain(file, result.output)).toMatchObject({ status: 'unchanged', output: result.output });
  });

  it('keeps what it must: an empty rejection handler (it swallows errors), an expression-bodied main, import attributes', () => {
    const run = (name: string) => gracefulMain(`/nowhere/${name}`, snippets.find(([file]) => file === name)![1]).output;
    expect(run('swallow.ts')).toContain('runMain(() => main().catch(() => {}));');
    expect(run('expression-main.ts')).toContain('const main = async () => 1;');
    expect(run('import-attributes.mjs')).toContain('with { type: "json" }');
    expect(run('if-exits.ts')).toContain('if (Date.now()) process.exitCode = 1; else process.exitCode = 2;');
    expect(run('comments.ts')).toContain('/* before */ runMain(main); // after');
    expect(run('return-exit.ts')).toContain(
      '  if (argv.length === 0) {\n    process.exitCode = 2;\n    return;\n  }\n',
    );
    expect(run('directives.cjs')).toMatch(
      /^"use strict"\n"use client"\nconst \{ runMain \} = require\("\.\/graceful-shutdown\.cjs"\)\n/,
    );
  });
});
