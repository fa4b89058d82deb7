/**
 * Loaded into every Node process the probe starts (`--require` through NODE_OPTIONS): records what
 * keeps the process alive, so the probe can say what was still pending when it ended. It must not
 * change what the program does: no signal listener (one would stop a signal from killing it), no
 * ref'd handle; only an `exit` listener and an unref'd timer that rewrites a small JSON file when
 * the snapshot changes. A process killed by a signal gets no `exit` event; its last snapshot (at
 * most SNAPSHOT_MS old) is what the probe reads.
 */
import childProcess = require('node:child_process');
import fs = require('node:fs');
import net = require('node:net');
import path = require('node:path');
import workerThreads = require('node:worker_threads');

const SNAPSHOT_MS = 200;
const reportDir = process.env.GRACEFUL_SHUTDOWN_PROBE_DIR;

/** The stdio stream's own resource (`PipeWrap`, `TTYWrap`…): always there, never what is pending. */
function stdioResourceNames(handles: readonly unknown[]): string[] {
  const stdio: unknown[] = [process.stdin, process.stdout, process.stderr];
  return handles
    .filter((handle) => stdio.includes(handle))
    .map((handle) => {
      const native = (handle as { _handle?: { constructor?: { name?: string } } })._handle;
      return `${native?.constructor?.name ?? ''}Wrap`;
    });
}

function describeHandle(handle: unknown): string | undefined {
  if (handle instanceof net.Server) {
    const address = handle.address();
    if (address === null) return 'server (not listening)';
    return typeof address === 'string' ? `server on ${address}` : `server on ${address.address}:${address.port}`;
  }
  if (handle instanceof net.Socket) {
    if (handle.remotePort === undefined) return 'socket';
    return `socket ${handle.localAddress ?? '?'}:${handle.localPort ?? '?'} ↔ ${handle.remoteAddress ?? '?'}:${handle.remotePort}`;
  }
  if (handle instanceof childProcess.ChildProcess) return `child process ${handle.pid ?? '?'} (${handle.spawnfile})`;
  return undefined;
}

/** What keeps the process alive now: Node's resource names minus stdio, and a description of each server, socket and child. */
function snapshot(): { resources: string[]; details: string[] } {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  const resources = process.getActiveResourcesInfo();
  for (const name of stdioResourceNames(handles)) {
    const at = resources.indexOf(name);
    if (at >= 0) resources.splice(at, 1);
  }
  const stdio: unknown[] = [process.stdin, process.stdout, process.stderr];
  const details = handles
    .filter((handle) => !stdio.includes(handle))
    .map(describeHandle)
    .filter((text): text is string => text !== undefined);
  return { resources, details };
}

/** A path inside the working folder, relative to it (the script's path, as the user typed it, usually). */
function shortPath(arg: string): string {
  const inside = path.isAbsolute(arg) && arg.startsWith(process.cwd() + path.sep);
  return inside ? path.relative(process.cwd(), arg) : arg;
}

function install(dir: string): void {
  const file = path.join(dir, `${process.pid}.json`);
  const command = [path.basename(process.argv0), ...process.argv.slice(1).map(shortPath)].join(' ');
  let written = '';
  const write = (at: 'running' | 'exit', exitCode?: number): void => {
    try {
      const text = JSON.stringify({ pid: process.pid, command, at, exitCode, ...snapshot() });
      if (text === written) return;
      written = text;
      // Whole files only: the probe may read at any moment.
      fs.writeFileSync(`${file}.tmp`, text);
      fs.renameSync(`${file}.tmp`, file);
    } catch {
      // The program must run as it would without the probe: a failed snapshot is only missing.
    }
  };
  fs.mkdirSync(dir, { recursive: true });
  write('running');
  setInterval(() => write('running'), SNAPSHOT_MS).unref();
  process.on('exit', (code) => write('exit', code));
}

if (reportDir && workerThreads.isMainThread) {
  try {
    install(reportDir);
  } catch {
    // The probe reports "not recorded"; the program itself must run as it would without us.
  }
}
