// `graceful-shutdown entrypoints`: each entrypoint found and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENTRYPOINT,
  LIBRARY,
  PACKAGE_JSON,
  STACK_LINE,
  ensureBuilt,
  link,
  makeProject,
  removeProjects,
  runCli,
} from './helpers.js';

interface EntrypointsJson {
  entrypoints: Array<{ file: string; reasons: Array<{ kind: string; detail: string; line?: number }> }>;
  skipped: Array<{ file: string; reason: string }>;
  failed: Array<{ file: string; error: string }>;
  filesExamined: number;
}

const SERVER = `import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.listen(3000);
`;

beforeAll(ensureBuilt);
afterAll(removeProjects);

describe('graceful-shutdown entrypoints', () => {
  it('lists each entrypoint with its reasons, and nothing else', () => {
    const dir = makeProject({
      'package.json': PACKAGE_JSON,
      'bin/cli.js': ENTRYPOINT,
      'lib/add.js': LIBRARY,
      'src/server.js': SERVER,
    });
    const result = runCli(['entrypoints'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^bin\/cli\.js\n {2}- named by package\.json "bin"/m);
    expect(result.stdout).toContain('  - starts with a #! line');
    expect(result.stdout).toMatch(/ {2}- calls main\(\) at top level \(line 9\)/);
    expect(result.stdout).toMatch(/^src\/server\.js\n {2}- calls \.listen\(\) at top level \(line 3\)/m);
    expect(result.stdout).not.toContain('lib/add.js');
    expect(result.stdout).toContain('2 entrypoints among 3 files.');
  });

  it('--format json', () => {
    const dir = makeProject({ 'package.json': PACKAGE_JSON, 'bin/cli.js': ENTRYPOINT, 'lib/add.js': LIBRARY });
    const result = runCli(['entrypoints', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(result.stdout) as EntrypointsJson;
    expect(json.filesExamined).toBe(2);
    expect(json.entrypoints).toHaveLength(1);
    expect(json.entrypoints[0]?.file).toBe('bin/cli.js');
    expect(json.entrypoints[0]?.reasons.map((r) => r.kind).sort()).toEqual(['main-call', 'package-bin', 'shebang']);
    expect(json.entrypoints[0]?.reasons.find((r) => r.kind === 'main-call')?.line).toBe(9);
  });

  it('reports files that do not parse (exit 1) and skips unreadable ones, without crashing', () => {
    const dir = makeProject({
      'bin/cli.js': ENTRYPOINT,
      'bin/broken.ts': 'const = 1;\n',
      'bin/binary.js': Buffer.from([0, 1, 2, 3]),
      'bin/empty.mjs': '',
      'bin/x.ts/inner.js': LIBRARY,
    });
    link(dir, 'bin/loop.js', 'loop.js');
    const result = runCli(['entrypoints', '--format', 'json'], { cwd: dir });
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.status).toBe(1);
    const json = JSON.parse(result.stdout) as EntrypointsJson;
    expect(json.entrypoints.map((e) => e.file)).toEqual(['bin/cli.js']);
    expect(json.failed).toEqual([
      expect.objectContaining({ file: 'bin/broken.ts', error: expect.stringMatching(/^does not parse: .*\(1:\d+\)/) }),
    ]);
    expect(json.skipped).toContainEqual(expect.objectContaining({ file: 'bin/binary.js', reason: 'binary file' }));
    const text = runCli(['entrypoints', 'bin', 'bin/loop.js'], { cwd: dir });
    expect(text.stdout).toMatch(/^skipped\s+bin\/loop\.js\s+symbolic link loop$/m);
    expect(text.stdout).toMatch(/^failed\s+bin\/broken\.ts\s+does not parse/m);
  });
});
