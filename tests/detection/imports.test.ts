/**
 * Module bindings (`collectImports`) and reference resolution (`resolveReference`): ESM imports,
 * CommonJS requires, namespaces, `node:` normalisation and the `fs.promises`-style namespaces,
 * each case run through both AST dialects (ESTree: typescript-estree, espree; Babel: jscodeshift).
 */
import { describe, expect, it } from 'vitest';
import {
  type AnyNode,
  child,
  children,
  isAsyncFunction,
  isCallExpression,
  isFunctionNode,
  memberPath,
  stringValue,
  unwrap,
  walk,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import {
  collectImports,
  normalizeModule,
  resolveReference,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/imports.js';
import { dialectsFor, parseProgram } from '../support/parse-dialects.js';

/** The bindings as `local → source#imported`, easy to compare. */
function bindingsOf(program: AnyNode): Record<string, string> {
  return Object.fromEntries(
    [...collectImports(program)].map(([local, binding]) => [local, `${binding.source}#${binding.imported}`]),
  );
}

/** Resolves the callee of the file's last expression statement (or the expression itself when it is not a call). */
function resolveLast(program: AnyNode): string | undefined {
  const statements = children(program, 'body').filter((statement) => statement.type === 'ExpressionStatement');
  const expression = unwrap(child(statements[statements.length - 1]!, 'expression'));
  const target = isCallExpression(expression) ? child(expression!, 'callee') : expression;
  const binding = resolveReference(target, collectImports(program));
  return binding === undefined ? undefined : `${binding.source}#${binding.imported}`;
}

interface Case {
  readonly name: string;
  readonly code: string;
  readonly ts?: boolean;
}

describe('collectImports', () => {
  const cases: Array<Case & { expected: Record<string, string> }> = [
    {
      name: 'ESM named, aliased, default and namespace imports',
      code: `import { readFile, writeFile as write } from 'fs/promises';\nimport EventEmitter from 'events';\nimport * as http from 'http';`,
      expected: {
        readFile: 'fs/promises#readFile',
        write: 'fs/promises#writeFile',
        EventEmitter: 'events#default',
        http: 'http#*',
      },
    },
    {
      name: 'node: prefixes are normalised',
      code: `import { setTimeout as sleep } from 'node:timers/promises';\nimport fs from 'node:fs';\nconst cp = require('node:child_process');`,
      expected: { sleep: 'timers/promises#setTimeout', fs: 'fs#default', cp: 'child_process#*' },
    },
    {
      name: 'default and named imports in one declaration',
      code: `import React, { useEffect as effect } from 'react';`,
      expected: { React: 'react#default', effect: 'react#useEffect' },
    },
    {
      name: 'import { default as x }, and a string-named export',
      code: `import { default as fs, 'kebab-name' as kebab } from 'fs';`,
      expected: { fs: 'fs#default', kebab: 'fs#kebab-name' },
    },
    {
      name: 'relative and package specifiers are kept as written',
      code: `import { runMain } from '../lib/graceful-shutdown.js';\nimport { fetch } from 'undici';`,
      expected: { runMain: '../lib/graceful-shutdown.js#runMain', fetch: 'undici#fetch' },
    },
    {
      name: 'CommonJS whole-module require',
      code: `const fs = require('fs'), path = require('path');\nlet events = require('events');\nvar http = require('http');`,
      expected: { fs: 'fs#*', path: 'path#*', events: 'events#*', http: 'http#*' },
    },
    {
      name: 'CommonJS destructuring, renames and defaults',
      code: `const { once, on: listen, EventEmitter = class {} } = require('node:events');`,
      expected: { once: 'events#once', listen: 'events#on', EventEmitter: 'events#EventEmitter' },
    },
    {
      name: 'require(…).member',
      code: `const once = require('events').once;\nconst Server = require('http')['Server'];`,
      expected: { once: 'events#once', Server: 'http#Server' },
    },
    {
      name: "require('fs').promises is fs/promises",
      code: `const fsp = require('fs').promises;\nconst { readFile } = require('node:fs').promises;`,
      expected: { fsp: 'fs/promises#*', readFile: 'fs/promises#readFile' },
    },
    {
      name: '{ promises } and { promises: alias } of fs are fs/promises',
      code: `const { promises } = require('fs');\nconst { promises: dnsp } = require('dns');\nconst { promises: { pipeline } } = require('node:stream');`,
      expected: { promises: 'fs/promises#*', dnsp: 'dns/promises#*', pipeline: 'stream/promises#pipeline' },
    },
    {
      name: "ESM import { promises as fsp } from 'fs' is fs/promises",
      code: `import { promises as fsp } from 'node:fs';\nimport { promises } from 'readline';`,
      expected: { fsp: 'fs/promises#*', promises: 'readline/promises#*' },
    },
    {
      name: 'a `promises` export of another module stays a member',
      code: `import { promises } from 'my-lib';`,
      expected: { promises: 'my-lib#promises' },
    },
    {
      name: 'await import(…)',
      code: `const { readFile } = await import('node:fs/promises');\nconst http = await import('http');\nconst { default: fs } = await import('fs');`,
      expected: { readFile: 'fs/promises#readFile', http: 'http#*', fs: 'fs#default' },
    },
    {
      name: 'process.getBuiltinModule(…)',
      code: `const fs = process.getBuiltinModule('node:fs');`,
      expected: { fs: 'fs#*' },
    },
    {
      name: 'aliases of bindings: const fsp = fs.promises; const { once } = events',
      code: `import fs from 'fs';\nimport * as events from 'events';\nconst fsp = fs.promises;\nconst { once } = events;\nconst { writeFile } = fs.promises;\nconst sleep = require('timers').promises.setTimeout;`,
      expected: {
        fs: 'fs#default',
        events: 'events#*',
        fsp: 'fs/promises#*',
        once: 'events#once',
        writeFile: 'fs/promises#writeFile',
        sleep: 'timers/promises#setTimeout',
      },
    },
    {
      name: 'only top-level declarations bind (a require inside a function is its own scope)',
      code: `function f() { const fs = require('fs'); return fs; }\nif (x) { var cp = require('child_process'); }`,
      expected: {},
    },
    {
      name: 'non-module initialisers bind nothing',
      code: `const a = 1;\nconst b = compute();\nconst c = require(name);\nconst d = other.require('x');\nconst { e } = config;`,
      expected: {},
    },
    {
      name: 'TypeScript: import fs = require(…)',
      code: `import fs = require('node:fs');\nimport cp = require('child_process');`,
      expected: { fs: 'fs#*', cp: 'child_process#*' },
      ts: true,
    },
    {
      name: 'TypeScript: type-only imports bind no value',
      code: `import type { Readable } from 'stream';\nimport { type Writable, pipeline } from 'stream/promises';\nconst x = require('fs') as typeof import('fs');`,
      expected: { pipeline: 'stream/promises#pipeline', x: 'fs#*' },
      ts: true,
    },
  ];
  for (const testCase of cases) {
    describe(testCase.name, () => {
      for (const dialect of dialectsFor({ ts: testCase.ts ?? false })) {
        it(dialect, () => {
          expect(bindingsOf(parseProgram(dialect, testCase.code))).toEqual(testCase.expected);
        });
      }
    });
  }
});

describe('resolveReference', () => {
  const cases: Array<Case & { expected: string | undefined }> = [
    {
      name: 'a named import',
      code: `import { readFile } from 'node:fs/promises';\nreadFile('x');`,
      expected: 'fs/promises#readFile',
    },
    {
      name: 'a namespace member',
      code: `import * as fsp from 'fs/promises';\nfsp.readFile('x');`,
      expected: 'fs/promises#readFile',
    },
    {
      name: 'a default import member (treated as the namespace)',
      code: `import fs from 'fs';\nfs.readFileSync('x');`,
      expected: 'fs#readFileSync',
    },
    {
      name: 'fs.promises.readFile through a namespace',
      code: `import * as fs from 'node:fs';\nfs.promises.readFile('x');`,
      expected: 'fs/promises#readFile',
    },
    {
      name: 'fs.promises.readFile through a default import',
      code: `import fs from 'fs';\nfs.promises.readFile('x');`,
      expected: 'fs/promises#readFile',
    },
    {
      name: "fs['promises']['readFile'] (computed, static)",
      code: `import fs from 'fs';\nfs['promises']['readFile']('x');`,
      expected: 'fs/promises#readFile',
    },
    {
      name: 'an imported { promises } member',
      code: `import { promises } from 'fs';\npromises.readFile('x');`,
      expected: 'fs/promises#readFile',
    },
    {
      name: 'an imported { promises as fsp } member',
      code: `import { promises as fsp } from 'fs';\nfsp.writeFile('x', '');`,
      expected: 'fs/promises#writeFile',
    },
    {
      name: 'timers.promises.setTimeout',
      code: `const timers = require('timers');\ntimers.promises.setTimeout(10);`,
      expected: 'timers/promises#setTimeout',
    },
    {
      name: "inline require('fs').promises.readFile",
      code: `require('fs').promises.readFile('x');`,
      expected: 'fs/promises#readFile',
    },
    {
      name: "inline require('events').once",
      code: `require('node:events').once(emitter, 'x');`,
      expected: 'events#once',
    },
    {
      name: 'a CommonJS destructured name',
      code: `const { spawn } = require('child_process');\nspawn('ls');`,
      expected: 'child_process#spawn',
    },
    {
      name: 'a member of a named import',
      code: `import { EventEmitter } from 'events';\nEventEmitter.once(e, 'x');`,
      expected: 'events#EventEmitter.once',
    },
    {
      name: 'an optional call',
      code: `import * as fsp from 'fs/promises';\nfsp?.readFile?.('x');`,
      expected: 'fs/promises#readFile',
    },
    {
      name: 'an alias declared from a binding',
      code: `import fs from 'fs';\nconst fsp = fs.promises;\nfsp.readFile('x');`,
      expected: 'fs/promises#readFile',
    },
    {
      name: 'an awaited dynamic import',
      code: `const fsp = await import('node:fs/promises');\nfsp.readFile('x');`,
      expected: 'fs/promises#readFile',
    },
    { name: 'an unknown identifier', code: `readFile('x');`, expected: undefined },
    { name: 'a dynamic member', code: `import fs from 'fs';\nfs[method]('x');`, expected: undefined },
    { name: 'a local object', code: `const fs = { readFile() {} };\nfs.readFile('x');`, expected: undefined },
    {
      name: 'a call result',
      code: `import { createServer } from 'http';\ncreateServer().listen(0);`,
      expected: undefined,
    },
    {
      name: 'TypeScript: through a non-null and a cast',
      code: `import * as fsp from 'fs/promises';\n(fsp as typeof fsp)!.readFile('x');`,
      expected: 'fs/promises#readFile',
      ts: true,
    },
  ];
  for (const testCase of cases) {
    describe(testCase.name, () => {
      for (const dialect of dialectsFor({ ts: testCase.ts ?? false })) {
        it(dialect, () => {
          expect(resolveLast(parseProgram(dialect, testCase.code))).toBe(testCase.expected);
        });
      }
    });
  }
});

describe('helpers', () => {
  it('normalizeModule strips node: only', () => {
    expect(normalizeModule('node:fs')).toBe('fs');
    expect(normalizeModule('node:fs/promises')).toBe('fs/promises');
    expect(normalizeModule('fs')).toBe('fs');
    expect(normalizeModule('./node:x.js')).toBe('./node:x.js');
  });

  for (const dialect of dialectsFor()) {
    it(`memberPath names a callee as written (${dialect})`, () => {
      const program = parseProgram(
        dialect,
        `fsp.readFile('x');
fs.promises.writeFile('x');
(() => {})();`,
      );
      const calls = children(program, 'body').map((statement) => unwrap(child(statement, 'expression'))!);
      expect(calls.map((call) => memberPath(child(call, 'callee')))).toEqual([
        'fsp.readFile',
        'fs.promises.writeFile',
        undefined,
      ]);
    });
  }
});

describe('ast helpers agree across dialects', () => {
  /** Every node of a type, in source order. */
  const nodesOf = (program: AnyNode, predicate: (node: AnyNode) => boolean): AnyNode[] => {
    const found: AnyNode[] = [];
    walk(program, (node) => {
      if (predicate(node)) found.push(node);
    });
    return found;
  };

  for (const dialect of dialectsFor()) {
    // A private name reads without its `#` in both dialects (ESTree's PrivateIdentifier, Babel's PrivateName).
    it(`memberPath of statements (${dialect})`, () => {
      const code =
        'process.on;\nimport.meta.url;\nthis.queue.add;\nglobalThis.process.argv;\nfs["promises"].readFile;\nclass A { #q; m() { this.#q.add; } }\nx[y].z;\n(a?.b)?.c;';
      const program = parseProgram(dialect, code);
      const members = nodesOf(program, (node) => node.type === 'ExpressionStatement').map((statement) =>
        memberPath(child(statement, 'expression')),
      );
      expect(members).toEqual([
        'process.on',
        'import.meta.url',
        'this.queue.add',
        'globalThis.process.argv',
        'fs.promises.readFile',
        'this.q.add',
        undefined,
        'a.b.c',
      ]);
    });

    it(`isFunctionNode / isAsyncFunction on every function form, methods included (${dialect})`, () => {
      const code =
        'async function a() {}\nconst b = async () => {};\nconst c = function () {};\nclass D { async m() {} #p() {} }\nconst e = { async m() {}, get g() { return 1; } };';
      const program = parseProgram(dialect, code);
      // A method counts once: Babel's ClassMethod/ObjectMethod or ESTree's FunctionExpression value.
      const functions = nodesOf(program, isFunctionNode);
      expect(functions.map((fn) => isAsyncFunction(fn))).toEqual([true, true, false, true, false, true, false]);
    });

    it(`stringValue of literals and plain templates (${dialect})`, () => {
      // Not first in the file: Babel moves a leading string statement into the directives.
      const program = parseProgram(dialect, "1;\n'a';\n`b`;\n`c${d}`;");
      const values = children(program, 'body').map((statement) => stringValue(child(statement, 'expression')));
      expect(values).toEqual([undefined, 'a', 'b', undefined]);
    });
  }
});
