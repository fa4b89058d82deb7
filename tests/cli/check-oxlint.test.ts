// `graceful-shutdown check --engine oxlint`: the rules through oxlint's JS plugins (cli/oxlint.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_LINE, ensureBuilt, makeProject, removeProjects, repoRoot, runCli } from './helpers.js';

interface LintResult {
  filePath: string;
  errorCount: number;
  warningCount: number;
  messages: Array<{
    ruleId: string | null;
    severity: number;
    message: string;
    fatal?: boolean;
    line: number;
    column: number;
    endLine?: number;
    endColumn?: number;
  }>;
}

const parseJson = (stdout: string): LintResult[] => JSON.parse(stdout) as LintResult[];
const positions = (results: LintResult[], dir: string): string[] =>
  results
    .flatMap((result) =>
      result.messages.map(
        (m) =>
          `${path.relative(dir, result.filePath)}:${m.line}:${m.column} ${m.ruleId ?? (m.fatal ? 'fatal' : 'note')}`,
      ),
    )
    .sort();

const FLOATING = `import { writeFile } from 'node:fs/promises';
async function main() { writeFile('x', 'y') }
main()
`;

/** A non-ASCII string before the finding: oxlint counts columns in UTF-8 bytes, ESLint in UTF-16 units. */
const NON_ASCII = `const greeting = "héllo 😀"; fetch("https://example.com");
`;

beforeAll(ensureBuilt);
afterAll(removeProjects);

describe('graceful-shutdown check --engine oxlint', () => {
  it('reports what the eslint engine reports, at the same lines and columns, with the same exit code', () => {
    const dir = makeProject({
      'package.json': '{"type":"module"}',
      'src/main.mjs': FLOATING,
      'src/greeting.mjs': NON_ASCII,
      'src/save.ts':
        "async function save(): Promise<void> { await fetch('https://example.com'); }\nexport function later(): void {\n  save();\n}\n",
    });
    const oxlint = runCli(['check', '--engine', 'oxlint', '-f', 'json'], { cwd: dir });
    const eslint = runCli(['check', '--engine', 'eslint', '-f', 'json'], { cwd: dir });
    expect(oxlint.stderr).toBe('');
    expect(oxlint.status).toBe(1);
    expect(eslint.status).toBe(1);
    expect(positions(parseJson(oxlint.stdout), dir)).toEqual([
      'src/greeting.mjs:1:30 graceful-shutdown/no-unmanaged-promises',
      'src/main.mjs:2:25 graceful-shutdown/no-unmanaged-promises',
      // missingHandling names the work a kill would damage: the file write.
      'src/main.mjs:2:25 graceful-shutdown/require-signal-cancellation',
      'src/save.ts:3:3 graceful-shutdown/no-unmanaged-promises',
    ]);
    expect(positions(parseJson(oxlint.stdout), dir)).toEqual(positions(parseJson(eslint.stdout), dir));
    const greeting = parseJson(oxlint.stdout).find((result) => result.filePath.endsWith('greeting.mjs'));
    const eslintGreeting = parseJson(eslint.stdout).find((result) => result.filePath.endsWith('greeting.mjs'));
    expect(greeting?.messages[0]).toMatchObject({ endLine: 1, endColumn: 58 });
    expect(eslintGreeting?.messages[0]).toMatchObject({ endLine: 1, endColumn: 58 });
  });

  it('prints the stylish format by default and exits 0 with no output on clean code', () => {
    const dir = makeProject({ 'src/main.mjs': FLOATING });
    const result = runCli(['check', '--engine', 'oxlint'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(path.join(dir, 'src/main.mjs'));
    expect(result.stdout).toMatch(/2:25\s+error\s+.*graceful-shutdown\/no-unmanaged-promises/);
    expect(result.stdout).toMatch(/✖ 2 problems \(2 errors, 0 warnings\)/);

    const clean = makeProject({ 'src/add.js': 'export const add = (a, b) => a + b;\n' });
    const cleanResult = runCli(['check', '--engine', 'oxlint'], { cwd: clean });
    expect(cleanResult).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  it('names a file oxlint cannot parse (exit 1) and skips extensionless scripts with a reason', () => {
    const dir = makeProject({
      'src/broken.ts': 'const x = ;\n',
      'bin/tool': '#!/usr/bin/env node\nasync function main() {}\nmain();\n',
    });
    const result = runCli(['check', '--engine', 'oxlint', '-f', 'json', 'src', 'bin/tool'], { cwd: dir });
    expect(result.status).toBe(1);
    const results = parseJson(result.stdout);
    const broken = results.find((r) => r.filePath.endsWith('broken.ts'));
    expect(broken?.messages).toEqual([
      expect.objectContaining({
        fatal: true,
        severity: 2,
        line: 1,
        column: 11,
        message: 'Parsing error: Unexpected token',
      }),
    ]);
    const tool = results.find((r) => r.filePath.endsWith(path.join('bin', 'tool')));
    expect(tool?.messages).toEqual([
      expect.objectContaining({
        severity: 1,
        message: expect.stringContaining('check extensionless scripts with --engine eslint'),
      }),
    ]);
  });

  it('--type-aware with oxlint and an unknown engine are usage errors', () => {
    const dir = makeProject({ 'src/main.mjs': FLOATING });
    const typed = runCli(['check', '--engine', 'oxlint', '--type-aware'], { cwd: dir });
    expect(typed.status).toBe(2);
    expect(typed.stderr).toContain('--type-aware needs --engine eslint');
    const unknown = runCli(['check', '--engine', 'biome'], { cwd: dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/biome.*eslint, oxlint|eslint, oxlint.*biome/s);
  });

  it('--config takes an oxlint config; a rule that throws there (typeAware) is a fatal error saying why', () => {
    const dir = makeProject({
      'src/main.mjs': FLOATING,
      'oxlint.json': JSON.stringify({
        jsPlugins: [path.join(repoRoot, 'packages', 'eslint-plugin-graceful-shutdown', 'dist', 'index.js')],
        categories: { correctness: 'off' },
        rules: { 'graceful-shutdown/no-unmanaged-promises': ['error', { typeAware: true }] },
      }),
    });
    const result = runCli(['check', '--engine', 'oxlint', '--config', 'oxlint.json'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('oxlint gives JS plugins no type information');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it("uses the checked project's own oxlint, and reports its failure as a fatal error", () => {
    // A stand-in oxlint in the project: its report proves which one ran.
    const fakeBin = `#!/usr/bin/env node
const files = process.argv.filter((arg) => arg.endsWith('.mjs'));
if (process.env.FAKE_OXLINT_FAIL) { process.stderr.write('fake oxlint broke\\n'); process.exit(3); }
process.stdout.write(JSON.stringify({ diagnostics: files.map((filename) => ({
  message: 'from the project oxlint', code: 'graceful-shutdown(no-unmanaged-promises)', severity: 'error', filename,
  labels: [{ span: { offset: 0, length: 1, line: 1, column: 1 } }] })) }));
process.exit(files.length > 0 ? 1 : 0);
`;
    const dir = makeProject({
      'src/main.mjs': FLOATING,
      'node_modules/oxlint/package.json': JSON.stringify({
        name: 'oxlint',
        version: '0.0.0-fake',
        bin: { oxlint: 'bin/oxlint' },
      }),
      'node_modules/oxlint/bin/oxlint': fakeBin,
    });
    const result = runCli(['check', '--engine', 'oxlint', '-f', 'json'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(parseJson(result.stdout)[0]?.messages).toEqual([
      expect.objectContaining({ message: 'from the project oxlint', line: 1, column: 1 }),
    ]);

    const failed = runCli(['check', '--engine', 'oxlint'], { cwd: dir, env: { FAKE_OXLINT_FAIL: '1' } });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('oxlint 0.0.0-fake');
    expect(failed.stderr).toContain('fake oxlint broke');
    expect(failed.stderr).not.toMatch(STACK_LINE);
  });

  it('without oxlint anywhere, says how to install it (exit 2)', () => {
    // An installed copy of the CLI package whose dependencies lack oxlint: dist/ copied, every other dependency
    // (the plugin's package included) linked.
    const install = makeProject({
      'package.json': JSON.stringify({ name: 'graceful-shutdown-cli', type: 'module' }),
    });
    cpSync(path.join(repoRoot, 'packages', 'graceful-shutdown-cli', 'dist'), path.join(install, 'dist'), {
      recursive: true,
    });
    mkdirSync(path.join(install, 'node_modules'));
    for (const entry of readdirSync(path.join(repoRoot, 'node_modules'))) {
      if (entry === 'oxlint' || entry === '@oxlint' || entry === '.bin') continue;
      symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(install, 'node_modules', entry));
    }
    const project = makeProject({ 'src/main.mjs': FLOATING });
    writeFileSync(path.join(project, 'package.json'), '{"type":"module"}');
    const result = spawnSync(
      process.execPath,
      [path.join(install, 'dist', 'cli', 'main.js'), 'check', '--engine', 'oxlint'],
      {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 120_000,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm install --save-dev oxlint');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });
});
