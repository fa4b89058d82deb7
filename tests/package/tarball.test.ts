// Both packages as users get them, packed from the one build `npm test` (or ensureBuilt) made:
// `npm run build` starts each package from an empty dist/, so dist/ is what prepack would pack.
// 1. Contents, for EACH package: the built sources of its folders, their types (the CLI's also the
//    helper variants), README, LICENSE and package.json, and nothing else. No source maps: dist/ is
//    tsc's readable output, so stack traces cite lines that exist in the package; maps would point
//    at .ts sources it does not ship. Every file package.json points at is in the tarball.
// 2. Both tarballs installed in a fresh project, as users install them: `graceful-shutdown
//    --version` and `check`, and ESLint with the plugin in an eslint.config.js.
// 3. The documented plain-transform command:
//      npx jscodeshift -t node_modules/graceful-shutdown-cli/dist/codemods/graceful-main.js src/cli.ts
//    jscodeshift loads the transform with require() (through @babel/register unless --no-babel),
//    so this proves the built module graph loads that way (require(esm): no top-level await),
//    the plugin's detection modules included.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_DIR, PLUGIN_DIR, installInto, packWorkspace } from '../../bench/lib/footprint.js';
import {
  generateHelperVariant,
  helperFileNames,
  type HelperVariant,
} from '../../packages/graceful-shutdown-cli/codemods/helper/variants.js';
import { loadCases } from '../codemods/graceful-main-fixtures.js';
import { ensureBuilt } from '../cli/helpers.js';
import { repoRoot, repositoryFiles } from '../support/repository-copy.js';

const TRANSFORM = 'node_modules/graceful-shutdown-cli/dist/codemods/graceful-main.js';
/** The export condition that points the repository's tests and tsc at the sources (never packed). */
const SOURCE_CONDITION = 'graceful-shutdown-source';

interface Workspace {
  readonly name: string;
  readonly dir: string;
  /** The folders (and top-level file) its tsconfig.build.json compiles. */
  readonly compiled: readonly string[];
  readonly helpers: boolean;
}

const WORKSPACES: readonly Workspace[] = [
  {
    name: 'eslint-plugin-graceful-shutdown',
    dir: PLUGIN_DIR,
    compiled: ['index.ts', 'rules', 'detection'],
    helpers: false,
  },
  { name: 'graceful-shutdown-cli', dir: CLI_DIR, compiled: ['cli', 'codemods'], helpers: true },
];

const FLOATING = `async function main() { await fetch('https://example.com'); }
main();
`;
const cases = new Map(loadCases().map((fixture) => [fixture.name, fixture]));
let temp = '';
let consumer = '';
const packed = new Map<string, string[]>();

function run(command: string, args: string[], cwd: string, timeout = 300_000): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  delete env.NODE_OPTIONS;
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout });
}

const output = (result: SpawnSyncReturns<string>): string =>
  `exit ${String(result.status)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;

/** What a package's tarball must hold, from its sources: each compiled .ts gives a .js and a .d.ts. */
function expectedContents(workspace: Workspace): string[] {
  const prefix = `${path.relative(repoRoot, workspace.dir)}/`;
  const files = repositoryFiles()
    .filter((file) => file.startsWith(prefix))
    .map((file) => file.slice(prefix.length));
  const compiled = files
    .filter((file) => workspace.compiled.some((root) => file === root || file.startsWith(`${root}/`)))
    .filter((file) => /\.c?ts$/.test(file) && !/\.d\.c?ts$/.test(file))
    // `.cts` (the probe's CommonJS preload) compiles to `.cjs` and `.d.cts`.
    .flatMap((file) => {
      const [, stem, c] = /^(.*)\.(c?)ts$/.exec(file)!;
      return [`dist/${stem}.${c}js`, `dist/${stem}.d.${c}ts`];
    });
  const helpers = workspace.helpers ? Object.values(helperFileNames).map((name) => `dist/helper/${name}`) : [];
  return [...compiled, ...helpers, 'LICENSE', 'README.md', 'package.json'].sort();
}

type ExportTarget = string | { [condition: string]: ExportTarget };

/** Every file package.json points at (main, types, bin, each export condition) but the sources' condition. */
function entryPoints(workspace: Workspace): string[] {
  const pkg = JSON.parse(readFileSync(path.join(workspace.dir, 'package.json'), 'utf8')) as {
    main?: string;
    types?: string;
    bin?: Record<string, string>;
    exports: Record<string, ExportTarget>;
  };
  const targets = (entry: ExportTarget): string[] =>
    typeof entry === 'string'
      ? [entry]
      : Object.entries(entry).flatMap(([condition, target]) => (condition === SOURCE_CONDITION ? [] : targets(target)));
  const all = [
    ...[pkg.main, pkg.types].filter((target) => target !== undefined),
    ...Object.values(pkg.bin ?? {}),
    ...Object.values(pkg.exports).flatMap(targets),
  ];
  return [...new Set(all.map((target) => path.posix.normalize(target)))];
}

/** Whether a tarball file matches an export target (a `*` pattern matches any subpath). */
const matches = (target: string, file: string): boolean =>
  new RegExp(
    `^${target
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+')}$`,
  ).test(file);

describe.skipIf(process.platform === 'win32')('the packed packages', () => {
  beforeAll(() => {
    ensureBuilt();
    temp = mkdtempSync(path.join(tmpdir(), 'graceful-shutdown-pack-'));
    const tarballs = WORKSPACES.map((workspace) => {
      const { tarball, files } = packWorkspace(workspace.dir, path.join(temp, 'tarballs'));
      packed.set(workspace.name, files);
      return tarball;
    });

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
    writeFileSync(path.join(consumer, 'src/floating.mjs'), FLOATING);
    writeFileSync(path.join(consumer, 'jobs/job.cjs'), cases.get('cjs-iife')!.input);
    writeFileSync(
      path.join(consumer, 'eslint.config.js'),
      "import gracefulShutdown from 'eslint-plugin-graceful-shutdown';\n\nexport default [gracefulShutdown.configs.recommended];\n",
    );
    // Both tarballs; npm adds their peers (eslint, the parser) as users get them.
    installInto(consumer, tarballs);
  }, 900_000);

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it.each(WORKSPACES)(
    '$name holds exactly its built sources, their types, README, LICENSE and package.json',
    (workspace) => {
      const contents = [...packed.get(workspace.name)!].sort();
      const expected = expectedContents(workspace);
      expect(
        contents.filter((file) => !expected.includes(file)),
        'unexpected files in the tarball',
      ).toEqual([]);
      expect(
        expected.filter((file) => !contents.includes(file)),
        'files missing from the tarball',
      ).toEqual([]);
      expect(contents.filter((file) => file.endsWith('.map'))).toEqual([]);
    },
  );

  it.each(WORKSPACES)('$name holds every file its package.json points at (main, types, bin, exports)', (workspace) => {
    const contents = packed.get(workspace.name)!;
    const targets = entryPoints(workspace);
    expect(targets.length).toBeGreaterThan(2);
    expect(targets.filter((target) => !contents.some((file) => matches(target.replace(/^\.\//, ''), file)))).toEqual(
      [],
    );
  });

  it('the CLI gets its detection from the installed plugin, not a copy', () => {
    const cli = path.join(consumer, 'node_modules/graceful-shutdown-cli');
    expect(existsSync(path.join(cli, 'dist/detection'))).toBe(false);
    expect(existsSync(path.join(cli, 'node_modules/eslint-plugin-graceful-shutdown'))).toBe(false);
    expect(readFileSync(path.join(cli, 'dist/codemods/graceful-main.js'), 'utf8')).toContain(
      "from 'eslint-plugin-graceful-shutdown/detection/entrypoint'",
    );
  });

  it('graceful-shutdown --version and check run from the installed package', () => {
    const { version } = JSON.parse(readFileSync(path.join(CLI_DIR, 'package.json'), 'utf8')) as { version: string };
    const shown = run('npx', ['graceful-shutdown', '--version'], consumer);
    expect(shown.status, output(shown)).toBe(0);
    expect(shown.stdout.trim()).toBe(version);
    const checked = run('npx', ['graceful-shutdown', 'check', 'src/floating.mjs'], consumer);
    expect(checked.status, output(checked)).toBe(1);
    expect(checked.stdout).toMatch(/2:1 +error .* graceful-shutdown\/no-unmanaged-promises/);
  }, 300_000);

  it("ESLint loads the installed plugin from the project's eslint.config.js", () => {
    const linted = run('npx', ['eslint', 'src/floating.mjs'], consumer);
    expect(linted.status, output(linted)).toBe(1);
    expect(linted.stdout).toMatch(/2:1 +error .* graceful-shutdown\/no-unmanaged-promises/);
  }, 300_000);

  it('the installed helper variants are the ones generated from the template', () => {
    const installed = path.join(consumer, 'node_modules/graceful-shutdown-cli/dist/helper');
    const { version } = JSON.parse(readFileSync(path.join(CLI_DIR, 'package.json'), 'utf8')) as { version: string };
    const template = readFileSync(path.join(CLI_DIR, 'codemods/helper/graceful-shutdown.ts'), 'utf8');
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
      readFileSync(path.join(consumer, 'node_modules/graceful-shutdown-cli/dist/helper', helperFileNames.ts), 'utf8'),
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
