// `npm run demo` (after the build): check shows findings, fix rewrites a copy, and the fixed server
// finishes the in-flight request on SIGTERM where the original dropped it. POSIX signals.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from './helpers.js';

beforeAll(ensureBuilt);

describe.skipIf(process.platform === 'win32')('examples/demo.mjs', () => {
  it('runs self-contained in well under a minute and shows the request surviving SIGTERM after the fix', () => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'examples', 'demo.mjs')], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      timeout: 90_000,
    });
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(0);
    expect(performance.now() - started).toBeLessThan(60_000);
    // 1. check found problems
    expect(output).toMatch(/graceful-shutdown\/\S+/);
    expect(output).toMatch(/✖ \d+ problems/);
    // 2. before: the request is lost
    expect(output).toMatch(/request failed: .*\(the response was lost\)/);
    // 3. fix shows the rewrite
    expect(output).toContain('+++ b/server.js');
    expect(output).toMatch(/^\+.*runMain\(main\)/m);
    // 4. after: the request completes, the shutdown is logged, the server dies of SIGTERM
    expect(output).toContain('SIGTERM received: shutting down');
    expect(output).toMatch(/response 200 "done: \/slow" arrived \d+ ms after SIGTERM/);
    expect(output).toContain('server exited by SIGTERM');
  });
});
