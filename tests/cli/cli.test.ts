// The command line itself: --help and --version everywhere, usage errors (exit 2) that say what was wrong.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRYPOINT, STACK_LINE, ensureBuilt, makeProject, removeProjects, repoRoot, runCli } from './helpers.js';

const version = (
  JSON.parse(readFileSync(path.join(repoRoot, 'packages/graceful-shutdown-cli/package.json'), 'utf8')) as {
    version: string;
  }
).version;
let cwd: string;

beforeAll(() => {
  ensureBuilt();
  cwd = makeProject({ 'package.json': '{"type":"module"}', 'bin/cli.js': ENTRYPOINT });
});
afterAll(removeProjects);

describe('graceful-shutdown', () => {
  it.each([[[]], [['check']], [['fix']], [['entrypoints']], [['probe']]])(
    '%j --help prints usage and exits 0',
    (command) => {
      const result = runCli([...command, '--help'], { cwd });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Usage: graceful-shutdown ${command.join(' ')}`.trim());
      expect(result.stdout).toContain('--version');
    },
  );

  it('-h is --help', () => {
    expect(runCli(['fix', '-h'], { cwd }).stdout).toContain('--dry-run');
  });

  it.each([[[]], [['check']], [['fix']], [['entrypoints']], [['probe']]])(
    '%j --version prints the package version',
    (command) => {
      const result = runCli([...command, '--version'], { cwd });
      expect(result.status).toBe(0);
      expect(result.stdout.trim()).toBe(version);
    },
  );

  it('lists the four commands in the top-level help', () => {
    const { stdout } = runCli(['--help'], { cwd });
    for (const command of ['check', 'fix', 'entrypoints', 'probe'])
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('without a command prints the usage and exits 2', () => {
    const result = runCli([], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: graceful-shutdown');
  });

  it.each([
    [['check', '--nope'], '--nope'],
    [['fix', '--dryrun'], '--dryrun'],
    [['entrypoints', '-z'], '-z'],
    [['--frobnicate'], '--frobnicate'],
  ])('%j: an unknown flag is a usage error naming it', (args, flag) => {
    const result = runCli(args, { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`unknown option '${flag}'`);
    expect(result.stdout).toBe('');
  });

  it('suggests the flag that was probably meant', () => {
    expect(runCli(['fix', '--dryrun'], { cwd }).stderr).toContain('--dry-run');
  });

  it('an unknown command is a usage error naming it', () => {
    const result = runCli(['lint'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'lint'");
  });

  it.each([
    [['fix', '--jobs', '0'], '--jobs'],
    [['fix', '--jobs', 'many'], '--jobs'],
    [['fix', '--format', 'xml'], '--format'],
    [['entrypoints', '--format', 'yaml'], '--format'],
    [['fix', '--helper'], '--helper'],
    [['check', '--config', 'eslint.config.js', '--type-aware'], '--type-aware'],
  ])('%j: a bad option value is a usage error naming the option', (args, option) => {
    const result = runCli(args, { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(option);
  });

  it.each([['check'], ['fix'], ['entrypoints']])(
    '%s: a missing path is a usage error naming it, without a stack trace',
    (command) => {
      const result = runCli([command, 'bin', 'no/such/file.ts'], { cwd });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('no/such/file.ts');
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.stdout).toBe('');
    },
  );

  it('check: an unknown --format is a usage error', () => {
    const result = runCli(['check', '--format', 'no-such-formatter', 'bin'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no-such-formatter');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('.pre-commit-hooks.yaml runs commands the CLI accepts', () => {
    const manifest = readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
    const entries = [...manifest.matchAll(/^\s*entry:\s*graceful-shutdown (.+)$/gm)].map((match) =>
      match[1]!.trim().split(/\s+/),
    );
    expect(entries.length).toBeGreaterThan(0);
    for (const args of entries) expect(runCli([...args, '--help'], { cwd }).status).toBe(0);
  });

  it.each([['check'], ['fix'], ['entrypoints']])('the README documents every option of %s', (command) => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(`### \`${command} [paths…]\``));
    const options = [...runCli([command, '--help'], { cwd }).stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map(
      (match) => match[1]!,
    );
    const documented = options.filter((option) => !['--help', '--version'].includes(option));
    expect(documented.length).toBeGreaterThan(0);
    for (const option of documented) expect(section.slice(0, section.indexOf('\n### ', 5)), option).toContain(option);
  });
});
