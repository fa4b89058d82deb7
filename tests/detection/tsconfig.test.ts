/**
 * The one tsconfig reader: string and array `extends`, the order tsc merges them in, path options
 * resolved against the file that sets them, the nearest `include`, and the depth bound.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readTsconfig,
  TSCONFIG_EXTENDS_DEPTH,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/tsconfig.js';

let temp: string;
let count = 0;

beforeAll(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-tsconfig-'));
});

afterAll(() => {
  fs.rmSync(temp, { recursive: true, force: true });
});

/** A fresh folder with these files (objects are written as JSON); returns its path. */
function project(files: Record<string, unknown>): string {
  const dir = path.join(temp, `p${++count}`);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('readTsconfig', () => {
  it('follows a string `extends`, with or without `.json`, and the file’s own options win', () => {
    const dir = project({
      'configs/base.json': { compilerOptions: { module: 'NodeNext', strict: false } },
      'configs/mid.json': { extends: './base', compilerOptions: { target: 'ES2022' } },
      'tsconfig.json': { extends: './configs/mid.json', compilerOptions: { strict: true } },
    });
    const { compilerOptions } = readTsconfig(path.join(dir, 'tsconfig.json'));
    expect({ ...compilerOptions }).toEqual({ module: 'NodeNext', strict: true, target: 'ES2022' });
  });

  it('follows an array `extends`: later entries win over earlier ones, the file over all', () => {
    const dir = project({
      'a.json': { compilerOptions: { module: 'commonjs', moduleResolution: 'node10', target: 'ES2019' } },
      'b.json': { compilerOptions: { module: 'NodeNext', target: 'ES2022' } },
      'tsconfig.json': { extends: ['./a.json', './b'], compilerOptions: { target: 'ES2024' } },
    });
    const { compilerOptions } = readTsconfig(path.join(dir, 'tsconfig.json'));
    expect({ ...compilerOptions }).toEqual({ module: 'NodeNext', moduleResolution: 'node10', target: 'ES2024' });
  });

  it('resolves path options against the file that sets them', () => {
    const dir = project({
      'configs/base.json': { compilerOptions: { outDir: '../build', rootDir: '../source' } },
      'tsconfig.json': { extends: './configs/base.json', compilerOptions: { declarationDir: 'types' } },
    });
    const { compilerOptions } = readTsconfig(path.join(dir, 'tsconfig.json'));
    expect(compilerOptions.outDir).toBe(path.join(dir, 'build'));
    expect(compilerOptions.rootDir).toBe(path.join(dir, 'source'));
    expect(compilerOptions.declarationDir).toBe(path.join(dir, 'types'));
  });

  it('keeps the nearest `include` with the folder it is relative to (tsc does not merge it)', () => {
    const dir = project({
      'configs/base.json': { include: ['../lib/**/*'] },
      'tsconfig.json': { extends: './configs/base.json' },
      'app/tsconfig.json': { extends: '../configs/base.json', include: ['src'] },
    });
    expect(readTsconfig(path.join(dir, 'tsconfig.json')).include).toEqual({
      dir: path.join(dir, 'configs'),
      patterns: ['../lib/**/*'],
    });
    expect(readTsconfig(path.join(dir, 'app/tsconfig.json')).include).toEqual({
      dir: path.join(dir, 'app'),
      patterns: ['src'],
    });
  });

  it(`follows ${TSCONFIG_EXTENDS_DEPTH} levels of \`extends\`, string or array, and ignores deeper parents`, () => {
    // level0 → level1 → … ; each level sets its own option, so the result shows how deep the reader went.
    const chain = (asArray: boolean): Record<string, unknown> => {
      const files: Record<string, unknown> = {};
      for (let level = 0; level <= TSCONFIG_EXTENDS_DEPTH + 2; level++) {
        const parent = `./level${level + 1}.json`;
        files[`level${level}.json`] = {
          extends: asArray ? ['./missing.json', parent] : parent,
          compilerOptions: { [`level${level}`]: true },
        };
      }
      return files;
    };
    const expected = Object.fromEntries(
      Array.from({ length: TSCONFIG_EXTENDS_DEPTH + 1 }, (_, level) => [`level${level}`, true]),
    );
    for (const asArray of [false, true]) {
      const dir = project(chain(asArray));
      expect({ ...readTsconfig(path.join(dir, 'level0.json')).compilerOptions }).toEqual(expected);
    }
  });

  it('stops on an `extends` cycle', () => {
    const dir = project({
      'a.json': { extends: './b.json', compilerOptions: { fromA: true } },
      'b.json': { extends: ['./a.json'], compilerOptions: { fromB: true } },
    });
    expect({ ...readTsconfig(path.join(dir, 'a.json')).compilerOptions }).toEqual({ fromA: true, fromB: true });
  });

  it('skips a parent it cannot read and package-name parents; throws when the file itself is unreadable', () => {
    const dir = project({
      'broken.json': '{ "compilerOptions": ',
      'tsconfig.json': {
        extends: ['@tsconfig/node20/tsconfig.json', './broken.json', './absent.json'],
        compilerOptions: { module: 'NodeNext' },
      },
    });
    expect({ ...readTsconfig(path.join(dir, 'tsconfig.json')).compilerOptions }).toEqual({ module: 'NodeNext' });
    expect(() => readTsconfig(path.join(dir, 'broken.json'))).toThrow(SyntaxError);
    expect(() => readTsconfig(path.join(dir, 'absent.json'))).toThrow(/ENOENT/);
  });

  it('reads comments and trailing commas, and treats `__proto__` as an option name like any other', () => {
    const dir = project({
      'tsconfig.json': `{
  // a comment
  "compilerOptions": { "__proto__": { "outDir": "nope" }, "module": "NodeNext", },
}`,
    });
    const { compilerOptions } = readTsconfig(path.join(dir, 'tsconfig.json'));
    expect(compilerOptions.module).toBe('NodeNext');
    expect(compilerOptions.outDir).toBeUndefined();
    expect(Object.hasOwn(compilerOptions, '__proto__')).toBe(true);
  });
});
