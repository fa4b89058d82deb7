/** TCP connection attempts to the program's port: is it listening, and does it refuse new connections after the signal? */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type ConnectResult = 'accepted' | 'refused' | 'timeout' | 'error';

const CONNECT_TIMEOUT_MS = 1_000;
const HOSTS = ['127.0.0.1', '::1'] as const;

/**
 * A socket connected to itself: when nothing listens on a port in the ephemeral range, the kernel may
 * pick that same port as the source and complete a TCP simultaneous open. Nobody accepted it, and
 * while it lives the program's own listen() on that port fails with EADDRINUSE.
 */
export function isSelfConnection(socket: net.Socket): boolean {
  return socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress;
}

/** One connection attempt; an accepted connection is closed at once. */
export function tryConnect(host: string, port: number, timeoutMs = CONNECT_TIMEOUT_MS): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: ConnectResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done('timeout'));
    socket.once('connect', () => done(isSelfConnection(socket) ? 'refused' : 'accepted'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'refused' : 'error'));
  });
}

/** The loopback address on which `port` accepts a connection now (a server may bind IPv4, IPv6 or both), if any. */
export async function listeningHost(port: number, preferred?: string): Promise<string | undefined> {
  const hosts = preferred === undefined ? HOSTS : [preferred, ...HOSTS.filter((host) => host !== preferred)];
  for (const host of hosts) if ((await tryConnect(host, port)) === 'accepted') return host;
  return undefined;
}

export interface RefusalWatch {
  /** Milliseconds from `since` to the first refused attempt; null when it still accepted at the end. */
  readonly refusedAfterMs: number | null;
  /** Connections it still accepted after the signal. */
  readonly accepted: number;
}

/**
 * Tries a new connection every POLL_MS from `since` until one is refused, `withinMs` has passed or
 * `stop` is aborted (the probe ended): a graceful server stops listening as soon as it is told to stop.
 */
export async function watchRefusal(
  host: string,
  port: number,
  since: number,
  withinMs: number,
  stop: AbortSignal,
): Promise<RefusalWatch> {
  const POLL_MS = 50;
  let accepted = 0;
  while (!stop.aborted) {
    const result = await tryConnect(host, port, CONNECT_TIMEOUT_MS);
    const elapsed = performance.now() - since;
    if (result === 'refused') return { refusedAfterMs: Math.round(elapsed), accepted };
    if (result === 'accepted') accepted++;
    if (elapsed > withinMs) break;
    await sleep(POLL_MS, undefined, { signal: stop }).catch(() => undefined);
  }
  return { refusedAfterMs: null, accepted };
}
