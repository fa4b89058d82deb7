// `npm run demo` (after the build): check shows findings, fix rewrites a copy, and the probe shows
// the fixed server finishing the in-flight request on SIGTERM where the original dropped it. POSIX signals.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from './helpers.js';

beforeAll(ensureBuilt);

describe.skipIf(process.platform === 'win32')('examples/demo.mjs', () => {
  it('runs self-contained; the probe shows the request cut before the fix and completed after', () => {
    // stderr merged into stdout in order (the probe echoes the server's output on stderr), so each
    // step's section holds what it printed.
    const demo = path.join(repoRoot, 'examples', 'demo.mjs');
    const result = spawnSync('/bin/sh', ['-c', 'exec "$0" "$1" 2>&1', process.execPath, demo], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      // Generous: the demo's speed is measured in bench/, never asserted here.
      timeout: 240_000,
    });
    const output = result.stdout;
    expect(result.status, output).toBe(0);
    // 1. check found problems
    expect(output).toMatch(/graceful-shutdown\/\S+/);
    expect(output).toMatch(/✖ \d+ problems/);
    const [, before = '', after = ''] = output.split(/^━━ (?:2|4)\. .*$/m);
    // 2. before: the probe's table shows the request cut and the verdict "not graceful" (probe exit 1)
    expect(before).toMatch(/^ +✖ +request +GET http:\/\/127\.0\.0\.1:\d+\/slow: cut \(\w+\), 0 bytes/m);
    expect(before).toMatch(/^✖ not graceful: failed request$/m);
    expect(before).toMatch(/exit status 1\n/);
    // 3. fix shows the rewrite
    expect(output).toContain('+++ b/server.js');
    expect(output).toMatch(/^\+.*runMain\(main\)/m);
    // 4. after: the request completes, the shutdown is logged, the server dies of SIGTERM (probe exit 0)
    expect(after).toContain('SIGTERM received: shutting down');
    expect(after).toMatch(
      /^ +✔ +request +GET http:\/\/127\.0\.0\.1:\d+\/slow: completed 200, 12 bytes, \d+ ms after SIGTERM$/m,
    );
    expect(after).toMatch(/^ +✔ +exit +\d+ ms after SIGTERM: died of SIGTERM \(143\)$/m);
    expect(after).toMatch(/^✔ graceful: shut down in \d+ ms/m);
  }, 300_000);
});
