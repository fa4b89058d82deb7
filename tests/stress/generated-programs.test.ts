// Generated-program stress test: seeded random combinations of the shapes the rules and the
// graceful-main codemod know (main calls, IIFEs, main guards, top-level await, naive signal
// handlers, servers, intervals, floating promises; ESM, CommonJS, TypeScript). Every program
// must lint without a rule crashing, and graceful-main must either leave it byte-for-byte alone
// or rewrite it to code that parses, lints, and that a second run leaves alone.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gracefulMain, type GracefulMainResult } from '../../packages/graceful-shutdown-cli/codemods/graceful-main.js';
import plugin from '../../packages/eslint-plugin-graceful-shutdown/index.js';

const SEED = 0x9e3779b9;
const PROGRAMS = 150;

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Dialect = 'esm' | 'cjs' | 'ts' | 'ts-cjs';

interface Program {
  readonly name: string;
  readonly dialect: Dialect;
  readonly file: string;
  readonly text: string;
  /** Built to be left alone: it already runs under runMain, or is a library. */
  readonly expectUntouched: boolean;
}

class Generator {
  constructor(private readonly random: () => number) {}

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** A few distinct items, in their original order. */
  some<T>(items: readonly T[], max: number): T[] {
    const count = Math.floor(this.random() * (max + 1));
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(Math.floor(this.random() * items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
  }

  program(index: number, dirs: Record<Dialect, string>): Program {
    const dialect = this.pick<Dialect>(['esm', 'cjs', 'ts', 'ts-cjs']);
    const typed = dialect === 'ts' || dialect === 'ts-cjs';
    const esm = dialect === 'esm' || dialect === 'ts';
    const ext = {
      esm: this.pick(['.mjs', '.js']),
      cjs: this.pick(['.cjs', '.js']),
      ts: this.pick(['.ts', '.mts']),
      'ts-cjs': '.cts',
    }[dialect];
    const file = path.join(dirs[dialect], 'bin', `program-${index}${ext}`);
    const t = (annotation: string): string => (typed ? annotation : '');
    const semi = this.chance(0.85) ? ';' : '';

    const imports = new Map<string, string>();
    const need = (module: string, esmForm: string, cjsForm: string): void =>
      void imports.set(module, esm ? esmForm : cjsForm);
    need(
      'timers',
      "import { setTimeout as sleep } from 'node:timers/promises'",
      "const { setTimeout: sleep } = require('node:timers/promises')",
    );

    const helpers = [
      `async function fetchAll()${t(': Promise<number[]>')} {
  await sleep(1)${semi}
  return [1, 2, 3]${semi}
}`,
      `async function save(data${t(': number[]')})${t(': Promise<number>')} {
  await sleep(1)${semi}
  return data.length${semi}
}`,
    ];

    const body: string[] = [];
    if (this.chance(0.7)) body.push(`const data = await fetchAll()${semi}`);
    const data = body.length > 0 ? 'data' : '[0]';
    const statements: Array<() => string[]> = [
      () => [`save(${data})${semi}`],
      () => [`void save([2])${semi}`],
      () => [`save([3]).catch((err) => console.error(err))${semi}`],
      () => [`await sleep(5)${semi}`],
      () => [`const pending = save([4])${semi}`],
      () => [`await Promise.all([save([5]), save([6])])${semi}`],
      () => [
        `;[1, 2].forEach(async (n) => {
    await save([n])${semi}
  })${semi}`,
      ],
      () => [`if (process.argv.includes('--fail')) throw new Error('failed')${semi}`],
      () => [`process.exitCode = 2${semi}`],
      () => {
        const lines = [`const timer = setInterval(() => console.log('tick'), 1000)${semi}`];
        if (this.chance(0.6)) lines.push(`await sleep(3)${semi}`, `clearInterval(timer)${semi}`);
        return lines;
      },
      () => {
        need('http', "import http from 'node:http'", "const http = require('node:http')");
        return [
          `const server = http.createServer((req, res) => res.end('ok'))${semi}`,
          `server.listen(${this.pick(['0', '3000', 'process.env.PORT'])})${semi}`,
        ];
      },
      () => {
        need('fs', "import { readFile } from 'node:fs/promises'", "const { readFile } = require('node:fs/promises')");
        return [`const text = await readFile('config.json', 'utf8')${semi}`, `console.log(text.length)${semi}`];
      },
    ];
    for (const statement of this.some(statements, 4)) body.push(...statement());
    body.push(`console.log('done')${semi}`);
    const block = (lines: readonly string[], indent = '  '): string =>
      lines.map((line) => `${indent}${line}`).join('\n');

    // How the program starts its work.
    const entries = ['call', 'void', 'catch', 'then', 'iife', 'iife-catch', 'guard', 'graceful', 'library'];
    if (esm) entries.push('await', 'tla', 'tla');
    const entry = this.pick(entries);
    const mainDecl = this.chance(0.7)
      ? `async function main()${t(': Promise<void>')} {
${block(body)}
}`
      : `const main = async ()${t(': Promise<void>')} => {
${block(body)}
}${semi}`;
    const onError = `(err${t(': unknown')}) => {
  console.error(err)${semi}
  process.exit(1)${semi}
}`;
    const top: string[] = [];
    let expectUntouched = false;
    switch (entry) {
      case 'call':
        top.push(mainDecl, `main()${semi}`);
        break;
      case 'void':
        top.push(mainDecl, `void main()${semi}`);
        break;
      case 'catch':
        top.push(mainDecl, `main().catch(${onError})${semi}`);
        break;
      case 'then':
        top.push(mainDecl, `main().then(() => process.exit(0), ${onError})${semi}`);
        break;
      case 'await':
        top.push(mainDecl, `await main()${semi}`);
        break;
      case 'iife':
        top.push(`;(async () => {
${block(body)}
})()${semi}`);
        break;
      case 'iife-catch':
        top.push(`;(async function run() {
${block(body)}
})().catch(${onError})${semi}`);
        break;
      case 'guard':
        if (esm) {
          need('url', "import { pathToFileURL } from 'node:url'", '');
          top.push(
            mainDecl,
            `if (import.meta.url === pathToFileURL(process.argv[1]${t('!')}).href) {
  void main()${semi}
}`,
          );
        } else {
          top.push(
            mainDecl,
            `if (require.main === module) {
  main()${semi}
}`,
          );
        }
        break;
      case 'tla':
        top.push(body.join('\n'));
        break;
      case 'graceful':
        need(
          'helper',
          "import { runMain } from './graceful-shutdown.js'",
          "const { runMain } = require('./graceful-shutdown.js')",
        );
        top.push(
          `runMain(async ({ signal, track, defer }${t(': any')}) => {
  defer(() => console.log('closed'))${semi}
  track(save([7]))${semi}
  await sleep(1, undefined, { signal })${semi}
${block(body)}
})${semi}`,
        );
        expectUntouched = true;
        break;
      case 'library':
        top.push(
          esm
            ? `export ${mainDecl}`
            : `${mainDecl}
module.exports = { main, save }${semi}`,
        );
        expectUntouched = true;
        break;
    }

    // Process-level extras around the entry.
    const extras = [
      `process.on('SIGINT', () => {
  console.log('bye')${semi}
  process.exit(0)${semi}
})${semi}`,
      `process.once('SIGTERM', () => process.exit(143))${semi}`,
      `for (const sig of ['SIGINT', 'SIGTERM']${t(' as const')}) process.on(sig, () => process.exit(1))${semi}`,
      `process.on('unhandledRejection', (reason) => {
  console.error(reason)${semi}
  process.exit(1)${semi}
})${semi}`,
      `process.on('SIGTERM', async () => {
  await save([9])${semi}
  process.exit(0)${semi}
})${semi}`,
      `setInterval(() => console.log('alive'), 60_000)${semi}`,
    ];
    const chosenExtras = entry === 'graceful' || entry === 'library' ? [] : this.some(extras, 2);
    const header: string[] = [];
    if (this.chance(0.4)) header.push('#!/usr/bin/env node');
    if (this.chance(0.5)) header.push(`// program ${index}: generated (${dialect}, ${entry})`);
    if (typed && this.chance(0.5))
      helpers.push(
        `interface Options {
  readonly verbose?: boolean${semi}
}`,
        `const options: Options = { verbose: false }${semi}`,
      );
    const importLines = [...imports.values()].filter(Boolean).map((line) => `${line}${semi}`);
    const before = this.chance(0.5) ? chosenExtras : [];
    const after = chosenExtras.filter((extra) => !before.includes(extra));
    const sections = [header.join('\n'), importLines.join('\n'), ...helpers, ...before, ...top, ...after].filter(
      (section) => section !== '',
    );
    let text = `${sections.join('\n\n')}\n`;
    if (this.chance(0.1)) text = text.replace(/\n/g, '\r\n');
    return {
      name: `#${index} ${dialect}${ext} ${entry}${chosenExtras.length > 0 ? ` +${chosenExtras.length} extras` : ''}`,
      dialect,
      file,
      text,
      expectUntouched,
    };
  }
}

function lint(program: Program, text: string, cwd: string): Linter.LintMessage[] {
  const typed = program.dialect === 'ts' || program.dialect === 'ts-cjs';
  const languageOptions: Linter.Config['languageOptions'] = typed
    ? { parser: tsParser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } }
    : { ecmaVersion: 'latest', sourceType: program.dialect === 'esm' ? 'module' : 'commonjs' };
  return new Linter({ configType: 'flat', cwd }).verify(
    text,
    [{ files: ['**/*.{js,mjs,cjs,ts,mts,cts}'], languageOptions }, plugin.configs.recommended as Linter.Config],
    { filename: program.file },
  );
}

const fatal = (messages: readonly Linter.LintMessage[]): string[] =>
  messages.filter((message) => message.fatal).map((message) => `${message.line}:${message.column} ${message.message}`);

describe('generated programs', () => {
  let root: string;
  let programs: Program[];

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'gs-stress-'));
    const dirs = {} as Record<Dialect, string>;
    for (const [dialect, type] of [
      ['esm', 'module'],
      ['cjs', 'commonjs'],
      ['ts', 'module'],
      ['ts-cjs', 'commonjs'],
    ] as const) {
      dirs[dialect] = path.join(root, dialect);
      mkdirSync(path.join(dirs[dialect], 'bin'), { recursive: true });
      writeFileSync(
        path.join(dirs[dialect], 'package.json'),
        `${JSON.stringify({ name: `stress-${dialect}`, version: '1.0.0', type })}\n`,
      );
    }
    const generator = new Generator(seededRandom(SEED));
    programs = Array.from({ length: PROGRAMS }, (_, i) => generator.program(i, dirs));
    for (const program of programs) writeFileSync(program.file, program.text);
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('are valid code that the rules lint without crashing', () => {
    const problems: string[] = [];
    const reported = new Set<string>();
    for (const program of programs) {
      let messages: Linter.LintMessage[];
      try {
        messages = lint(program, program.text, root);
      } catch (error) {
        problems.push(`${program.name}: a rule crashed: ${(error as Error).message.split('\n')[0]}`);
        continue;
      }
      const parseErrors = fatal(messages);
      if (parseErrors.length > 0)
        problems.push(`${program.name}: the generator made invalid code: ${parseErrors.join('; ')}\n${program.text}`);
      for (const message of messages) if (message.ruleId !== null) reported.add(message.ruleId);
    }
    expect(problems).toEqual([]);
    // Not vacuous: the shapes reach every rule the config runs.
    expect([...reported].sort()).toEqual(Object.keys(plugin.configs.recommended.rules ?? {}).sort());
  });

  it('graceful-main rewrites them to code that parses and lints, or leaves them byte-for-byte alone, and is idempotent', () => {
    const problems: string[] = [];
    const statuses = new Map<string, number>();
    for (const program of programs) {
      let first: GracefulMainResult;
      try {
        first = gracefulMain(program.file, program.text);
      } catch (error) {
        problems.push(
          `${program.name}: graceful-main threw: ${(error as Error).message.split('\n')[0]}\n${program.text}`,
        );
        continue;
      }
      statuses.set(first.status, (statuses.get(first.status) ?? 0) + 1);
      if (first.status !== 'changed') {
        if (first.output !== program.text) problems.push(`${program.name}: ${first.status} but the text differs`);
        continue;
      }
      if (program.expectUntouched)
        problems.push(`${program.name}: rewrote a program that is already graceful or a library\n${program.text}`);
      let messages: Linter.LintMessage[];
      try {
        messages = lint(program, first.output, root);
      } catch (error) {
        problems.push(
          `${program.name}: a rule crashed on the rewritten program: ${(error as Error).message.split('\n')[0]}`,
        );
        continue;
      }
      const parseErrors = fatal(messages);
      if (parseErrors.length > 0)
        problems.push(`${program.name}: the rewrite does not parse: ${parseErrors.join('; ')}\n${first.output}`);
      let second: GracefulMainResult;
      try {
        second = gracefulMain(program.file, first.output);
      } catch (error) {
        problems.push(
          `${program.name}: graceful-main threw on its own output: ${(error as Error).message.split('\n')[0]}\n${first.output}`,
        );
        continue;
      }
      if (second.status === 'changed' || second.output !== first.output) {
        problems.push(
          `${program.name}: a second run is ${second.status}, not idempotent\n--- first output\n${first.output}\n--- second output\n${second.output}`,
        );
      }
    }
    expect(problems).toEqual([]);
    // Not vacuous: the generator reaches every outcome.
    expect([...statuses.keys()].sort()).toEqual(['changed', 'skipped', 'unchanged']);
  });
});
