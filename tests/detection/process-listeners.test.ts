/**
 * `processListener(call, ancestors, program)` in both AST dialects. ESTree runs inside a real ESLint
 * rule (espree and @typescript-eslint/parser), so `ancestors` come from `sourceCode.getAncestors`;
 * Babel comes from jscodeshift, with `ancestors` built from the NodePath's parents, as the codemod does.
 */
import tsParser from '@typescript-eslint/parser';
import { Linter, type Rule } from 'eslint';
import jscodeshift, { type ASTPath } from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import type { AnyNode } from '../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import {
  listensToSignal,
  type ProcessListener,
  processListener,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/process-listeners.js';

type Dialect = 'eslint-espree' | 'eslint-typescript' | 'babel-ts' | 'babel-babylon';

const dialectsFor = (ts: boolean): Dialect[] =>
  ts ? ['eslint-typescript', 'babel-ts'] : ['eslint-espree', 'eslint-typescript', 'babel-ts', 'babel-babylon'];

/** Every call in the file that `processListener` recognises, in source order. */
function listenersIn(dialect: Dialect, code: string): ProcessListener[] {
  if (dialect === 'babel-ts' || dialect === 'babel-babylon') {
    const root = jscodeshift.withParser(dialect === 'babel-ts' ? 'ts' : 'babylon')(code);
    const program = root.find(jscodeshift.Program).paths()[0]!.node as unknown as AnyNode;
    const found: ProcessListener[] = [];
    const visit = (path: ASTPath): void => {
      const ancestors: AnyNode[] = [];
      for (let parent = path.parent as ASTPath | null; parent; parent = parent.parent as ASTPath | null)
        ancestors.unshift(parent.node as unknown as AnyNode);
      const listener = processListener(path.node as unknown as AnyNode, ancestors, program);
      if (listener) found.push(listener);
    };
    // ast-types counts OptionalCallExpression as a CallExpression: one find covers both.
    root.find(jscodeshift.CallExpression).forEach(visit);
    return found;
  }
  const found: ProcessListener[] = [];
  const rule: Rule.RuleModule = {
    create(context) {
      return {
        CallExpression(node) {
          const listener = processListener(
            node as unknown as AnyNode,
            context.sourceCode.getAncestors(node) as unknown as AnyNode[],
            context.sourceCode.ast as unknown as AnyNode,
          );
          if (listener) found.push(listener);
        },
      };
    },
  };
  const messages = new Linter().verify(
    code,
    [
      {
        files: ['**/*.ts'],
        plugins: { test: { rules: { listeners: rule } } },
        rules: { 'test/listeners': 'error' },
        ...(dialect === 'eslint-typescript' ? { languageOptions: { parser: tsParser } } : {}),
      },
    ],
    'file.ts',
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`${dialect} could not parse: ${fatal.message}`);
  return found;
}

/** What a case asserts about each recognised registration. */
interface Seen {
  events: readonly string[];
  method: string;
  listener?: string;
  listenerFunction?: string;
}

const summary = (listener: ProcessListener): Seen => ({
  events: listener.events,
  method: listener.method,
  ...(listener.listener ? { listener: listener.listener.type.replace(/^(ObjectProperty|Property)$/, 'Property') } : {}),
  ...(listener.listenerFunction ? { listenerFunction: listener.listenerFunction.type } : {}),
});

interface Case {
  readonly name: string;
  readonly code: string;
  readonly expected: Seen[];
  readonly ts?: boolean;
}

function cases(title: string, list: readonly Case[]): void {
  describe(title, () => {
    for (const testCase of list) {
      describe(testCase.name, () => {
        for (const dialect of dialectsFor(testCase.ts ?? false)) {
          it(dialect, () => {
            expect(listenersIn(dialect, testCase.code).map(summary)).toEqual(testCase.expected);
          });
        }
      });
    }
  });
}

const ARROW = 'ArrowFunctionExpression';

cases('literal event names', [
  {
    name: "process.on('SIGINT', () => {})",
    code: `process.on('SIGINT', () => { console.log('bye'); });`,
    expected: [{ events: ['SIGINT'], method: 'on', listener: ARROW, listenerFunction: ARROW }],
  },
  {
    name: 'every registering method',
    code: `process.once('SIGTERM', () => {});
process.addListener('SIGHUP', () => {});
process.prependListener('SIGINT', () => {});
process.prependOnceListener('SIGBREAK', () => {});`,
    expected: [
      { events: ['SIGTERM'], method: 'once', listener: ARROW, listenerFunction: ARROW },
      { events: ['SIGHUP'], method: 'addListener', listener: ARROW, listenerFunction: ARROW },
      { events: ['SIGINT'], method: 'prependListener', listener: ARROW, listenerFunction: ARROW },
      { events: ['SIGBREAK'], method: 'prependOnceListener', listener: ARROW, listenerFunction: ARROW },
    ],
  },
  {
    name: 'a template literal name and a function expression',
    code: 'process.on(`SIGTERM`, function onTerm() {});',
    expected: [
      { events: ['SIGTERM'], method: 'on', listener: 'FunctionExpression', listenerFunction: 'FunctionExpression' },
    ],
  },
  {
    name: 'crash events and exit',
    code: `process.on('uncaughtException', (error) => {});
process.on('unhandledRejection', (reason) => {});
process.on('exit', (code) => {});`,
    expected: [
      { events: ['uncaughtException'], method: 'on', listener: ARROW, listenerFunction: ARROW },
      { events: ['unhandledRejection'], method: 'on', listener: ARROW, listenerFunction: ARROW },
      { events: ['exit'], method: 'on', listener: ARROW, listenerFunction: ARROW },
    ],
  },
  {
    name: 'a listener-less registration',
    code: `process.on('SIGINT');`,
    expected: [{ events: ['SIGINT'], method: 'on' }],
  },
]);

cases('receivers written as members', [
  {
    name: "globalThis.process.on, process['once'] and process?.on",
    code: `globalThis.process.on('SIGINT', () => {});
process['once']('SIGTERM', () => {});
process?.on('SIGHUP', () => {});`,
    expected: [
      { events: ['SIGINT'], method: 'on', listener: ARROW, listenerFunction: ARROW },
      { events: ['SIGTERM'], method: 'once', listener: ARROW, listenerFunction: ARROW },
      { events: ['SIGHUP'], method: 'on', listener: ARROW, listenerFunction: ARROW },
    ],
  },
  {
    name: 'TypeScript: (process as NodeJS.Process).on and process!.on',
    code: `(process as NodeJS.Process).on('SIGINT', () => {});
process!.on('SIGTERM', () => {});`,
    expected: [
      { events: ['SIGINT'], method: 'on', listener: ARROW, listenerFunction: ARROW },
      { events: ['SIGTERM'], method: 'on', listener: ARROW, listenerFunction: ARROW },
    ],
    ts: true,
  },
  {
    name: "import process from 'node:process' keeps the name",
    code: `import process from 'node:process';
process.on('SIGINT', () => {});`,
    expected: [{ events: ['SIGINT'], method: 'on', listener: ARROW, listenerFunction: ARROW }],
  },
]);

cases('listeners named by identifiers and members', [
  {
    name: 'a top-level function declaration',
    code: `function shutdown(signal) { console.log(signal); }
process.on('SIGTERM', shutdown);`,
    expected: [{ events: ['SIGTERM'], method: 'on', listener: 'Identifier', listenerFunction: 'FunctionDeclaration' }],
  },
  {
    name: 'a top-level const arrow (also exported)',
    code: `export const shutdown = async () => {};
process.once('SIGINT', shutdown);`,
    expected: [{ events: ['SIGINT'], method: 'once', listener: 'Identifier', listenerFunction: ARROW }],
  },
  {
    name: 'fn.bind(null, …)',
    code: `function shutdown(reason) {}
process.on('SIGINT', shutdown.bind(null, 'interrupted'));`,
    expected: [
      { events: ['SIGINT'], method: 'on', listener: 'CallExpression', listenerFunction: 'FunctionDeclaration' },
    ],
  },
  {
    name: 'an identifier that is not a function in this file',
    code: `import { shutdown } from './shutdown.js';
process.on('SIGINT', shutdown);`,
    expected: [{ events: ['SIGINT'], method: 'on', listener: 'Identifier' }],
  },
  {
    name: 'members: handlers.stop and this.stop',
    code: `process.on('SIGINT', handlers.stop);
class App { start() { process.on('SIGTERM', this.stop); } stop() {} }`,
    expected: [
      { events: ['SIGINT'], method: 'on', listener: 'MemberExpression' },
      { events: ['SIGTERM'], method: 'on', listener: 'MemberExpression' },
    ],
  },
  {
    name: 'an event name from a top-level const',
    code: `const SIGNAL = 'SIGTERM';
process.on(SIGNAL, () => {});`,
    expected: [{ events: ['SIGTERM'], method: 'on', listener: ARROW, listenerFunction: ARROW }],
  },
]);

cases('loops over signal names', [
  {
    name: 'for…of over an array literal',
    code: `function stop() {}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);`,
    expected: [
      { events: ['SIGINT', 'SIGTERM'], method: 'on', listener: 'Identifier', listenerFunction: 'FunctionDeclaration' },
    ],
  },
  {
    name: 'for…of over a top-level const, with a block body',
    code: `const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of SIGNALS) {
  process.once(signal, () => {});
}`,
    expected: [{ events: ['SIGINT', 'SIGTERM', 'SIGHUP'], method: 'once', listener: ARROW, listenerFunction: ARROW }],
  },
  {
    name: 'for…of over an undeclared loop variable (let outside)',
    code: `let signal;
for (signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});`,
    expected: [{ events: ['SIGINT', 'SIGTERM'], method: 'on', listener: ARROW, listenerFunction: ARROW }],
  },
  {
    name: 'for…of nested in a function and another loop',
    code: `export function install() {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    for (const n of [1]) process.on(signal, () => n);
  }
}`,
    expected: [{ events: ['SIGINT', 'SIGTERM'], method: 'on', listener: ARROW, listenerFunction: ARROW }],
  },
  {
    name: 'TypeScript: for…of over `as const` arrays',
    code: `const SIGNALS = ['SIGINT', 'SIGTERM'] as const satisfies readonly NodeJS.Signals[];
for (const s of SIGNALS) process.on(s, () => {});
for (const s of ['SIGHUP'] as const) process.on(s, () => {});`,
    expected: [
      { events: ['SIGINT', 'SIGTERM'], method: 'on', listener: ARROW, listenerFunction: ARROW },
      { events: ['SIGHUP'], method: 'on', listener: ARROW, listenerFunction: ARROW },
    ],
    ts: true,
  },
  {
    name: '[…].forEach((signal) => process.on(signal, …))',
    code: `['SIGINT', 'SIGTERM'].forEach((signal) => process.on(signal, () => {}));`,
    expected: [{ events: ['SIGINT', 'SIGTERM'], method: 'on', listener: ARROW, listenerFunction: ARROW }],
  },
  {
    name: 'CONST.forEach(function (signal) { … }) with an exported const',
    code: `export const SIGNALS = ['SIGTERM', 'SIGINT'];
SIGNALS.forEach(function (sig, index) {
  process.once(sig, shutdown);
});
function shutdown() {}`,
    expected: [
      {
        events: ['SIGTERM', 'SIGINT'],
        method: 'once',
        listener: 'Identifier',
        listenerFunction: 'FunctionDeclaration',
      },
    ],
  },
  {
    name: 'the innermost binding wins: a forEach parameter shadows the loop variable',
    code: `for (const s of ['SIGINT']) {
  handlers.forEach((s) => process.on(s, () => {}));
}`,
    expected: [],
  },
]);

cases('not process listeners', [
  {
    name: 'other emitters, other methods',
    code: `emitter.on('SIGINT', () => {});
process.off('SIGINT', stop);
process.removeListener('SIGTERM', stop);
process.emit('SIGINT');
process.kill(process.pid, 'SIGTERM');`,
    expected: [],
  },
  {
    name: 'a name that cannot be known',
    code: `export function listen(signal) { process.on(signal, () => {}); }
process.on(getSignal(), () => {});
process.on(...names, () => {});`,
    expected: [],
  },
  {
    name: 'a loop over non-literal names',
    code: `for (const signal of config.signals) process.on(signal, () => {});
[a, b].forEach((s) => process.on(s, () => {}));`,
    expected: [],
  },
]);

cases('Deno', [
  {
    name: "Deno.addSignalListener('SIGINT', fn)",
    code: `const onInt = () => {};
Deno.addSignalListener('SIGINT', onInt);
Deno.removeSignalListener('SIGINT', onInt);`,
    expected: [
      { events: ['SIGINT'], method: 'Deno.addSignalListener', listener: 'Identifier', listenerFunction: ARROW },
    ],
  },
  {
    name: 'Deno in a loop',
    code: `for (const signal of ['SIGINT', 'SIGTERM']) Deno.addSignalListener(signal, () => {});`,
    expected: [
      { events: ['SIGINT', 'SIGTERM'], method: 'Deno.addSignalListener', listener: ARROW, listenerFunction: ARROW },
    ],
  },
]);

describe('listensToSignal', () => {
  for (const dialect of dialectsFor(false)) {
    it(dialect, () => {
      const found = listenersIn(
        dialect,
        `process.on('SIGTERM', f);
process.on('exit', f);
process.on('uncaughtException', f);
for (const s of ['exit', 'SIGUSR2']) process.on(s, f);`,
      );
      expect(found.map(listensToSignal)).toEqual([true, false, false, true]);
    });
  }
});
