/**
 * What each Node process of the program still had open when it ended, as recorded by the preload
 * (preload.cts), which NODE_OPTIONS loads into every Node process the program starts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProcessHandles {
  readonly pid: number;
  readonly command: string;
  /** 'exit': recorded by its exit event; 'running': its last snapshot (it died of a signal or was killed). */
  readonly at: 'exit' | 'running';
  /** Node's names for what keeps the loop alive (stdio left out): TCPServerWrap, Timeout, FSReqCallback… */
  readonly resources: readonly string[];
  /** Servers, sockets and child processes, described. */
  readonly details: readonly string[];
}

/** The built preload beside this module (tsc writes preload.cjs from preload.cts). */
const preloadPath = fileURLToPath(new URL('./preload.cjs', import.meta.url));

/** NODE_OPTIONS quoting: double quotes, with backslash escapes inside them. */
const quoteNodeOption = (value: string): string => `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;

/** The program's environment with the preload added to NODE_OPTIONS (the user's own options kept). */
export function preloadEnv(env: NodeJS.ProcessEnv, reportDir: string): NodeJS.ProcessEnv {
  const require = `--require ${quoteNodeOption(preloadPath)}`;
  return {
    ...env,
    NODE_OPTIONS: env.NODE_OPTIONS ? `${env.NODE_OPTIONS} ${require}` : require,
    GRACEFUL_SHUTDOWN_PROBE_DIR: reportDir,
  };
}

function isProcessHandles(value: unknown): value is ProcessHandles {
  const report = value as Partial<ProcessHandles> | null;
  return (
    typeof report?.pid === 'number' &&
    typeof report.command === 'string' &&
    Array.isArray(report.resources) &&
    Array.isArray(report.details)
  );
}

/** Every report in `reportDir`, in pid order; unreadable ones are left out. */
export function readProcessHandles(reportDir: string): ProcessHandles[] {
  let names: string[];
  try {
    names = readdirSync(reportDir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  const reports: ProcessHandles[] = [];
  for (const name of names) {
    try {
      const report: unknown = JSON.parse(readFileSync(path.join(reportDir, name), 'utf8'));
      if (isProcessHandles(report)) reports.push(report);
    } catch {
      // half-written by a process killed mid-write: nothing to say about it
    }
  }
  return reports.sort((a, b) => a.pid - b.pid);
}

/** What a report says is pending: details first, then the resource names they do not already cover, counted. */
export function pendingSummary(report: ProcessHandles): string[] {
  const counts = new Map<string, number>();
  for (const name of report.resources) counts.set(name, (counts.get(name) ?? 0) + 1);
  const covered = new Set(['TCPServerWrap', 'TCPSocketWrap', 'PipeServerWrap', 'PipeWrap', 'ProcessWrap']);
  const rest = [...counts]
    .filter(([name]) => report.details.length === 0 || !covered.has(name))
    .map(([name, count]) => (count > 1 ? `${name} ×${count}` : name));
  return [...report.details, ...rest];
}
