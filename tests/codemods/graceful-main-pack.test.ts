// The documented plain-transform command against the package as users get it: build to a temp
// dir, `npm pack`, install the tarball into a fresh project from the local npm cache, then
//   npx jscodeshift -t node_modules/eslint-plugin-graceful-shutdown/dist/codemods/graceful-main.js src/cli.ts
// jscodeshift loads the transform with require() (through @babel/register unless --no-babel), so
// this proves the built module graph loads that way (require(esm): no top-level await).
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHelperVariant, helperFileNames, type HelperVariant } from '../../codemods/helper/variants.js';
import { loadCases, repoRoot } from './graceful-main-fixtures.js';

const TRANSFORM = 'node_modules/eslint-plugin-graceful-shutdown/dist/codemods/graceful-main.js';
const cases = new Map(loadCases().map((fixture) => [fixture.name, fixture]));
let temp = '';
let consumer = '';

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

describe.skipIf(process.platform === 'win32')('graceful-main from a packed tarball with npx jscodeshift', () => {
  beforeAll(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'graceful-main-pack-'));
    const pkg = path.join(temp, 'package');
    // Build to the temp dir (the repo's dist/ is left alone). Type errors elsewhere in the repo do
    // not stop tsc from emitting; the files this test needs must be there.
    const tsc = run(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules/typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        path.join(pkg, 'dist'),
      ],
      repoRoot,
    );
    if (!existsSync(path.join(pkg, 'dist/codemods/graceful-main.js'))) throw new Error(`build failed\n${output(tsc)}`);
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const template = readFileSync(path.join(repoRoot, 'codemods/helper/graceful-shutdown.ts'), 'utf8');
    mkdirSync(path.join(pkg, 'dist/helper'), { recursive: true });
    for (const [variant, name] of Object.entries(helperFileNames)) {
      writeFileSync(
        path.join(pkg, 'dist/helper', name),
        generateHelperVariant(variant as HelperVariant, template, version),
      );
    }
    for (const file of ['package.json', 'README.md']) cpSync(path.join(repoRoot, file), path.join(pkg, file));
    if (existsSync(path.join(repoRoot, 'docs')))
      cpSync(path.join(repoRoot, 'docs'), path.join(pkg, 'docs'), { recursive: true });
    // Already built: the package's own prepack (a build from sources) has nothing to build here.
    const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', temp], pkg);
    const tarball = pack.stdout.trim().split('\n').at(-1) ?? '';
    if (pack.status !== 0 || !tarball.endsWith('.tgz')) throw new Error(`npm pack failed\n${output(pack)}`);

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
    // Offline from the local npm cache; `--prefer-offline` when some dependency is not cached.
    let install = run('npm', ['install', path.join(temp, tarball), '--offline', '--ignore-scripts'], consumer);
    if (install.status !== 0)
      install = run('npm', ['install', path.join(temp, tarball), '--prefer-offline', '--ignore-scripts'], consumer);
    if (install.status !== 0) throw new Error(`npm install of the tarball failed\n${output(install)}`);
  }, 600_000);

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('the documented command rewrites src/cli.ts and writes the helper beside it', () => {
    const result = run('npx', ['jscodeshift', '-t', TRANSFORM, 'src/cli.ts'], consumer);
    expect(result.status, output(result)).toBe(0);
    expect(result.stdout).toMatch(/1 ok/);
    expect(readFileSync(path.join(consumer, 'src/cli.ts'), 'utf8')).toBe(cases.get('ts-design-example')!.output);
    const helper = readFileSync(path.join(consumer, 'src/graceful-shutdown.ts'), 'utf8');
    expect(helper).toContain('export function runMain');
    expect(helper).toBe(readFileSync(path.join(temp, 'package/dist/helper', helperFileNames.ts), 'utf8'));
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
