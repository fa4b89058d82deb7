// The package as users get it, packed from the one build `npm test` (or ensureBuilt) made:
// `npm run build` starts from an empty dist/, so dist/ is what prepack would pack.
// 1. Contents: the tarball holds the built sources, their types, the helper variants, the docs,
//    README, LICENSE and package.json, and nothing else. No source maps: dist/ is tsc's readable
//    output, so stack traces cite lines that exist in the package; maps would point at .ts
//    sources it does not ship (and shipping those would double its size for no gain).
// 2. The documented plain-transform command, with the tarball installed in a fresh project:
//      npx jscodeshift -t node_modules/eslint-plugin-graceful-shutdown/dist/codemods/graceful-main.js src/cli.ts
//    jscodeshift loads the transform with require() (through @babel/register unless --no-babel),
//    so this proves the built module graph loads that way (require(esm): no top-level await).
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateHelperVariant,
  helperFileNames,
  type HelperVariant,
} from '../../packages/graceful-shutdown-cli/codemods/helper/variants.js';
import { loadCases } from '../codemods/graceful-main-fixtures.js';
import { ensureBuilt } from '../cli/helpers.js';
import { repoRoot, repositoryFiles } from '../support/repository-copy.js';

const TRANSFORM = 'node_modules/eslint-plugin-graceful-shutdown/dist/codemods/graceful-main.js';
/** The folders tsconfig.build.json compiles, and the top-level file. */
const COMPILED = ['index.ts', 'rules', 'detection', 'codemods', 'cli'];
const cases = new Map(loadCases().map((fixture) => [fixture.name, fixture]));
let temp = '';
let consumer = '';
let packed: { filename: string; files: { path: string }[] } | undefined;

function run(command: string, args: string[], cwd: string, timeout = 300_000): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  delete env.NODE_OPTIONS;
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout });
}

const output = (result: SpawnSyncReturns<string>): string =>
  `exit ${String(result.status)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;

/** What the tarball must hold, derived from the sources: each compiled .ts gives a .js and a .d.ts. */
function expectedContents(files: readonly string[]): string[] {
  const compiled = files
    .filter((file) => COMPILED.some((root) => file === root || file.startsWith(`${root}/`)))
    .filter((file) => /\.c?ts$/.test(file) && !/\.d\.c?ts$/.test(file))
    // `.cts` (the probe's CommonJS preload) compiles to `.cjs` and `.d.cts`.
    .flatMap((file) => {
      const [, stem, c] = /^(.*)\.(c?)ts$/.exec(file)!;
      return [`dist/${stem}.${c}js`, `dist/${stem}.d.${c}ts`];
    });
  const helpers = Object.values(helperFileNames).map((name) => `dist/helper/${name}`);
  const docs = files.filter((file) => file.startsWith('docs/') && file.endsWith('.md'));
  return [...compiled, ...helpers, ...docs, 'LICENSE', 'README.md', 'package.json'].sort();
}

/** Every file package.json points at: main, types, bin and each export condition. */
function entryPoints(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    main: string;
    types: string;
    bin: Record<string, string>;
    exports: Record<string, string | Record<string, string>>;
  };
  const targets = [
    pkg.main,
    pkg.types,
    ...Object.values(pkg.bin),
    ...Object.values(pkg.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry))),
  ];
  return [...new Set(targets.map((target) => path.posix.normalize(target)))];
}

describe.skipIf(process.platform === 'win32')('the packed package', () => {
  beforeAll(() => {
    ensureBuilt();
    temp = mkdtempSync(path.join(tmpdir(), 'graceful-shutdown-pack-'));
    // Already built: no prepack. stdout is npm's JSON only (see .npmrc).
    const pack = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', temp], repoRoot);
    if (pack.status !== 0) throw new Error(`npm pack failed\n${output(pack)}`);
    [packed] = JSON.parse(pack.stdout) as (typeof packed)[];

    consumer = path.join(temp, 'consumer');
    mkdirSync(path.join(consumer, 'src'), { recursive: true });
    mkdirSync(path.join(consumer, 'jobs'), { recursive: true });
    writeFileSync(
      path.join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
    );
    const example = cases.get('ts-design-example')!;
    writeFileSync(path.join(consumer, 'src/cli.ts'), example.input);
    cpSync(path.join(example.dir, 'lib.ts'), path.join(consumer, 'src/lib.ts'));
    writeFileSync(path.join(consumer, 'jobs/job.cjs'), cases.get('cjs-iife')!.input);
    const tarball = path.join(temp, packed!.filename);
    // Offline from the local npm cache; `--prefer-offline` when some dependency is not cached.
    let install = run('npm', ['install', tarball, '--offline', '--ignore-scripts'], consumer);
    if (install.status !== 0)
      install = run('npm', ['install', tarball, '--prefer-offline', '--ignore-scripts'], consumer);
    if (install.status !== 0) throw new Error(`npm install of the tarball failed\n${output(install)}`);
  }, 600_000);

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('holds exactly the built sources, their types, the helpers, docs, README, LICENSE and package.json', () => {
    const contents = packed!.files.map((file) => file.path).sort();
    const expected = expectedContents(repositoryFiles());
    expect(
      contents.filter((file) => !expected.includes(file)),
      'unexpected files in the tarball',
    ).toEqual([]);
    expect(
      expected.filter((file) => !contents.includes(file)),
      'files missing from the tarball',
    ).toEqual([]);
    expect(contents.filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('holds every file package.json points at (main, types, bin, exports)', () => {
    const contents = new Set(packed!.files.map((file) => file.path));
    const targets = entryPoints();
    expect(targets.length).toBeGreaterThan(5);
    expect(targets.filter((target) => !contents.has(target))).toEqual([]);
  });

  it('the installed helper variants are the ones generated from the template', () => {
    const installed = path.join(consumer, 'node_modules/eslint-plugin-graceful-shutdown/dist/helper');
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const template = readFileSync(path.join(repoRoot, 'codemods/helper/graceful-shutdown.ts'), 'utf8');
    for (const [variant, name] of Object.entries(helperFileNames))
      expect(readFileSync(path.join(installed, name), 'utf8'), name).toBe(
        generateHelperVariant(variant as HelperVariant, template, version),
      );
  });

  it('the documented command rewrites src/cli.ts and writes the helper beside it', () => {
    const result = run('npx', ['jscodeshift', '-t', TRANSFORM, 'src/cli.ts'], consumer);
    expect(result.status, output(result)).toBe(0);
    expect(result.stdout).toMatch(/1 ok/);
    expect(readFileSync(path.join(consumer, 'src/cli.ts'), 'utf8')).toBe(cases.get('ts-design-example')!.output);
    const helper = readFileSync(path.join(consumer, 'src/graceful-shutdown.ts'), 'utf8');
    expect(helper).toContain('export function runMain');
    expect(helper).toBe(
      readFileSync(
        path.join(consumer, 'node_modules/eslint-plugin-graceful-shutdown/dist/helper', helperFileNames.ts),
        'utf8',
      ),
    );
  }, 300_000);

  it('run again, it leaves the file as it is (idempotent through jscodeshift too)', () => {
    const before = readFileSync(path.join(consumer, 'src/cli.ts'), 'utf8');
    const result = run('npx', ['jscodeshift', '-t', TRANSFORM, 'src/cli.ts'], consumer);
    expect(result.status, output(result)).toBe(0);
    expect(readFileSync(path.join(consumer, 'src/cli.ts'), 'utf8')).toBe(before);
  }, 300_000);

  it('--dry writes nothing (no file, no helper); --no-babel loads the transform too', () => {
    const result = run(
      'npx',
      ['jscodeshift', '--dry', '--print', '--no-babel', '-t', TRANSFORM, 'jobs/job.cjs'],
      consumer,
    );
    expect(result.status, output(result)).toBe(0);
    expect(result.stdout).toContain("const { runMain } = require('./graceful-shutdown.cjs');");
    expect(readFileSync(path.join(consumer, 'jobs/job.cjs'), 'utf8')).toBe(cases.get('cjs-iife')!.input);
    expect(existsSync(path.join(consumer, 'jobs/graceful-shutdown.cjs'))).toBe(false);
  }, 300_000);

  it('reports a skip with its reason and leaves the file untouched', () => {
    const skipped = cases.get('esm-two-entries')!;
    writeFileSync(path.join(consumer, 'jobs/two.js'), skipped.input);
    const result = run('npx', ['jscodeshift', '-t', TRANSFORM, 'jobs/two.js'], consumer);
    expect(result.status, output(result)).toBe(0);
    expect(result.stdout).toContain(`skipped: ${skipped.untouched!.reason}`);
    expect(readFileSync(path.join(consumer, 'jobs/two.js'), 'utf8')).toBe(skipped.input);
  }, 300_000);
});
