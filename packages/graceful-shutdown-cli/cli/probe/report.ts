/** The probe's report: a table for people, JSON for programs. */
import { colorsFor, formatTable, type Stream } from '../output.js';
import type { ProbeOptions } from './options.js';
import type { ProbeResult } from './session.js';
import { isGraceful, shellStatus, type Check } from './verdict.js';

const MARKS = { ok: '✔', fail: '✖', info: '·' } as const;

export function formatProbeTable(
  result: ProbeResult,
  checks: readonly Check[],
  options: ProbeOptions,
  stream: Stream,
): string {
  const c = colorsFor(stream);
  const paint = { ok: c.green, fail: c.red, info: c.dim } as const;
  const rows = checks.map((check) => [paint[check.status](MARKS[check.status]), check.label, check.detail]);
  const failed = checks.filter((check) => check.status === 'fail').map((check) => check.label);
  const summary = isGraceful(checks)
    ? c.green(`✔ graceful: shut down in ${result.exit.afterSignalMs} ms (deadline ${options.deadlineMs} ms)`)
    : c.red(`✖ not graceful: failed ${[...new Set(failed)].join(', ')}`);
  return `${c.bold(`probe: ${result.command.join(' ')}`)} ${c.dim(`(pid ${result.pid})`)}\n${formatTable(rows)}\n${summary}\n`;
}

export function formatProbeJson(result: ProbeResult, checks: readonly Check[]): string {
  const report = {
    graceful: isGraceful(checks),
    ...result,
    exit: { ...result.exit, status: shellStatus(result.exit), at: undefined },
    helperLines: result.helperLines.map((line) => line.line),
    checks,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
