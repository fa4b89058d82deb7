// ws and socket.io servers under the runtime helper, as real processes: with an HTTP request in
// flight and a WebSocket open, SIGTERM lets the request complete, sends the socket a close frame and
// ends the process by the signal, well within the helper's deadline.
import { describe, expect, it } from 'vitest';
import { start } from '../harness.js';
import { expectEndedBySigterm, get, listeningPort, openSocket, useResourceWorkdir } from './harness.js';

useResourceWorkdir();

describe.skipIf(process.platform === 'win32')('WebSocket servers under SIGTERM', () => {
  it('ws: the request completes, the socket gets close frame 1001, exit by SIGTERM', async () => {
    const proc = start('esm', 'ws-server', { args: ['1500'] });
    const port = await listeningPort(proc);
    const client = await openSocket(`ws://127.0.0.1:${port}/`);
    try {
      await proc.waitFor('stdout', 'websocket connected');
      client.socket.send('ping');
      await expect.poll(() => client.messages).toEqual(['echo ping']);
      const inFlight = get(port, '/slow');
      await proc.waitFor('stdout', 'request /slow');
      proc.signal('SIGTERM');
      expect(await client.closed).toEqual({ code: 1001, reason: 'server shutting down' });
      expect(await inFlight).toEqual({ status: 200, body: 'hello /slow' });
      await expectEndedBySigterm(proc);
      expect(proc.stdout).toContain('closed (SIGTERM)');
    } finally {
      client.socket.terminate();
    }
  });

  it('socket.io: the request completes, the socket gets a close frame, exit by SIGTERM', async () => {
    const proc = start('esm', 'socket-io-server', { args: ['1500'] });
    const port = await listeningPort(proc);
    // The Engine.IO v4 protocol over a raw WebSocket: '0{…}' opens the session, '40' joins the main namespace.
    const client = await openSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    try {
      await expect.poll(() => client.messages[0]).toMatch(/^0\{/);
      client.socket.send('40');
      await proc.waitFor('stdout', 'socket.io connected');
      const inFlight = get(port, '/slow');
      await proc.waitFor('stdout', 'request /slow');
      proc.signal('SIGTERM');
      // A close frame without a status (1005), not a dropped connection (1006).
      expect(await client.closed).toEqual({ code: 1005, reason: '' });
      expect(await inFlight).toEqual({ status: 200, body: 'hello /slow' });
      await expectEndedBySigterm(proc);
      expect(proc.stdout).toContain('socket.io disconnected: server shutting down');
      expect(proc.stdout).toContain('closed (SIGTERM)');
    } finally {
      client.socket.terminate();
    }
  });
});
