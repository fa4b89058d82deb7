/**
 * The text hints rules use to skip files: each must say "maybe" for every spelling the detection
 * behind it recognises (a "no" there would hide a finding), and "no" for ordinary code, which is
 * the point. The rules' invalid cases check the same from the other side: a hint that wrongly said
 * "no" would leave them without their reports.
 */
import { describe, expect, it } from 'vitest';
import {
  mayExitProcess,
  mayHaveSignalInScope,
  mayListenForSignals,
  mayOpenResource,
  mayProducePromise,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/text-hints.js';

interface HintTable {
  readonly hint: (text: string) => boolean;
  readonly maybe: readonly string[];
  readonly no: readonly string[];
}

const ORDINARY = [
  'module.exports = function add(a, b) { return a + b; };',
  "import path from 'node:path';\nexport const join = (...parts) => path.join(...parts);",
  'try { JSON.parse(text); } catch (error) { log(error); } finally { done(); }',
];

const tables: Record<string, HintTable> = {
  mayExitProcess: {
    hint: mayExitProcess,
    maybe: [
      'process.exit(1);',
      'process.exitCode = 1; process.reallyExit(0);',
      'globalThis.process.abort();',
      "import { exit } from 'node:process';\nexit(2);",
      "const { kill, pid } = require('process');\nkill(pid, 'SIGKILL');",
      "process['exit'](0);",
      'Deno.exit(1);',
      '\\u0070rocess.exit(1);',
      'pr\\u006fcess.e\\u0078it(1);',
    ],
    no: [
      ...ORDINARY,
      'console.log(process.env.HOME);',
      'server.close(); // exit later',
      'const exit = () => {};\nexit();',
      "const nl = '\\u000a'; process.stdout.write(nl);",
    ],
  },
  mayListenForSignals: {
    hint: mayListenForSignals,
    maybe: [
      "process.on('SIGINT', () => controller.abort());",
      "globalThis.process.once('SIGTERM', stop);",
      "Deno.addSignalListener('SIGTERM', stop);",
      "const SIGNALS = ['SIGINT', 'SIGTERM'];\nfor (const signal of SIGNALS) process.on(signal, stop);",
      "process.on('\\x53IGINT', stop);",
      "process.on('\\123IGINT', stop);",
      "\\u0070rocess.on('SIGINT', stop);",
    ],
    no: [
      ...ORDINARY,
      "process.on('exit', flush);",
      "process.on('uncaughtException', report);",
      "emitter.on('SIGINT', stop);",
    ],
  },
  mayProducePromise: {
    hint: mayProducePromise,
    maybe: [
      'async function main() {}',
      'new Promise((resolve) => setTimeout(resolve, 10));',
      'Promise.all(jobs);',
      'load().then(render);',
      'load()\n  .catch(report);',
      'load()\n  .finally(done);',
      "load()['then'](render);",
      'load()?.catch(report);',
      "const { readFile } = require('fs').promises;",
      "import { setTimeout } from 'node:timers/promises';",
      "const sleep = require('util').promisify(setTimeout);",
      "import { once } from 'node:events';",
      "const assert = require('assert');\nassert.rejects(run());",
      'crypto.subtle.digest("SHA-256", data);',
      'fetch(url);',
      "import('./plugin.js');",
      "import { request } from 'undici';",
      'WebAssembly.instantiate(bytes);',
      "const readline = require('node:readline/promises');",
      'const p = \\u0050romise.resolve();',
    ],
    no: [
      ...ORDINARY,
      'class Cache { get(key) { return this.map.get(key); } }',
      'const then = Date.now();',
      "const assert = require('assert');\nassert(value, 'value is required');",
      "const { EventEmitter } = require('events');\nnew EventEmitter().on('data', handle);",
      "const { createHash } = require('crypto');",
      "const e = '\\u00e9\\x41';",
    ],
  },
  mayOpenResource: {
    hint: mayOpenResource,
    maybe: [
      "import pg from 'pg';",
      'const { Worker } = require("node:worker_threads");',
      "import mysql from 'mysql2/promise';",
      'const io = require(`socket.io`)(3000);',
      "import { PrismaClient } from '@prisma/client';",
      "import Fastify from '\\x66astify';",
    ],
    no: [...ORDINARY, "const file = 'logo.jpg';", "import { pgFormat } from 'pg-format';", 'const ws = [];'],
  },
  mayHaveSignalInScope: {
    hint: mayHaveSignalInScope,
    maybe: [
      'async function run({ signal }) { await fetch(url, { signal }); }',
      'function run(abortSignal) {}',
      'function run(ctx: MainContext) {}',
      "import { runMain } from './graceful-shutdown.js';",
      'const s = controller.\\u0073ignal;',
    ],
    no: [...ORDINARY, 'controller.abort();'],
  },
};

describe.each(Object.entries(tables))('%s', (_name, table) => {
  it.each(table.maybe)('says maybe for %s', (text) => {
    expect(table.hint(text)).toBe(true);
  });
  it.each(table.no)('says no for %s', (text) => {
    expect(table.hint(text)).toBe(false);
  });
});
