// A NestJS app under the runtime helper, as a real process: `defer(() => app.close())` lets a request
// in flight at SIGTERM complete, runs Nest's shutdown hooks and ends the process by the signal.
import { describe, expect, it } from 'vitest';
import { start } from '../harness.js';
import { expectEndedBySigterm, get, listeningPort, useResourceWorkdir } from './harness.js';

useResourceWorkdir();

describe.skipIf(process.platform === 'win32')('NestJS app under SIGTERM', () => {
  it('the in-flight request completes, the lifecycle hooks run, exit by SIGTERM', async () => {
    const proc = start('esm', 'nest-app', { args: ['1500'] });
    const port = await listeningPort(proc);
    const inFlight = get(port, '/slow');
    await proc.waitFor('stdout', 'request /slow');
    proc.signal('SIGTERM');
    expect(await inFlight).toEqual({ status: 200, body: 'hello /slow' });
    await expectEndedBySigterm(proc);
    const order = ['request /slow', 'shutting down (SIGTERM)', 'onModuleDestroy', 'onApplicationShutdown'];
    expect(proc.stdout.split('\n').filter((line) => order.includes(line))).toEqual(order);
  });
});
