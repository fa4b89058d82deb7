// Clients that need a server (pg, ioredis, kafkajs) under the runtime helper, as real processes
// against fake servers on 127.0.0.1: the close `defer`red right after opening is reached on SIGTERM
// and the server sees it (pg's Terminate message, Redis QUIT, the producer's disconnect). The same
// program without its `defer` (SKIP_CLOSE) is the contrast: the server sees no close, only the
// connection dropping when the process dies.
import { afterEach, describe, expect, it } from 'vitest';
import { start } from '../harness.js';
import { type FakeServer, fakeKafka, fakePostgres, fakeRedis } from './fake-servers.js';
import { expectEndedBySigterm, useResourceWorkdir } from './harness.js';

useResourceWorkdir();

interface Case {
  readonly name: string;
  readonly program: string;
  readonly portVariable: string;
  readonly server: () => Promise<FakeServer>;
  /** The server's last event once the program is ready: the client's work (its handshake varies by version). */
  readonly lastOpenEvent: string;
  /** What the server sees when the client closes. */
  readonly closed: readonly string[];
  /** A line the program prints when the library says the client closed. */
  readonly closedLine?: string;
}

const CASES: Case[] = [
  {
    name: 'pg Pool: end() sends Terminate',
    program: 'pg-pool',
    portVariable: 'PG_PORT',
    server: fakePostgres,
    lastOpenEvent: 'query SELECT 1',
    closed: ['terminate', 'end'],
  },
  {
    name: 'ioredis: quit() sends QUIT',
    program: 'ioredis-client',
    portVariable: 'REDIS_PORT',
    server: fakeRedis,
    lastOpenEvent: 'SET',
    closed: ['QUIT', 'end'],
  },
  {
    name: 'kafkajs producer: disconnect() ends the broker connection',
    program: 'kafkajs-producer',
    portVariable: 'KAFKA_PORT',
    server: fakeKafka,
    lastOpenEvent: 'request 18',
    closed: ['end'],
    closedLine: 'producer disconnected',
  },
];

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.skipIf(process.platform === 'win32').each(CASES)('$name', (testCase) => {
  async function runToSigterm(env: Record<string, string>) {
    server = await testCase.server();
    const proc = start('esm', testCase.program, { env: { [testCase.portVariable]: String(server.port), ...env } });
    await proc.waitFor('stdout', 'ready');
    const openEvents = server.events.length;
    expect(server.events.at(-1)).toBe(testCase.lastOpenEvent);
    expect(server.events.filter((event) => event === 'connection')).toHaveLength(1);
    proc.signal('SIGTERM');
    await expectEndedBySigterm(proc);
    // The server's side of the connection may lag the process's exit by a tick.
    await expect.poll(() => server!.events.slice(openEvents)).toContain('end');
    return { proc, events: server.events.slice(openEvents) };
  }

  it('the deferred close is reached on SIGTERM', async () => {
    const { proc, events } = await runToSigterm({});
    expect(events).toEqual(testCase.closed);
    if (testCase.closedLine) expect(proc.stdout).toContain(testCase.closedLine);
  });

  it('without the defer, the server sees the connection drop, not a close', async () => {
    const { proc, events } = await runToSigterm({ SKIP_CLOSE: '1' });
    expect(events).toEqual(['end']);
    if (testCase.closedLine) expect(proc.stdout).not.toContain(testCase.closedLine);
  });
});
