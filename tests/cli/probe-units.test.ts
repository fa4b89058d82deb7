// The probe's pure parts: which URLs it may request, how it reads a program's output, and how it
// judges an exit. The behaviour on real programs is in probe.test.ts.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isSelfConnection } from '../../packages/graceful-shutdown-cli/cli/probe/connections.js';
import { pendingSummary } from '../../packages/graceful-shutdown-cli/cli/probe/handles.js';
import { isPendingLine, parseHelperLine } from '../../packages/graceful-shutdown-cli/cli/probe/helper-lines.js';
import {
  fillPort,
  isLoopbackHost,
  requestUrlProblem,
} from '../../packages/graceful-shutdown-cli/cli/probe/loopback.js';
import { portFromMatch } from '../../packages/graceful-shutdown-cli/cli/probe/readiness.js';
import {
  createStackTraceScanner,
  type StackTrace,
} from '../../packages/graceful-shutdown-cli/cli/probe/stack-traces.js';
import { stdinPieces } from '../../packages/graceful-shutdown-cli/cli/probe/stdin-feed.js';
import { describeExit, shellStatus } from '../../packages/graceful-shutdown-cli/cli/probe/verdict.js';
import { freePort } from './helpers.js';

function connected(options: net.TcpNetConnectOpts): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(options, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe.skipIf(process.platform !== 'linux')('waiting for a port', () => {
  // Polling a port nobody listens on can connect to itself (TCP simultaneous open): the probe once
  // called such a program ready, and its listen() then failed with EADDRINUSE.
  it('a socket connected to itself is not a listener', async () => {
    const port = await freePort();
    const socket = await connected({ host: '127.0.0.1', port, localAddress: '127.0.0.1', localPort: port });
    try {
      expect(isSelfConnection(socket)).toBe(true);
    } finally {
      socket.destroy();
    }
  });

  it('a connection a server accepted is', async () => {
    const server = net.createServer((peer) => peer.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = await connected({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
    try {
      expect(isSelfConnection(socket)).toBe(false);
    } finally {
      socket.destroy();
      server.close();
    }
  });
});

describe('loopback only', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', '::1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['example.com', '10.0.0.1', '0.0.0.0', '::', '[::]', '127.example.com', '192.168.1.127', 'localhost.evil'])(
    '%s is not',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );

  it('explains what is wrong with a URL it will not request', () => {
    expect(requestUrlProblem('http://127.0.0.1:{port}/slow')).toBeUndefined();
    expect(requestUrlProblem('http://[::1]:8080/')).toBeUndefined();
    expect(requestUrlProblem('http://10.1.1.1/')).toContain('only connects to loopback addresses');
    expect(requestUrlProblem('ftp://127.0.0.1/')).toContain('only http: URLs');
    expect(requestUrlProblem('not a url')).toBe('"not a url" is not a URL');
  });

  it('puts the learned port into the URL', () => {
    expect(fillPort('http://127.0.0.1:{port}/a', 4321)).toBe('http://127.0.0.1:4321/a');
    expect(fillPort('http://127.0.0.1:80/a', undefined)).toBe('http://127.0.0.1:80/a');
  });
});

describe('reading the output', () => {
  it('learns the port from a group named port, else the first group, when it is a port number', () => {
    expect(portFromMatch(/on :(\d+)/.exec('listening on :3000')!)).toBe(3000);
    expect(portFromMatch(/(\w+) on :(?<port>\d+)/.exec('http on :8080')!)).toBe(8080);
    expect(portFromMatch(/(\w+) started/.exec('worker started')!)).toBeUndefined();
    expect(portFromMatch(/:(\d+)/.exec(':99999')!)).toBeUndefined();
    expect(portFromMatch(/ready/.exec('ready')!)).toBeUndefined();
  });

  it('finds each stack trace once, with the line above its first frame', () => {
    const traces: StackTrace[] = [];
    const scan = createStackTraceScanner('stderr', (trace) => traces.push(trace));
    const output = `starting
Error: boom
    at main (/app/server.js:10:11)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
carrying on
TypeError: nope
    at Array.map (<anonymous>)
    at file:///app/x.mjs:3:1`;
    output.split('\n').forEach((line, i) => scan(line, i > 4));
    expect(traces).toEqual([
      { stream: 'stderr', headline: 'Error: boom', afterSignal: false },
      { stream: 'stderr', headline: 'TypeError: nope', afterSignal: true },
    ]);
  });

  it('does not take indented prose for a stack frame', () => {
    const traces: StackTrace[] = [];
    const scan = createStackTraceScanner('stdout', (trace) => traces.push(trace));
    scan('  at least 3 files changed', true);
    scan('    at the end of the day', true);
    expect(traces).toEqual([]);
  });

  it.each([
    ['SIGTERM received: shutting down (send it again to force)', 'signal', false],
    ['SIGINT received again: exiting now', 'forced', false],
    [
      'shutdown deadline (1000 ms) passed; still pending: track "upload" (1.0s); active resources: Timeout',
      'deadline',
      true,
    ],
    ['process still alive 1000 ms after shutdown; kept alive by: TCPSocketWrap', 'still-alive', true],
    ['event loop is empty but main (2.0s) is still pending; exiting', 'loop-empty', true],
  ] as const)('reads the helper line %j', (line, kind, pending) => {
    const parsed = parseHelperLine(line);
    expect(parsed).toEqual({ kind, line });
    expect(isPendingLine(parsed!)).toBe(pending);
  });

  it('ignores lines that only look like the helper', () => {
    expect(parseHelperLine('user says: SIGTERM received: shutting down')).toBeUndefined();
    expect(parseHelperLine('shutdown deadline passed')).toBeUndefined();
  });
});

describe('feeding stdin', () => {
  it('cuts the file into lines, and long lines into 4 KiB pieces, losing nothing', () => {
    const content = Buffer.from(`a\nbb\n${'x'.repeat(9000)}\nlast`);
    const pieces = stdinPieces(content);
    expect(pieces.slice(0, 2).map(String)).toEqual(['a\n', 'bb\n']);
    expect(pieces.map((piece) => piece.length)).toEqual([2, 3, 4096, 4096, 809, 4]);
    expect(Buffer.concat(pieces).equals(content)).toBe(true);
    expect(stdinPieces(Buffer.alloc(0))).toEqual([]);
  });
});

describe('exits and what was open', () => {
  it('gives the status a shell would show', () => {
    expect(shellStatus({ code: null, signal: 'SIGTERM' })).toBe(143);
    expect(shellStatus({ code: null, signal: 'SIGINT' })).toBe(130);
    expect(shellStatus({ code: 3, signal: null })).toBe(3);
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('died of SIGKILL (137)');
    expect(describeExit({ code: 0, signal: null })).toBe('exit code 0');
  });

  it('summarises what a process still held: descriptions first, then the other resources, counted', () => {
    const report = {
      pid: 1,
      command: 'node server.js',
      at: 'exit' as const,
      resources: ['TCPServerWrap', 'TCPSocketWrap', 'Timeout', 'Timeout', 'FSReqCallback'],
      details: ['server on 127.0.0.1:3000', 'socket 127.0.0.1:3000 ↔ 127.0.0.1:5000'],
    };
    expect(pendingSummary(report)).toEqual([
      'server on 127.0.0.1:3000',
      'socket 127.0.0.1:3000 ↔ 127.0.0.1:5000',
      'Timeout ×2',
      'FSReqCallback',
    ]);
    expect(pendingSummary({ ...report, resources: ['Timeout'], details: [] })).toEqual(['Timeout']);
  });
});
