// The shared signal-API table and `optionsPlacement`: invariants, placements, and every row's
// position checked against Node's own type declarations (the edit must type-check).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ArgumentShape,
  type SignalApi,
  SIGNAL_APIS,
  optionsPlacement,
  signalApiKey,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/signal-apis.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const row = (key: string): SignalApi => {
  const found = SIGNAL_APIS.find((api) => signalApiKey(api) === key);
  if (!found) throw new Error(`no row ${key}`);
  return found;
};

/** Shapes from argument texts, the way a codemod would describe them. */
function shapesOf(args: readonly string[]): ArgumentShape[] {
  return args.map((text) => {
    if (text.startsWith('...')) return { isObjectLiteral: false, isSpread: true };
    if (text.startsWith('{')) return { isObjectLiteral: true, isSpread: false };
    if (text.startsWith('[')) return { isObjectLiteral: false, isSpread: false, kind: 'array' };
    if (text.startsWith("'") || text.startsWith('`'))
      return { isObjectLiteral: false, isSpread: false, kind: 'string' };
    if (text.startsWith('(') || text.startsWith('function'))
      return { isObjectLiteral: false, isSpread: false, kind: 'function' };
    if (/^\d/.test(text) || text === 'undefined' || text.startsWith('new '))
      return { isObjectLiteral: false, isSpread: false, kind: 'other' };
    return { isObjectLiteral: false, isSpread: false };
  });
}

/** Applies a placement to argument texts (what the rule's suggestion and the codemod do). */
function applyPlacement(api: SignalApi, args: readonly string[]): string[] | undefined {
  const placement = optionsPlacement(api, shapesOf(args));
  const result = [...args];
  switch (placement.kind) {
    case 'add-property': {
      const literal = result[placement.index]!;
      result[placement.index] = literal === '{}' ? '{ signal }' : literal.replace(/\s*\}$/, ', signal }');
      return result;
    }
    case 'append-argument':
      result.splice(placement.index, 0, ...placement.fillers, '{ signal }');
      return result;
    case 'wrap-argument': {
      const original = result[placement.index]!;
      result[placement.index] = placement.property
        ? `{ ${placement.property}: ${original}, signal }`
        : `{ ...${original}, signal }`;
      return result;
    }
    default:
      return undefined;
  }
}

describe('SIGNAL_APIS', () => {
  it('has one row per module export / global / method', () => {
    const keys = SIGNAL_APIS.map(signalApiKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps positions consistent', () => {
    for (const api of SIGNAL_APIS) {
      if (api.optionsIndex === 'last') {
        expect(api.fillers ?? [], signalApiKey(api)).toEqual([]);
        continue;
      }
      expect(api.optionsIndex, signalApiKey(api)).toBeGreaterThanOrEqual(0);
      expect((api.fillers ?? []).length, signalApiKey(api)).toBeLessThanOrEqual(api.optionsIndex);
      expect(api.optionsFrom ?? api.optionsIndex, signalApiKey(api)).toBeLessThanOrEqual(api.optionsIndex);
      if (api.receiver) expect(api.module, signalApiKey(api)).toBe('method');
    }
  });
});

describe('optionsPlacement', () => {
  const cases: Array<[key: string, args: string[], expected: ReturnType<typeof optionsPlacement>]> = [
    // Fillers for skipped optional arguments.
    ['timers/promises#setTimeout', [], { kind: 'append-argument', index: 0, fillers: ['undefined', 'undefined'] }],
    ['timers/promises#setTimeout', ['1000'], { kind: 'append-argument', index: 1, fillers: ['undefined'] }],
    ['timers/promises#setTimeout', ['1000', "'v'"], { kind: 'append-argument', index: 2, fillers: [] }],
    ['timers/promises#setTimeout', ['1000', "'v'", '{ ref: false }'], { kind: 'add-property', index: 2 }],
    ['timers/promises#setTimeout', ['1000', "'v'", 'options'], { kind: 'wrap-argument', index: 2 }],
    // An object as the *value* is not the options.
    ['timers/promises#setTimeout', ['1000', '{ a: 1 }'], { kind: 'append-argument', index: 2, fillers: [] }],
    ['timers/promises#setTimeout', ['...args'], { kind: 'unknown' }],
    ['timers/promises#setImmediate', [], { kind: 'append-argument', index: 0, fillers: ['undefined'] }],
    // Required arguments.
    ['global#fetch', [], { kind: 'unknown' }],
    ['global#fetch', ['url'], { kind: 'append-argument', index: 1, fillers: [] }],
    ['global#fetch', ['url', '{}'], { kind: 'add-property', index: 1 }],
    ['events#once', ['emitter'], { kind: 'unknown' }],
    ['events#once', ['emitter', "'x'"], { kind: 'append-argument', index: 2, fillers: [] }],
    // Type-dispatched positions.
    ['child_process#spawn', ["'ls'"], { kind: 'append-argument', index: 1, fillers: [] }],
    ['child_process#spawn', ["'ls'", "['-l']"], { kind: 'append-argument', index: 2, fillers: [] }],
    ['child_process#spawn', ["'ls'", '{ cwd }'], { kind: 'add-property', index: 1 }],
    ['child_process#spawn', ["'ls'", 'args'], { kind: 'unknown' }],
    ['child_process#spawn', ["'ls'", 'args', '{ cwd }'], { kind: 'add-property', index: 2 }],
    ['child_process#spawn', ["'ls'", "['-l']", 'options'], { kind: 'wrap-argument', index: 2 }],
    ['http#get', ["'http://x'"], { kind: 'append-argument', index: 1, fillers: [] }],
    ['http#get', ['{ host }'], { kind: 'add-property', index: 0 }],
    ['http#get', ['target'], { kind: 'unknown' }],
    ['http#get', ['target', '{ headers }'], { kind: 'add-property', index: 1 }],
    ['http#get', ['new URL(x)', '(res) => {}'], { kind: 'append-argument', index: 1, fillers: [] }],
    ['net#connect', ['8080'], { kind: 'unknown' }],
    ['net#connect', ['{ port }', '() => {}'], { kind: 'add-property', index: 0 }],
    // Callbacks stay last.
    ['child_process#exec', ["'ls'", '(err) => {}'], { kind: 'append-argument', index: 1, fillers: [] }],
    ['child_process#exec', ["'ls'", '{ cwd }', '(err) => {}'], { kind: 'add-property', index: 1 }],
    ['child_process#execFile', ["'node'", '(err) => {}'], { kind: 'append-argument', index: 1, fillers: [] }],
    ['child_process#execFile', ["'node'", "['-v']", '(err) => {}'], { kind: 'append-argument', index: 2, fillers: [] }],
    ['fs#readFile', ["'a'", '(err, data) => {}'], { kind: 'append-argument', index: 1, fillers: [] }],
    // String shorthand.
    ['fs/promises#readFile', ["'a'", "'utf8'"], { kind: 'wrap-argument', index: 1, property: 'encoding' }],
    ['fs#readFile', ["'a'", "'utf8'", '(err, data) => {}'], { kind: 'wrap-argument', index: 1, property: 'encoding' }],
    ['global#fetch', ['url', "'nope'"], { kind: 'unknown' }],
    // Variadic.
    ['stream/promises#pipeline', [], { kind: 'unknown' }],
    ['stream/promises#pipeline', ['a', 'b'], { kind: 'append-argument', index: 2, fillers: [] }],
    ['stream/promises#pipeline', ['a', '(source) => source', 'b'], { kind: 'append-argument', index: 3, fillers: [] }],
    ['stream/promises#pipeline', ['a', 'b', '{ end: false }'], { kind: 'add-property', index: 2 }],
    ['stream/promises#pipeline', ['...streams'], { kind: 'unknown' }],
    ['stream/promises#pipeline', ['...streams', 'b'], { kind: 'append-argument', index: 2, fillers: [] }],
    // Methods.
    ['method#toArray', [], { kind: 'append-argument', index: 0, fillers: [] }],
    ['method#reduce', ['(a, b) => a + b'], { kind: 'unknown' }],
    ['method#reduce', ['(a, b) => a + b', '0'], { kind: 'append-argument', index: 2, fillers: [] }],
    ['method#question', ["'Name?'", '(answer) => {}'], { kind: 'append-argument', index: 1, fillers: [] }],
  ];
  it.each(cases)('%s(%j)', (key, args, expected) => {
    expect(optionsPlacement(row(key), shapesOf(args))).toEqual(expected);
  });

  it('works with the minimal argument descriptions (kind omitted): only more cautious', () => {
    const minimal = (args: string[]) =>
      shapesOf(args).map(({ isObjectLiteral, isSpread }) => ({ isObjectLiteral, isSpread }));
    expect(optionsPlacement(row('child_process#spawn'), minimal(["'ls'", "['-l']"]))).toEqual({ kind: 'unknown' });
    expect(optionsPlacement(row('child_process#spawn'), minimal(["'ls'", '{ cwd }']))).toEqual({
      kind: 'add-property',
      index: 1,
    });
    expect(optionsPlacement(row('timers/promises#setTimeout'), minimal(['1000']))).toEqual({
      kind: 'append-argument',
      index: 1,
      fillers: ['undefined'],
    });
    expect(optionsPlacement(row('child_process#exec'), minimal(["'ls'", '(err) => {}']))).toEqual({
      kind: 'wrap-argument',
      index: 1,
    });
  });
});

/**
 * Calls per row, with the setup they need. Each is rewritten with `optionsPlacement` and the
 * result must type-check against @types/node: the table's positions are Node's real ones.
 */
const PRELUDE = `
import { EventEmitter, once, on } from 'node:events';
import { setTimeout, setImmediate, setInterval, scheduler } from 'node:timers/promises';
import { pipeline, finished } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import type { ReadableStream as WebReadable, WritableStream as WebWritable, TransformStream as WebTransform } from 'node:stream/web';
import * as fsp from 'node:fs/promises';
import * as fsCb from 'node:fs';
import { spawn, fork, execFile, exec } from 'node:child_process';
import * as rlp from 'node:readline/promises';
import * as rlc from 'node:readline';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as undici from 'undici';
declare const emitter: EventEmitter;
declare const readable: Readable;
declare const writable: Writable;
declare const webStream: WebReadable<string>;
declare const webWritable: WebWritable<string>;
declare const webTransform: WebTransform<string, string>;
declare const promisesInterface: rlp.Interface;
declare const callbackInterface: rlc.Interface;
`;

const SAMPLES: Record<string, { callee: string; calls: string[][] }> = {
  'global#fetch': { callee: 'fetch', calls: [["'https://x'"], ["'https://x'", "{ method: 'POST' }"]] },
  'timers/promises#setTimeout': {
    callee: 'setTimeout',
    calls: [[], ['10'], ['10', "'v'"], ['10', "'v'", '{ ref: false }']],
  },
  'timers/promises#setImmediate': { callee: 'setImmediate', calls: [[], ["'v'"]] },
  'timers/promises#setInterval': { callee: 'setInterval', calls: [[], ['5'], ['5', "'v'"]] },
  'timers/promises#scheduler.wait': { callee: 'scheduler.wait', calls: [['5']] },
  'events#once': { callee: 'once', calls: [['emitter', "'x'"]] },
  'events#on': { callee: 'on', calls: [['emitter', "'x'"]] },
  'events#EventEmitter.once': { callee: 'EventEmitter.once', calls: [['emitter', "'x'"]] },
  'events#EventEmitter.on': { callee: 'EventEmitter.on', calls: [['emitter', "'x'"]] },
  'stream/promises#pipeline': {
    callee: 'pipeline',
    calls: [
      ['readable', 'writable'],
      ['readable', 'writable', '{ end: false }'],
    ],
  },
  'stream/promises#finished': { callee: 'finished', calls: [['readable']] },
  'stream#Readable.from': { callee: 'Readable.from', calls: [["['a']"], ["['a']", '{ objectMode: true }']] },
  'stream#Readable.fromWeb': { callee: 'Readable.fromWeb', calls: [['webStream']] },
  'fs/promises#readFile': {
    callee: 'fsp.readFile',
    calls: [["'a'"], ["'a'", "'utf8'"], ["'a'", "{ encoding: 'utf8' }"]],
  },
  'fs/promises#writeFile': {
    callee: 'fsp.writeFile',
    calls: [
      ["'a'", "'d'"],
      ["'a'", "'d'", "'utf8'"],
    ],
  },
  'fs/promises#watch': { callee: 'fsp.watch', calls: [["'.'"], ["'.'", "'utf8'"]] },
  'fs#readFile': {
    callee: 'fsCb.readFile',
    calls: [
      ["'a'", '(err, data) => {}'],
      ["'a'", "'utf8'", '(err, data) => {}'],
    ],
  },
  'fs#writeFile': { callee: 'fsCb.writeFile', calls: [["'a'", "'d'", '(err) => {}']] },
  'fs#appendFile': { callee: 'fsCb.appendFile', calls: [["'a'", "'d'", '(err) => {}']] },
  'fs#watch': { callee: 'fsCb.watch', calls: [["'.'"], ["'.'", '() => {}']] },
  'fs#createReadStream': {
    callee: 'fsCb.createReadStream',
    calls: [["'a'"], ["'a'", "'utf8'"], ["'a'", '{ start: 0 }']],
  },
  'fs#createWriteStream': { callee: 'fsCb.createWriteStream', calls: [["'a'"], ["'a'", "{ flags: 'a' }"]] },
  'child_process#spawn': { callee: 'spawn', calls: [["'ls'"], ["'ls'", "['-l']"], ["'ls'", "{ cwd: '.' }"]] },
  'child_process#fork': { callee: 'fork', calls: [["'w.js'"], ["'w.js'", "['a']"]] },
  'child_process#execFile': {
    callee: 'execFile',
    calls: [["'node'"], ["'node'", "['-v']"], ["'node'", '(err) => {}'], ["'node'", "['-v']", '(err) => {}']],
  },
  'child_process#exec': { callee: 'exec', calls: [["'ls'"], ["'ls'", '(err) => {}']] },
  'readline/promises#createInterface': { callee: 'rlp.createInterface', calls: [['{ input: process.stdin }']] },
  'readline#createInterface': { callee: 'rlc.createInterface', calls: [['{ input: process.stdin }']] },
  'method#question': { callee: 'promisesInterface.question', calls: [["'Name?'"]] },
  'http#request': {
    callee: 'http.request',
    calls: [["'http://x'"], ["'http://x'", '(res) => {}'], ["{ host: 'x' }"], ["'http://x'", "{ method: 'GET' }"]],
  },
  'http#get': {
    callee: 'http.get',
    calls: [["'http://x'"], ["'http://x'", '(res) => {}'], ["{ host: 'x' }", '(res) => {}']],
  },
  'https#request': { callee: 'https.request', calls: [["'https://x'"], ["{ host: 'x' }"]] },
  'https#get': { callee: 'https.get', calls: [["'https://x'", '(res) => {}']] },
  'net#connect': { callee: 'net.connect', calls: [['{ port: 1 }'], ['{ port: 1 }', '() => {}']] },
  'net#createConnection': { callee: 'net.createConnection', calls: [["{ path: '/tmp/s' }"]] },
  'method#map': { callee: 'readable.map', calls: [['(x) => x']] },
  'method#filter': { callee: 'readable.filter', calls: [['(x) => true']] },
  'method#forEach': { callee: 'readable.forEach', calls: [['(x) => {}']] },
  'method#some': { callee: 'readable.some', calls: [['(x) => true']] },
  'method#find': { callee: 'readable.find', calls: [['(x) => true']] },
  'method#every': { callee: 'readable.every', calls: [['(x) => true']] },
  'method#flatMap': { callee: 'readable.flatMap', calls: [['(x) => [x]']] },
  'method#drop': { callee: 'readable.drop', calls: [['1']] },
  'method#take': { callee: 'readable.take', calls: [['1']] },
  'method#toArray': { callee: 'readable.toArray', calls: [[]] },
  'method#reduce': { callee: 'readable.reduce', calls: [['(a, b) => a', '0']] },
  'method#pipeTo': { callee: 'webStream.pipeTo', calls: [['webWritable']] },
  'method#pipeThrough': { callee: 'webStream.pipeThrough', calls: [['webTransform']] },
  'undici#fetch': { callee: 'undici.fetch', calls: [["'https://x'"]] },
  'undici#request': { callee: 'undici.request', calls: [["'https://x'"]] },
};
/** Rows whose package has no types here (`node-fetch` v3 mirrors the global `fetch`). */
const UNCHECKED = new Set(['node-fetch#default']);

describe('every row against @types/node', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signal-apis-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has a sample for every row', () => {
    const missing = SIGNAL_APIS.map(signalApiKey).filter((key) => !SAMPLES[key] && !UNCHECKED.has(key));
    expect(missing).toEqual([]);
  });

  it('places `{ signal }` where Node accepts it', () => {
    const lines: string[] = [PRELUDE];
    const origins: string[] = [];
    for (const [key, sample] of Object.entries(SAMPLES)) {
      for (const args of sample.calls) {
        const edited = applyPlacement(row(key), args);
        expect(edited, `${key}(${args.join(', ')}) has a placement`).toBeDefined();
        origins[lines.length] = `${key}(${args.join(', ')})`;
        lines.push(
          `export async function t${lines.length}(signal: AbortSignal) { void ${sample.callee}(${edited!.join(', ')}); }`,
        );
      }
    }
    // Why `fs/promises.appendFile` is not in the table: Node declares no `signal` for it.
    lines.push(`export async function appendFileHasNoSignal(signal: AbortSignal) {
  // @ts-expect-error -- not an option of fs/promises.appendFile
  void fsp.appendFile('a', 'd', { signal });
}`);
    const file = path.join(dir, 'check.ts');
    fs.writeFileSync(file, lines.join('\n'));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      typeRoots: [path.join(repo, 'node_modules/@types')],
      paths: { undici: [path.join(repo, 'node_modules/undici-types/index.d.ts')] },
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const line =
        diagnostic.file && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
          : -1;
      return `${origins[line] ?? `line ${line + 1}`}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });
});
