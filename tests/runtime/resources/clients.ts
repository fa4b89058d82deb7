// Clients the resource tests drive the programs with: a plain HTTP request (no keep-alive: the
// server's own close decides when the connection ends) and a WebSocket that records its close frame.
import { request } from 'node:http';
import { WebSocket } from 'ws';

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
    socket.on('message', (data) => messages.push(String(data)));
    const closed = new Promise<Closed>((resolveClose) =>
      socket.on('close', (code, reason) => resolveClose({ code, reason: reason.toString('utf8') })),
    );
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('error', reject);
  });
}
