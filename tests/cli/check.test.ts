// `graceful-shutdown check`: the rules through ESLint's API, no user config needed.
import { existsSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENTRYPOINT,
  LIBRARY,
  STACK_LINE,
  ensureBuilt,
  gitCommitAll,
  link,
  makeProject,
  removeProjects,
  repoRoot,
  runCli,
} from './helpers.js';

interface LintResult {
  filePath: string;
  errorCount: number;
  warningCount: number;
  messages: Array<{ ruleId: string | null; severity: number; message: string; fatal?: boolean; line: number }>;
}

const parseJson = (stdout: string): LintResult[] => JSON.parse(stdout) as LintResult[];
const ours = (result: LintResult | undefined): string[] =>
  (result?.messages ?? []).map((m) => m.ruleId ?? '').filter((id) => id.startsWith('graceful-shutdown/'));
const byName = (results: LintResult[], dir: string, relative: string): LintResult | undefined =>
  results.find((result) => result.filePath === path.join(dir, relative));

/** Floating promises and an exit before drain: every rule set worth the name reports something here. */
const BAD_TS = `async function save(): Promise<void> { await fetch('https://example.com'); }

async function main(): Promise<void> {
  save();
}

main().catch(() => process.exit(1));
`;

/** An entrypoint whose work an interruption damages (a write), without signal handling. */
const WRITING_ENTRYPOINT = `#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';

async function main() {
  await writeFile('out.txt', 'done');
}

main().catch(() => process.exit(1));
`;

beforeAll(ensureBuilt);
afterAll(removeProjects);

describe('graceful-shutdown check', () => {
  it('reports findings with the stylish format and exits 1', () => {
    const dir = makeProject({ 'package.json': '{"type":"module"}', 'bin/cli.js': ENTRYPOINT, 'src/save.ts': BAD_TS });
    const result = runCli(['check'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(path.join(dir, 'src/save.ts'));
    expect(result.stdout).toMatch(/\d+:\d+\s+error\s+.*graceful-shutdown\//);
    expect(result.stdout).toMatch(/✖ \d+ problems?/);
  });

  it('exits 0 and prints nothing on clean code', () => {
    const dir = makeProject({
      'package.json': '{"type":"module"}',
      'src/add.js': LIBRARY,
      'src/add.ts': 'export const add = (a: number, b: number): number => a + b;\n',
    });
    const result = runCli(['check'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('--format json prints ESLint JSON results, for JS and TS', () => {
    const dir = makeProject({
      'package.json': '{"type":"module"}',
      'bin/cli.js': WRITING_ENTRYPOINT,
      'src/save.ts': BAD_TS,
      'src/add.js': LIBRARY,
    });
    const result = runCli(['check', '--format', 'json'], { cwd: dir });
    expect(result.status).toBe(1);
    const results = parseJson(result.stdout);
    expect(results.map((r) => path.relative(dir, r.filePath)).sort()).toEqual([
      'bin/cli.js',
      'src/add.js',
      'src/save.ts',
    ]);
    expect(ours(byName(results, dir, 'src/save.ts')).length).toBeGreaterThan(0);
    expect(ours(byName(results, dir, 'bin/cli.js')).length).toBeGreaterThan(0);
    expect(byName(results, dir, 'src/add.js')?.messages).toEqual([]);
  });

  it('checks only the paths given (files and folders), as pre-commit passes them', () => {
    const dir = makeProject({ 'a/one.ts': BAD_TS, 'b/two.ts': BAD_TS, 'c/three.ts': BAD_TS });
    const results = parseJson(runCli(['check', '-f', 'json', 'a/one.ts', 'b'], { cwd: dir }).stdout);
    expect(results.map((r) => path.relative(dir, r.filePath)).sort()).toEqual(['a/one.ts', 'b/two.ts']);
  });

  it("honours eslint-disable comments for its rules, and ignores other tools' directives", () => {
    const floating = (directive: string): string =>
      `async function save(): Promise<void> { await fetch('https://example.com'); }\nexport function later(): void {\n  ${directive}\n  save();\n}\n`;
    const dir = makeProject({
      'src/reported.ts': floating('// nothing disabled here'),
      'src/disabled.ts': floating('// eslint-disable-next-line graceful-shutdown/no-unmanaged-promises'),
      // Rules this run does not load, and an inline config switching on a core rule: not our findings.
      'src/foreign.ts': `/* eslint no-console: "error" */\n// eslint-disable-next-line @typescript-eslint/no-explicit-any\nexport const x: any = 1;\nconsole.log(x);\n`,
    });
    const results = parseJson(runCli(['check', '-f', 'json'], { cwd: dir }).stdout);
    expect(ours(byName(results, dir, 'src/reported.ts'))).toContain('graceful-shutdown/no-unmanaged-promises');
    expect(byName(results, dir, 'src/disabled.ts')?.messages).toEqual([]);
    expect(byName(results, dir, 'src/foreign.ts')?.messages).toEqual([]);
    expect(runCli(['check', 'src/disabled.ts', 'src/foreign.ts'], { cwd: dir }).status).toBe(0);
  });

  it('names a file that does not parse with the parser message (exit 1), and checks the others', () => {
    const dir = makeProject({ 'src/broken.ts': 'const x = ;\n', 'src/save.ts': BAD_TS });
    const result = runCli(['check', '-f', 'json'], { cwd: dir });
    expect(result.status).toBe(1);
    const broken = byName(parseJson(result.stdout), dir, 'src/broken.ts');
    expect(broken?.messages[0]).toMatchObject({ fatal: true, line: 1 });
    expect(broken?.messages[0]?.message).toMatch(/Parsing error/);
    expect(ours(byName(parseJson(result.stdout), dir, 'src/save.ts')).length).toBeGreaterThan(0);
  });

  it('skips binary and non-UTF-8 files with a reason, as warnings (exit 0)', () => {
    const dir = makeProject({
      'src/binary.js': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]),
      'src/latin1.js': Buffer.from('// café\nexport const x = 1;\n', 'latin1'),
      'src/utf16.js': Buffer.from('\ufeffexport const x = 1;\n', 'utf16le'),
      'src/add.js': LIBRARY,
    });
    const result = runCli(['check', '-f', 'json'], { cwd: dir });
    expect(result.status).toBe(0);
    const results = parseJson(result.stdout);
    expect(byName(results, dir, 'src/binary.js')?.messages).toEqual([
      expect.objectContaining({ severity: 1, message: 'File skipped: binary file.' }),
    ]);
    expect(byName(results, dir, 'src/latin1.js')?.messages[0]?.message).toBe('File skipped: not valid UTF-8.');
    expect(byName(results, dir, 'src/utf16.js')?.messages[0]?.message).toContain('UTF-16');
    // and the stylish output says so too
    expect(runCli(['check'], { cwd: dir }).stdout).toContain('File skipped: binary file');
  });

  it('never crashes on an empty file, a folder named x.ts, a symlink loop or a dangling symlink', () => {
    const dir = makeProject({ 'src/empty.ts': '', 'src/x.ts/inner.ts': 'export {};\n', 'src/add.js': LIBRARY });
    link(dir, 'src/loop-a.js', 'loop-b.js');
    link(dir, 'src/loop-b.js', 'loop-a.js');
    link(dir, 'src/dangling.js', 'nowhere.js');
    for (const args of [['check'], ['check', 'src/x.ts'], ['check', 'src/loop-a.js'], ['check', 'src/dangling.js']]) {
      const result = runCli([...args, '-f', 'json'], { cwd: dir });
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      JSON.parse(result.stdout);
    }
    const loop = byName(
      parseJson(runCli(['check', '-f', 'json', 'src/loop-a.js'], { cwd: dir }).stdout),
      dir,
      'src/loop-a.js',
    );
    expect(loop?.messages[0]?.message).toBe('File skipped: symbolic link loop.');
    const folder = parseJson(runCli(['check', '-f', 'json', 'src/x.ts'], { cwd: dir }).stdout);
    expect(folder.map((r) => path.relative(dir, r.filePath))).toEqual(['src/x.ts/inner.ts']);
  });

  it('respects .gitignore in a git repository and always skips node_modules and build output', () => {
    const dir = makeProject({
      '.gitignore': 'generated/\n*.local.ts\n',
      'src/save.ts': BAD_TS,
      'src/secret.local.ts': BAD_TS,
      'generated/out.ts': BAD_TS,
      'node_modules/dep/index.js': ENTRYPOINT,
      'dist/cli.js': ENTRYPOINT,
      'build/cli.js': ENTRYPOINT,
      'coverage/x.js': ENTRYPOINT,
      'untracked.ts': BAD_TS,
    });
    gitCommitAll(dir);
    const results = parseJson(runCli(['check', '-f', 'json'], { cwd: dir }).stdout);
    expect(results.map((r) => path.relative(dir, r.filePath)).sort()).toEqual(['src/save.ts', 'untracked.ts']);
  });

  it('skips node_modules and build output outside a git repository too', () => {
    const dir = makeProject({
      'src/save.ts': BAD_TS,
      'node_modules/dep/index.js': ENTRYPOINT,
      'dist/cli.js': ENTRYPOINT,
    });
    const results = parseJson(runCli(['check', '-f', 'json'], { cwd: dir }).stdout);
    expect(results.map((r) => path.relative(dir, r.filePath))).toEqual(['src/save.ts']);
  });

  it('checks files outside the current folder', () => {
    const dir = makeProject({ 'one/save.ts': BAD_TS, 'two/.keep': '' });
    const result = runCli(['check', '-f', 'json', '../one/save.ts'], { cwd: path.join(dir, 'two') });
    expect(ours(parseJson(result.stdout)[0]).length).toBeGreaterThan(0);
  });

  it('--config uses the given ESLint config instead of the built-in one', () => {
    const dir = makeProject({
      'src/save.ts': BAD_TS,
      'bin/cli.js': ENTRYPOINT,
      // No TypeScript parser and no plugin rules: the JS file is linted (clean), the TS file is not matched.
      'eslint.config.mjs': "export default [{ files: ['**/*.js'], rules: { 'no-var': 'error' } }];\n",
    });
    const result = runCli(['check', '--config', 'eslint.config.mjs', '-f', 'json'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(parseJson(result.stdout).flatMap((r) => r.messages.map((m) => m.ruleId))).not.toContain(
      expect.stringMatching(/^graceful-shutdown\//),
    );
  });

  it('--config with a file that does not exist is a usage error', () => {
    const dir = makeProject({ 'src/add.js': LIBRARY });
    const result = runCli(['check', '--config', 'nope.config.js'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('nope.config.js');
  });

  it('--config with a broken config is a fatal error naming it, without a stack trace', () => {
    const dir = makeProject({ 'src/add.js': LIBRARY, 'broken.config.mjs': 'export default [{ rules: {} ];\n' });
    const result = runCli(['check', '--config', 'broken.config.mjs'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cannot load broken.config.mjs');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('--type-aware uses the nearest tsconfig.json', () => {
    const dir = makeProject({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', types: [] },
        include: ['src'],
      }),
      'src/save.ts': BAD_TS,
      'src/add.js': LIBRARY,
    });
    const result = runCli(['check', '--type-aware', '-f', 'json'], { cwd: dir });
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.status).toBe(1);
    const save = byName(parseJson(result.stdout), dir, 'src/save.ts');
    expect(save?.messages.filter((m) => m.fatal)).toEqual([]);
    expect(ours(save).length).toBeGreaterThan(0);
  });

  it('--type-aware without any tsconfig.json is a usage error naming the file', () => {
    const dir = makeProject({ 'src/save.ts': BAD_TS });
    const result = runCli(['check', '--type-aware'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('tsconfig.json');
    expect(result.stderr).toContain(path.join('src', 'save.ts'));
  });

  it('says a .d.ts named on the command line is a declaration file, not that it is no JS/TS file', () => {
    const dir = makeProject({ 'types.d.ts': 'export type Id = string;\n', 'notes.txt': 'hello\n' });
    const result = runCli(['check', '-f', 'json', 'types.d.ts', 'notes.txt'], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    const results = parseJson(result.stdout);
    expect(byName(results, dir, 'types.d.ts')?.messages).toEqual([
      expect.objectContaining({ message: 'File skipped: a TypeScript declaration file (types only, no code).' }),
    ]);
    expect(byName(results, dir, 'notes.txt')?.messages[0]?.message).toBe(
      'File skipped: not a JavaScript or TypeScript file.',
    );
  });

  describe('--concurrency (ESLint worker threads)', () => {
    const files = {
      'package.json': '{"type":"module"}',
      'src/a.ts': BAD_TS,
      'src/b.js': ENTRYPOINT,
      'src/c.js': LIBRARY,
      // An extensionless script: its config entry matches it with a function, which a thread
      // cannot receive; the workers rebuild it from the options module.
      'bin/tool': `#!/usr/bin/env node\nimport { writeFile } from 'node:fs/promises';\nasync function main() {\n  await writeFile('out.txt', 'data');\n}\nmain();\n`,
    };
    const sorted = (results: LintResult[], dir: string): unknown[] =>
      results
        .map((result) => ({ file: path.relative(dir, result.filePath), messages: result.messages }))
        .sort((a, b) => a.file.localeCompare(b.file));

    it('lints on 2 worker threads with the same findings as without', () => {
      const dir = makeProject(files);
      const off = runCli(['check', '-f', 'json'], { cwd: dir });
      const threaded = runCli(['check', '-f', 'json', '--concurrency', '2'], {
        cwd: dir,
        env: { DEBUG: 'eslint:eslint' },
      });
      expect(threaded.status, threaded.stderr).toBe(1);
      expect(threaded.stderr).toContain('Linting using 2 worker thread(s)');
      expect(sorted(parseJson(threaded.stdout), dir)).toEqual(sorted(parseJson(off.stdout), dir));
      expect(ours(byName(parseJson(threaded.stdout), dir, 'bin/tool'))).toContain(
        'graceful-shutdown/require-signal-cancellation',
      );
    });

    it('takes auto and off, and refuses anything else (exit 2)', () => {
      const dir = makeProject(files);
      for (const value of ['auto', 'off'])
        expect(runCli(['check', '--concurrency', value], { cwd: dir }).status).toBe(1);
      const bad = runCli(['check', '--concurrency', 'many'], { cwd: dir });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain("option '--concurrency <n>' argument 'many' is invalid");
    });
  });

  describe('--cache (ESLint cache)', () => {
    const FLOATING = "async function main() { await fetch('https://example.com'); }\nmain();\n";
    const CLEAN_SAME_SIZE = `${'export const a = 1; //'.padEnd(FLOATING.length - 1, '-')}\n`;

    it('writes .eslintcache in the current folder and reuses it for a file whose size and time did not change', () => {
      expect(CLEAN_SAME_SIZE.length).toBe(FLOATING.length);
      const dir = makeProject({ 'package.json': '{"type":"module"}', 'src/job.js': FLOATING });
      const first = runCli(['check', '--cache', '-f', 'json', 'src'], { cwd: dir });
      expect(first.status, first.stderr).toBe(1);
      expect(existsSync(path.join(dir, '.eslintcache'))).toBe(true);
      // Same size and modification time: ESLint's cache (metadata strategy) takes it as unchanged.
      const file = path.join(dir, 'src/job.js');
      const { atime, mtime } = statSync(file);
      writeFileSync(file, CLEAN_SAME_SIZE);
      utimesSync(file, atime, mtime);
      expect(runCli(['check', '--cache', 'src'], { cwd: dir }).status).toBe(1); // the cached findings
      expect(runCli(['check', 'src'], { cwd: dir }).status).toBe(0); // without the cache: clean
    });

    it('is refused with --type-aware (exit 2), whose findings depend on other files', () => {
      const dir = makeProject({ 'src/job.ts': BAD_TS, 'tsconfig.json': '{}' });
      const result = runCli(['check', '--cache', '--type-aware', 'src'], { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('--cache cannot be used with --type-aware');
      expect(existsSync(path.join(dir, '.eslintcache'))).toBe(false);
    });

    it('warns when the --config uses type information', () => {
      const dir = makeProject({ 'src/job.js': FLOATING });
      const plugin = pathToFileURL(
        path.join(repoRoot, 'packages', 'eslint-plugin-graceful-shutdown', 'dist', 'index.js'),
      ).href;
      writeFileSync(
        path.join(dir, 'eslint.config.mjs'),
        `import plugin from ${JSON.stringify(plugin)};
export default [
  plugin.configs.recommended,
  { languageOptions: { parserOptions: { project: './tsconfig.json' } } },
];
`,
      );
      const result = runCli(['check', '--cache', '--config', 'eslint.config.mjs', 'src'], { cwd: dir });
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toContain('warning: eslint.config.mjs uses type information: with --cache');
      const plain = runCli(['check', '--cache', 'src'], { cwd: dir });
      expect(plain.stderr).not.toContain('type information');
    });
  });
});
