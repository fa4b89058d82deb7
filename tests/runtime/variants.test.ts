// The helper variants are generated from the one template: the header and version stamp survive,
// the JavaScript has no TypeScript left, the CommonJS is plain require/module.exports, and each
// loads and exports exactly runMain and closeServer.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateHelperVariant,
  readHelperVariant,
  type HelperVariant,
} from '../../packages/graceful-shutdown-cli/codemods/helper/variants.js';

const root = new URL('../../', import.meta.url);
let template = '';
let version = '';
let dir = '';

beforeAll(async () => {
  template = await readFile(
    new URL('packages/graceful-shutdown-cli/codemods/helper/graceful-shutdown.ts', root),
    'utf8',
  );
  ({ version } = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { version: string });
  dir = await mkdtemp(join(tmpdir(), 'graceful-shutdown-variants-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const header = (text: string) => text.slice(0, text.indexOf('\n', text.indexOf('closeServer(server) stops')));

describe('helper variants', () => {
  it('the template carries the version stamp line', () => {
    expect(template.split('\n')[0]).toMatch(/^\/\/ graceful-shutdown helper v\d+\.\d+\.\d+$/);
    expect(template).toContain("Written by eslint-plugin-graceful-shutdown's `graceful-main` codemod");
  });

  it.each(['ts', 'esm', 'cjs'] as const)('%s: stamped with the given version, header comment kept', (variant) => {
    const text = generateHelperVariant(variant, template, '9.8.7');
    expect(text.split('\n')[0]).toBe('// graceful-shutdown helper v9.8.7');
    expect(header(text)).toBe(header(template).replace(/v\d+\.\d+\.\d+/, 'v9.8.7'));
    expect(text).not.toContain('@@graceful-shutdown-blank-line@@');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('ts: the template itself, restamped', () => {
    expect(generateHelperVariant('ts', template, version)).toBe(
      template.replace(/^\/\/ graceful-shutdown helper v\S+$/m, `// graceful-shutdown helper v${version}`),
    );
  });

  it.each([
    ['esm', 'graceful-shutdown.mjs'],
    ['cjs', 'graceful-shutdown.cjs'],
  ] as const)(
    '%s: valid JavaScript without types, exporting exactly runMain and closeServer',
    async (variant, file) => {
      const text = generateHelperVariant(variant, template, version);
      const path = join(dir, file);
      await writeFile(path, text);
      const check = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(text).not.toMatch(/\binterface\b|import type|: (?:string|number|boolean|unknown)\b|\bas const\b/);
      const loaded = (
        variant === 'esm' ? await import(pathToFileURL(path).href) : createRequire(import.meta.url)(path)
      ) as Record<string, unknown>;
      expect(
        Object.keys(loaded)
          .filter((key) => key !== 'default')
          .sort(),
      ).toEqual(['closeServer', 'runMain']);
      expect(typeof loaded.runMain).toBe('function');
      expect(typeof loaded.closeServer).toBe('function');
    },
  );

  it('esm: readable (blank lines kept, 2-space indentation)', () => {
    const text = generateHelperVariant('esm', template, version);
    expect(text).toContain("import { setMaxListeners } from 'node:events';");
    expect(text).toContain(
      '\nexport function runMain(main, options = {}) {\n  const { signals, timeoutMs, log } = settingsOf(options);',
    );
    expect(text).toMatch(/\n\}\n\n\/\*\*\n \* Stops `server`[^]*\*\/\nexport function closeServer\(server\) \{/);
    expect(text).not.toMatch(/^ {4}const \{ signals/m);
  });

  it('cjs: plain require and module.exports, no __esModule noise', () => {
    const text = generateHelperVariant('cjs', template, version);
    expect(text).toContain(
      "\n'use strict';\nconst { subscribe, unsubscribe } = require('node:diagnostics_channel');\n",
    );
    expect(text).toContain("const { setMaxListeners } = require('node:events');");
    expect(text.trimEnd().endsWith('module.exports = { runMain, closeServer };')).toBe(true);
    expect(text).not.toMatch(/__esModule|\bexports\.\w+ =|\(0, \w+_\d+\.|^(?:import|export)\b/m);
  });

  it('refuses a template it cannot convert faithfully', () => {
    expect(() =>
      generateHelperVariant('esm', template.replace(/^\/\/ graceful-shutdown helper v.*$/m, '// helper'), '1.0.0'),
    ).toThrow(/version/);
    expect(() => generateHelperVariant('cjs', `${template}\nexport default runMain;\n`, '1.0.0')).toThrow(/CommonJS/);
    expect(() => generateHelperVariant('cjs', `${template}\nimport * as os from 'node:os';\n`, '1.0.0')).toThrow(
      /named imports/,
    );
  });

  it.each(['ts', 'esm', 'cjs'] as HelperVariant[])(
    'readHelperVariant(%s) returns the built (or generated) text',
    (variant) => {
      const text = readHelperVariant(variant);
      expect(text.startsWith(`// graceful-shutdown helper v${version}\n`)).toBe(true);
      expect(text).toContain(
        variant === 'cjs' ? 'module.exports = { runMain, closeServer };' : 'export function runMain(',
      );
    },
  );
});
