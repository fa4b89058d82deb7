/**
 * The verdict: one row per thing a shutdown must get right. 'fail' rows make the shutdown not
 * graceful (exit 1); 'info' rows are there to read.
 */
import { constants } from 'node:os';
import { pendingSummary } from './handles.js';
import { isPendingLine } from './helper-lines.js';
import type { ExitInfo } from './launch.js';
import type { ProbeOptions } from './options.js';
import type { ProbeResult, RequestReport } from './session.js';

export interface Check {
  readonly label: string;
  readonly status: 'ok' | 'fail' | 'info';
  readonly detail: string;
}

/** The status a shell shows: the exit code, or 128 + the signal's number. */
export function shellStatus(exit: Pick<ExitInfo, 'code' | 'signal'>): number | null {
  if (exit.signal !== null) return 128 + (constants.signals[exit.signal] ?? 0);
  return exit.code;
}

export function describeExit(exit: Pick<ExitInfo, 'code' | 'signal'>): string {
  if (exit.signal !== null) return `died of ${exit.signal} (${shellStatus(exit)})`;
  return `exit code ${exit.code ?? '?'}`;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Exit 0, or death by the signal sent (directly, or re-raised as runMain does, or as 128 + n). */
function endedWell(result: ProbeResult): boolean {
  const { exit, signal } = result;
  if (signal === undefined || exit.killedByProbe) return false;
  if (exit.signal !== null) return exit.signal === signal.name;
  return exit.code === 0 || exit.code === 128 + (constants.signals[signal.name] ?? 0);
}

function requestCheck(request: RequestReport, signalName: string): Check {
  const label = 'request';
  const what = `GET ${request.url}`;
  const when =
    request.afterSignalMs === null
      ? ''
      : request.afterSignalMs < 0
        ? `, ${-request.afterSignalMs} ms before ${signalName}`
        : `, ${request.afterSignalMs} ms after ${signalName}`;
  const body = `${request.status === undefined ? '' : `${request.status}, `}${plural(request.bytes, 'byte')}`;
  if (request.outcome === 'completed') {
    if (request.afterSignalMs !== null && request.afterSignalMs < 0)
      return {
        label,
        status: 'info',
        detail: `${what}: completed before the signal (${body}${when}): it was not in flight; use a slower route or a shorter --signal-after`,
      };
    return { label, status: 'ok', detail: `${what}: completed ${body}${when}` };
  }
  const cut = request.outcome === 'cut' ? `cut (${request.error ?? 'connection closed'})` : 'no response';
  if (request.afterAgain)
    return { label, status: 'info', detail: `${what}: ${cut} after the second ${signalName} forced the exit${when}` };
  return { label, status: 'fail', detail: `${what}: ${cut}, ${body}${when}` };
}

function exitChecks(result: ProbeResult, options: ProbeOptions): Check[] {
  const { exit, signal } = result;
  if (!result.ready.ok) return [{ label: 'ready', status: 'fail', detail: result.ready.reason }];
  const readyDetail = `after ${result.ready.afterMs} ms${result.ready.port === undefined ? '' : `, port ${result.ready.port}`}`;
  const checks: Check[] = [{ label: 'ready', status: 'ok', detail: readyDetail }];
  if (signal === undefined)
    return [...checks, { label: 'exit', status: 'fail', detail: `${describeExit(exit)} before the signal was sent` }];
  const again = signal.againAfterMs === undefined ? '' : `, again ${signal.againAfterMs} ms later`;
  checks.push({ label: 'signal', status: 'info', detail: `${signal.name} to the ${signal.to}${again}` });
  if (exit.killedByProbe)
    checks.push({
      label: 'exit',
      status: 'fail',
      detail: `still running ${options.deadlineMs} ms after ${signal.name}: killed`,
    });
  else
    checks.push({
      label: 'exit',
      status: endedWell(result) ? 'ok' : 'fail',
      detail: `${exit.afterSignalMs} ms after ${signal.name}: ${describeExit(exit)}`,
    });
  return checks;
}

function connectionCheck(result: ProbeResult, options: ProbeOptions): Check | undefined {
  const label = 'new connections';
  const signalName = result.signal?.name ?? 'the signal';
  if (result.portNotListening !== undefined)
    return {
      label,
      status: 'info',
      detail: `not checked: nothing listened on port ${result.portNotListening} on a loopback address`,
    };
  const watch = result.newConnections;
  if (watch === undefined) return undefined;
  if (watch.refusedAfterMs !== null && watch.refusedAfterMs <= options.refuseWithinMs)
    return {
      label,
      status: 'ok',
      detail: `refused ${watch.refusedAfterMs} ms after ${signalName} (port ${watch.port})`,
    };
  return {
    label,
    status: 'fail',
    detail: `still accepted ${options.refuseWithinMs} ms after ${signalName} (port ${watch.port}, ${plural(watch.accepted, 'connection')} accepted)`,
  };
}

function pendingChecks(result: ProbeResult): Check[] {
  const checks: Check[] = [];
  const helperPending = result.helperLines.filter(isPendingLine);
  for (const line of helperPending) checks.push({ label: 'pending (runMain)', status: 'fail', detail: line.line });
  const forced = result.helperLines.find((line) => line.kind === 'forced');
  if (forced !== undefined)
    checks.push({ label: 'pending (runMain)', status: 'info', detail: `${forced.line} (pending work was cut)` });
  else if (helperPending.length === 0 && result.helperLines.some((line) => line.kind === 'signal'))
    checks.push({
      label: 'pending (runMain)',
      status: 'ok',
      detail: 'nothing: main, tracked work and closers finished',
    });
  if (result.handles === null) return checks;
  for (const report of result.handles) {
    const who = `pid ${report.pid} ${report.command}`;
    const pending = pendingSummary(report);
    if (report.at === 'exit') {
      checks.push({ label: 'open at exit', status: 'info', detail: `${who}: ${pending.join(', ') || 'nothing'}` });
    } else if (result.exit.killedByProbe || result.childrenLeft.some((member) => member.pid === report.pid)) {
      checks.push({
        label: 'kept alive by',
        status: 'info',
        detail: `${who}: ${pending.join(', ') || 'nothing Node reports'}`,
      });
    }
  }
  return checks;
}

function outputChecks(result: ProbeResult): Check[] {
  const traces = result.stackTraces.filter((trace) => trace.afterSignal || result.signal === undefined);
  const earlier = result.stackTraces.length - traces.length;
  const checks: Check[] = [
    traces.length === 0
      ? {
          label: 'stack traces',
          status: 'ok',
          detail: `none after the signal${earlier > 0 ? ` (${earlier} before it)` : ''}`,
        }
      : {
          label: 'stack traces',
          status: 'fail',
          detail: `${plural(traces.length, 'trace')} on ${[...new Set(traces.map((trace) => trace.stream))].join(' and ')}: ${traces.map((trace) => trace.headline).join(' | ')}`,
        },
  ];
  const out = result.stdout;
  checks.push(
    out.bytes === 0
      ? { label: 'stdout', status: 'ok', detail: 'nothing written' }
      : out.endsWithNewline
        ? { label: 'stdout', status: 'ok', detail: `whole: ${plural(out.lines, 'line')}, ${plural(out.bytes, 'byte')}` }
        : {
            label: 'stdout',
            status: 'fail',
            detail: `cut mid-line after ${plural(out.bytes, 'byte')} (output lost at exit?)`,
          },
  );
  if (result.stdin !== undefined) {
    const { file, fedBytes, totalBytes, closedByProgram } = result.stdin;
    checks.push({
      label: 'stdin',
      status: 'info',
      detail: `${file}: ${fedBytes} of ${plural(totalBytes, 'byte')} fed${closedByProgram ? ', then its stdin closed' : ''}`,
    });
  }
  return checks;
}

export function judge(result: ProbeResult, options: ProbeOptions): Check[] {
  const checks = exitChecks(result, options);
  if (result.signal !== undefined) {
    checks.push(...result.requests.map((request) => requestCheck(request, result.signal!.name)));
    const connections = connectionCheck(result, options);
    if (connections !== undefined) checks.push(connections);
  }
  checks.push(
    result.childrenLeft.length === 0
      ? { label: 'children left', status: 'ok', detail: 'none' }
      : {
          label: 'children left',
          status: 'fail',
          detail: `${result.childrenLeft.map((member) => `pid ${member.pid} ${member.command}`).join('; ')} (killed by the probe)`,
        },
  );
  checks.push(...pendingChecks(result), ...outputChecks(result));
  return checks;
}

export const isGraceful = (checks: readonly Check[]): boolean => checks.every((check) => check.status !== 'fail');
