// A server's main: `listen`, `await shutdown`, `await closeServer(server)`. An in-flight keep-alive
// request finishes, then the server closes at once, not after the keep-alive timeout (60 s here).
import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { start, useWorkdir, variants } from './harness.js';

useWorkdir();

function get(
  port: number,
  path: string,
  agent: Agent,
): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(process.platform === 'win32').each(variants)('closeServer (%s helper)', (variant) => {
  it('lets an in-flight keep-alive request finish, then closes promptly', async () => {
    const proc = start(variant, 'server', { args: ['1500'] });
    await proc.waitFor('stdout', /port=\d+/);
    const port = Number(/port=(\d+)/.exec(proc.stdout)?.[1]);
    const agent = new Agent({ keepAlive: true });
    try {
      // A first request leaves an idle keep-alive connection; the second is in flight at SIGTERM.
      expect(await get(port, '/idle', agent)).toMatchObject({ status: 200, body: 'hello /idle' });
      const inFlight = get(port, '/slow', agent);
      await proc.waitFor('stdout', 'request /slow');
      const signalledAt = Date.now();
      proc.signal('SIGTERM');
      expect(await inFlight).toEqual({ status: 200, body: 'hello /slow', connection: 'keep-alive' });
      expect(await proc.exit()).toEqual({ code: null, signal: 'SIGTERM' });
      expect(Date.now() - signalledAt).toBeLessThan(15_000); // the keep-alive timeout is 60 s
      expect(proc.stdout).toMatch(/closed after \d+ ms \(SIGTERM\)/);
    } finally {
      agent.destroy();
    }
  });
});
