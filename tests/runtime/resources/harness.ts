// The resource tests' harness: fixture programs that import real libraries run from a temp dir
// inside the repository (so Node resolves them from its node_modules), the clients that drive them
// (a plain HTTP request: no keep-alive, the server's own close decides when the connection ends; a
// WebSocket that records its close frame), and the check that a program ended by its signal within
// the helper's deadline.
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { type RawData, WebSocket } from 'ws';
import { type Proc, root, useWorkdir } from '../harness.js';

/** A WebSocket message as text, whichever of ws's binary types carried it. */
const messageText = (data: RawData): string =>
  (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');

/** Call once at the top of a test file. */
export function useResourceWorkdir(): void {
  useWorkdir({
    programs: new URL('tests/runtime/resources/programs/', root),
    parent: join(fileURLToPath(root), 'node_modules', '.cache'),
  });
}

/** Port a fixture program printed (`port=…`) once it listens. */
export async function listeningPort(proc: Proc): Promise<number> {
  await proc.waitFor('stdout', /port=\d+/);
  return Number(/port=(\d+)/.exec(proc.stdout)?.[1]);
}

/** Died of SIGTERM (status 143 in a shell) after closing everything: the helper's deadline never fired. */
export async function expectEndedBySigterm(proc: Proc): Promise<void> {
  expect(await proc.exit()).toEqual({ code: null, signal: 'SIGTERM' });
  expect(proc.stderr).not.toContain('shutdown deadline');
}

export interface Response {
  readonly status: number;
  readonly body: string;
}

/** GET `path`; resolves with the whole response. */
export function get(port: number, path: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface Closed {
  /** 1005 when the frame has no status, 1006 when the connection dropped without a close frame. */
  readonly code: number;
  readonly reason: string;
}

export interface OpenSocket {
  readonly socket: WebSocket;
  readonly messages: string[];
  readonly closed: Promise<Closed>;
}

/** Opens a WebSocket and resolves once it is open. */
export function openSocket(url: string): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const messages: string[] = [];
    socket.on('message', (data) => messages.push(messageText(data)));
    const closed = new Promise<Closed>((resolveClose) =>
      socket.on('close', (code, reason) => resolveClose({ code, reason: reason.toString('utf8') })),
    );
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('error', reject);
  });
}
