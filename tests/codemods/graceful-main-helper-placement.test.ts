// Where `graceful-shutdown fix` puts the helper in a package mixing TypeScript and JavaScript
// entrypoints: Node cannot run a `.ts` helper from a `.js` file, so each kind (TypeScript, ES
// module, CommonJS) gets its own helper, beside the first entrypoint of that kind; `--helper`
// naming a `.ts` file gives JavaScript entrypoints the JavaScript variant beside it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FixOptions, runFix } from '../../packages/graceful-shutdown-cli/cli/commands/fix.js';
import {
  helperForEntrypoint,
  helperKindOf,
} from '../../packages/graceful-shutdown-cli/codemods/graceful-main/helper-location.js';
import { clearProjectCaches } from '../../packages/eslint-plugin-graceful-shutdown/detection/project.js';

const ENTRY = `async function main() {
  console.log('done');
}

main();
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'gm-helper-')));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  clearProjectCaches();
  return dir;
}

interface FixJson {
  files: Array<{ file: string; status: string; helper?: string }>;
  helpers: Array<{ file: string; variant: string; status: string }>;
}

async function fix(
  dir: string,
  extra: Partial<FixOptions> = {},
): Promise<{ json: FixJson; stderr: string; status: number }> {
  let stdout = '';
  let stderr = '';
  const io = {
    cwd: dir,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  };
  const status = await runFix(
    [],
    { dryRun: false, diff: false, force: true, format: 'json', jobs: 1, threadSignal: false, ...extra },
    io,
  );
  return { json: JSON.parse(stdout) as FixJson, stderr, status };
}

const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');
const helperOf = (json: FixJson, file: string): string | undefined =>
  json.files.find((entry) => entry.file === file)?.helper;

describe('graceful-main helper placement in a mixed TypeScript/JavaScript package', () => {
  it('gives JavaScript entrypoints a JavaScript helper of their module system, one per kind', async () => {
    const dir = project({
      'package.json': '{ "name": "mixed", "private": true, "type": "module" }',
      'bin/a.ts': ENTRY,
      'bin/b.ts': ENTRY,
      'scripts/c.js': ENTRY,
      'scripts/d.mjs': ENTRY,
      'tools/e.cjs': ENTRY,
      'tools/f.js': ENTRY,
    });
    const { json, status } = await fix(dir);
    expect(status).toBe(0);
    expect(helperOf(json, 'bin/a.ts')).toBe('bin/graceful-shutdown.ts');
    expect(helperOf(json, 'bin/b.ts')).toBe('bin/graceful-shutdown.ts');
    // ESM: beside the first ESM entrypoint (scripts/c.js), shared by the .mjs and tools/f.js.
    expect(helperOf(json, 'scripts/c.js')).toBe('scripts/graceful-shutdown.js');
    expect(helperOf(json, 'scripts/d.mjs')).toBe('scripts/graceful-shutdown.js');
    expect(helperOf(json, 'tools/f.js')).toBe('scripts/graceful-shutdown.js');
    // CommonJS in a "type": "module" package: `.cjs`.
    expect(helperOf(json, 'tools/e.cjs')).toBe('tools/graceful-shutdown.cjs');
    expect(json.helpers.map((helper) => [helper.file, helper.variant]).sort()).toEqual([
      ['bin/graceful-shutdown.ts', 'ts'],
      ['scripts/graceful-shutdown.js', 'esm'],
      ['tools/graceful-shutdown.cjs', 'cjs'],
    ]);
    expect(read(dir, 'scripts/c.js')).toContain("from './graceful-shutdown.js'");
    expect(read(dir, 'tools/f.js')).toContain("from '../scripts/graceful-shutdown.js'");
    expect(read(dir, 'tools/e.cjs')).toContain("require('./graceful-shutdown.cjs')");
    expect(read(dir, 'tools/graceful-shutdown.cjs')).toContain('module.exports');
    for (const file of ['scripts/c.js', 'scripts/d.mjs', 'tools/e.cjs', 'tools/f.js'])
      expect(read(dir, file)).not.toMatch(/graceful-shutdown\.ts|bin\/graceful-shutdown/);
  });

  it('never puts a JavaScript helper where tsc would emit the TypeScript one', async () => {
    const dir = project({
      'package.json': '{ "name": "same-dir", "private": true, "type": "module" }',
      'bin/a.ts': ENTRY,
      'bin/b.js': ENTRY,
    });
    const { json } = await fix(dir);
    expect(helperOf(json, 'bin/a.ts')).toBe('bin/graceful-shutdown.ts');
    expect(helperOf(json, 'bin/b.js')).toBe('bin/graceful-shutdown.mjs');
    expect(read(dir, 'bin/b.js')).toContain("from './graceful-shutdown.mjs'");
    expect(existsSync(path.join(dir, 'bin/graceful-shutdown.js'))).toBe(false);
  });

  it('--helper naming a .ts file: JavaScript entrypoints get the JavaScript variant beside it, and fix says so', async () => {
    const dir = project({
      'package.json': '{ "name": "with-helper", "private": true }',
      'src/app.ts': ENTRY,
      'bin/run.js': ENTRY,
    });
    const { json, stderr, status } = await fix(dir, { helper: 'lib/graceful-shutdown.ts' });
    expect(status).toBe(0);
    expect(helperOf(json, 'src/app.ts')).toBe('lib/graceful-shutdown.ts');
    expect(helperOf(json, 'bin/run.js')).toBe('lib/graceful-shutdown.cjs');
    expect(read(dir, 'bin/run.js')).toContain("require('../lib/graceful-shutdown.cjs')");
    expect(json.helpers.map((helper) => [helper.file, helper.variant]).sort()).toEqual([
      ['lib/graceful-shutdown.cjs', 'cjs'],
      ['lib/graceful-shutdown.ts', 'ts'],
    ]);
    expect(stderr).toContain(
      'cannot run --helper lib/graceful-shutdown.ts: they import the cjs helper lib/graceful-shutdown.cjs beside it',
    );
  });

  it('helperForEntrypoint / helperKindOf', () => {
    const dir = project({ 'package.json': '{ "name": "esm", "private": true, "type": "module" }' });
    const at = (file: string): string => path.join(dir, file);
    expect(helperKindOf(at('a.ts'))).toBe('ts');
    expect(helperKindOf(at('a.js'))).toBe('esm');
    expect(helperKindOf(at('a.cjs'))).toBe('cjs');
    expect(helperForEntrypoint(at('a.ts'), at('lib/graceful-shutdown.ts'))).toBe(at('lib/graceful-shutdown.ts'));
    expect(helperForEntrypoint(at('a.js'), at('lib/graceful-shutdown.ts'))).toBe(at('lib/graceful-shutdown.mjs'));
    expect(helperForEntrypoint(at('a.js'), at('lib/shutdown.mts'))).toBe(at('lib/shutdown.js'));
    expect(helperForEntrypoint(at('a.cjs'), at('lib/graceful-shutdown.js'))).toBe(at('lib/graceful-shutdown.cjs'));
    expect(helperForEntrypoint(at('a.mjs'), at('lib/graceful-shutdown.js'))).toBe(at('lib/graceful-shutdown.js'));
  });
});
