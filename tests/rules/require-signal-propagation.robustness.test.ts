// Never crash on syntax the parsers accept (JS, TS, JSX, CJS, ESM), in both modes; and a clear
// error when `typeAware` is on without type information.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/require-signal-propagation.js';
import { typedParserOptions } from './typed-parser-options.js';

const fixtures = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/rules/require-signal-propagation',
);

const plugin = { rules: { 'require-signal-propagation': rule } } as unknown as NonNullable<
  Linter.Config['plugins']
>[string];

function lint(
  code: string,
  filename: string,
  options: { typeAware?: boolean; parser?: boolean; sourceType?: 'module' | 'script' | 'commonjs' } = {},
): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config = {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.cjs'],
    plugins: { gs: plugin },
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: options.sourceType ?? 'module',
      ...(options.parser === false
        ? {}
        : {
            parser: tsParser,
            parserOptions: {
              ecmaFeatures: { jsx: filename.endsWith('x') },
              ...(options.typeAware ? typedParserOptions(fixtures) : {}),
            },
          }),
    },
    rules: { 'gs/require-signal-propagation': ['error', { typeAware: options.typeAware ?? false }] },
  };
  return linter.verify(code, config, { filename });
}

const GRAB_BAG_TS = `
import fs, * as fsAll from 'node:fs';
import { readFile as rf, type Stats } from 'node:fs/promises';
import json from './data.json' with { type: 'json' };
import eq = require('node:events');
export = {};
declare module 'x' { export const y: number; }
namespace NS { export const z = 1; }
enum Color { Red, Green = 'g' }
const enum K { A }
abstract class Base<T extends object = {}> { abstract run(signal: AbortSignal): Promise<void>; protected constructor(public readonly name: string, private signal?: AbortSignal) {} }
@sealed class Decorated { @field accessor value = 1; static { void fetch('x'); } #hidden = 1; get #g() { return this.#hidden; } }
function overloaded(a: string): void; function overloaded(a: number): void; function overloaded(a: unknown) {}
async function* gen(signal: AbortSignal) { yield* [1]; for await (const x of on(emitter, 'x')) yield x; }
async function main({ signal, track, defer }: MainContext, ...rest: unknown[]) {
  label: for (const x of []) { if (x) continue label; else break label; }
  const fn = fetch; fn(url);
  fetch(...args); fetch(); (0, fetch)(url); fetch.call(null, url); fetch\`tagged\`; new fetch(url);
  (fetch as any)(url); fetch!(url); (fetch)<string>(url); fetch?.(url)?.then?.(() => {});
  await rf(path, ...opts); await rf(...all); await rf(path, { ...opts, ['x' + y]: 1 }); await rf(path, { [key]: 1 });
  await rf(path, { get signal() { return signal; } }); await rf(path, { signal() {} });
  const { [computed]: a = 1, ...others } = rest as any; const [b, , c = 2, ...d] = [] as any[];
  super_: { void 0; }
  const big = 10n ** 2n; const re = /a(?<n>b)/v; const t = \`\${big}\`; x ??= y; x ||= z; x &&= w;
  using res = getResource(); await using asyncRes = getAsyncResource();
  const obj = { async *[Symbol.asyncIterator]() {}, get x() { return 1; }, set x(v) {}, 'quoted': 1, 1: 2 };
  try { throw new Error('x'); } catch { fetch(url); } finally { fetch(url); }
  switch (k) { case 1: { const signal2 = AbortSignal.timeout(1); fetch(url); break; } default: fetch(url); }
  if (a) fetch(url); else if (b) fetch(url, undefined); else fetch(url, null);
  do { fetch(url); } while (false);
  class Local extends Base<{}> { constructor() { super('x'); } async run(s: AbortSignal) { await super.run?.(s); } }
  const arrow = async <T,>(x: T): Promise<T> => x satisfies T;
  const casted = <any>fetch; void import('node:fs'); void import.meta.url; void new.target;
  process.on('SIGINT', function (this: unknown, sig) { fetch(url); });
  emitter.on('exit', (code, signal) => fetch(url));
  [].forEach(async function named(signal) { fetch(url); });
  Readable.from(it).map(fn).filter(fn).toArray();
  readable.pipe(other).pipeTo(dest);
  ({ signal } = ctx); [signal] = list;
  fsAll.promises.readFile(path); fs['promises']['readFile'](path); require('node:timers/promises').setTimeout(1);
  eq.once(emitter, 'x');
}
export default async function (signal: AbortSignal) { await fetch(url); }
`;

const GRAB_BAG_TSX = `
import { readFile } from 'node:fs/promises';
export function App({ signal }: { signal: AbortSignal }) {
  const onClick = async () => { await fetch('/api'); await readFile('x'); };
  return <div onClick={onClick} data-x={fetch('/y', { signal })}>{items.map((i) => <Item key={i} {...props} />)}<></></div>;
}
`;

const GRAB_BAG_JS = `#!/usr/bin/env node
const { readFile } = require('fs').promises;
const timers = require('node:timers/promises'), events = require('events');
var self = this;
function legacy(signal) { with (Math) { max(1, 2); } arguments.callee; return readFile(path); }
module.exports = async function handler(event, context) {
  if (context.signal.aborted) return;
  await timers.setTimeout(10);
  for (var i = 0, j = 1; i < j; i++) { await events.once(emitter, 'x'); }
  label: { break label; }
  return new Promise(function (resolve) { readFile(p, 'utf8', resolve); });
};
`;

describe('robustness', () => {
  it('syntactic mode: a TS grab-bag', () => {
    const messages = lint(GRAB_BAG_TS, path.join(fixtures, 'grab-bag.ts'));
    expect(messages.filter((m) => m.fatal === true || m.ruleId === null)).toEqual([]);
    expect(messages.length).toBeGreaterThan(10);
  });

  it('type-aware mode: the same TS grab-bag', () => {
    const messages = lint(GRAB_BAG_TS, path.join(fixtures, 'grab-bag-typed.ts'), { typeAware: true });
    expect(messages.filter((m) => m.fatal === true || m.ruleId === null)).toEqual([]);
    expect(messages.length).toBeGreaterThan(10);
  });

  it('both modes: TSX', () => {
    for (const typeAware of [false, true]) {
      const messages = lint(GRAB_BAG_TSX, path.join(fixtures, `grab-bag-${String(typeAware)}.tsx`), { typeAware });
      expect(messages.filter((m) => m.fatal === true || m.ruleId === null)).toEqual([]);
      expect(messages.map((m) => m.line)).toEqual([4, 4]);
    }
  });

  it('espree: a sloppy-mode CommonJS script', () => {
    const messages = lint(GRAB_BAG_JS, path.join(fixtures, 'grab-bag.cjs'), { parser: false, sourceType: 'script' });
    expect(messages.filter((m) => m.fatal === true || m.ruleId === null)).toEqual([]);
    // legacy(signal).readFile, timers.setTimeout, events.once, readFile(p, 'utf8', resolve) with context.signal
    expect(messages.map((m) => m.line)).toEqual([5, 8, 9, 11]);
  });

  it('typeAware without type information is a clear error naming the file', () => {
    const file = path.join(fixtures, 'untyped.ts');
    const withoutProject = (): Linter.LintMessage[] => {
      const linter = new Linter({ configType: 'flat' });
      return linter.verify(
        'async function f(signal: AbortSignal) { await fetch(url); }',
        {
          files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.cjs'],
          plugins: { gs: plugin },
          languageOptions: { parser: tsParser },
          rules: { 'gs/require-signal-propagation': ['error', { typeAware: true }] },
        },
        { filename: file },
      );
    };
    expect(withoutProject).toThrow(/"typeAware: true" needs type information.*untyped\.ts/s);
    const withEspree = (): Linter.LintMessage[] =>
      new Linter({ configType: 'flat' }).verify(
        'async function f(signal) { await fetch(url); }',
        {
          files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.cjs'],
          plugins: { gs: plugin },
          rules: { 'gs/require-signal-propagation': ['error', { typeAware: true }] },
        },
        { filename: path.join(fixtures, 'plain.js') },
      );
    expect(withEspree).toThrow(/plain\.js/);
  });
});
