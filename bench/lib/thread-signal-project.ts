/**
 * A generated TypeScript project for the `thread-signal` benchmark: `src/main.ts` runs under
 * `runMain` (as graceful-main leaves it) and calls into N-1 library modules that call each other
 * (a seeded DAG, so nothing recurses) and signal-accepting APIs — fetch, timers/promises,
 * events.once, fs/promises, child_process — with plain helpers in between that need no signal.
 * The project type-checks as generated, so every edit thread-signal keeps must keep it so.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from './random.js';

export interface GeneratedProject {
  readonly dir: string;
  readonly tsconfigPath: string;
  readonly files: number;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** The body of one library module; `callees` are higher-numbered modules it calls (a DAG). */
function libraryModule(index: number, callees: readonly number[], random: () => number): string {
  const imports = new Set<string>();
  const lines: string[] = [];
  const work: string[] = [];
  const kind = pick(random, ['fetch', 'sleep', 'once', 'read', 'exec', 'mixed'] as const);

  if (kind === 'fetch' || kind === 'mixed') {
    lines.push(
      `export async function load${index}(id: number): Promise<string> {`,
      `  const response = await fetch(\`https://example.test/items/\${id}?m=${index}\`);`,
      `  if (!response.ok) throw new Error(\`item \${id}: \${response.status}\`);`,
      '  return response.text();',
      '}',
      '',
    );
    work.push(`const text = await load${index}(n);`, 'total += text.length;');
  }
  if (kind === 'sleep' || kind === 'mixed') {
    imports.add("import { setTimeout as sleep } from 'node:timers/promises';");
    lines.push(`export async function pause${index}(ms: number): Promise<void> {`, '  await sleep(ms);', '}', '');
    work.push(`await pause${index}(${1 + (index % 7)});`);
  }
  if (kind === 'once') {
    imports.add("import { EventEmitter, once } from 'node:events';");
    lines.push(
      `export async function nextTick${index}(emitter: EventEmitter): Promise<unknown[]> {`,
      "  return once(emitter, 'tick');",
      '}',
      '',
    );
    work.push(
      'const emitter = new EventEmitter();',
      `const waiting = nextTick${index}(emitter);`,
      "emitter.emit('tick', n);",
      'total += (await waiting).length;',
    );
  }
  if (kind === 'read') {
    imports.add("import { readFile } from 'node:fs/promises';");
    lines.push(
      `export async function readConfig${index}(file: string): Promise<Record<string, unknown>> {`,
      "  const text = await readFile(file, 'utf8');",
      '  return JSON.parse(text) as Record<string, unknown>;',
      '}',
      '',
    );
    work.push(
      `const config = await readConfig${index}(\`config-\${n}.json\`);`,
      'total += Object.keys(config).length;',
    );
  }
  if (kind === 'exec') {
    imports.add("import { execFile } from 'node:child_process';");
    imports.add("import { promisify } from 'node:util';");
    lines.push(
      'const run = promisify(execFile);',
      '',
      `export async function gitHead${index}(cwd: string): Promise<string> {`,
      "  const { stdout } = await run('git', ['rev-parse', 'HEAD'], { cwd });",
      '  return stdout.trim();',
      '}',
      '',
    );
    work.push(`total += (await gitHead${index}('.')).length;`);
  }
  // A helper with no async work: thread-signal must leave it alone.
  lines.push(
    `export function label${index}(value: number): string {`,
    `  return \`m${index}:\${value.toFixed(2)}\`;`,
    '}',
    '',
  );

  for (const callee of callees) {
    imports.add(`import { step${callee} } from './m${callee}.js';`);
    work.push(`total += await step${callee}(n + ${callee - index});`);
  }
  lines.push(
    `/** Step ${index}: its own work, then the modules it depends on. */`,
    `export async function step${index}(n: number): Promise<number> {`,
    '  let total = n;',
    ...work.map((line) => `  ${line}`),
    `  console.log(label${index}(total));`,
    '  return total;',
    '}',
    '',
  );
  return `${[...imports].sort().join('\n')}${imports.size > 0 ? '\n\n' : ''}${lines.join('\n')}`;
}

/** Writes the project into `dir` (replacing what is there). `files` counts every .ts file, the helper included. */
export function generateThreadSignalProject(
  dir: string,
  options: { files: number; seed: number; helperSource: string },
): GeneratedProject {
  const random = seededRandom(options.seed);
  const libraries = options.files - 2; // main.ts and the helper
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src', 'lib'), { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'thread-signal-bench', private: true, type: 'module' }, null, 2)}\n`,
  );
  const tsconfigPath = path.join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfigPath,
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
  );
  if (!existsSync(options.helperSource))
    throw new Error(`the runtime helper is missing: ${options.helperSource} (run npm run build)`);
  copyFileSync(options.helperSource, path.join(dir, 'src', 'graceful-shutdown.ts'));

  for (let index = 0; index < libraries; index++) {
    const callees = new Set<number>();
    const fanOut = index < libraries - 1 ? 1 + Math.floor(random() * 2) : 0;
    for (let k = 0; k < fanOut; k++)
      callees.add(index + 1 + Math.floor(random() * Math.min(40, libraries - index - 1)));
    writeFileSync(
      path.join(dir, 'src', 'lib', `m${index}.ts`),
      libraryModule(
        index,
        [...callees].sort((a, b) => a - b),
        random,
      ),
    );
  }

  const roots = Array.from({ length: Math.min(8, libraries) }, (_, i) => i * Math.floor(libraries / 8));
  writeFileSync(
    path.join(dir, 'src', 'main.ts'),
    [
      "import { runMain, type MainContext } from './graceful-shutdown.js';",
      ...roots.map((root) => `import { step${root} } from './lib/m${root}.js';`),
      '',
      'async function main({ track, defer }: MainContext): Promise<void> {',
      "  defer(() => console.log('closed'));",
      `  const results = await Promise.all([${roots.map((root) => `step${root}(${root})`).join(', ')}]);`,
      "  track(step0(results.length), 'again');",
      '}',
      '',
      'runMain(main);',
      '',
    ].join('\n'),
  );
  return { dir, tsconfigPath, files: options.files };
}
