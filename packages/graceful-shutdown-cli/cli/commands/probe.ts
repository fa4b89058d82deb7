/** `graceful-shutdown probe [options] -- <command…>`: run a program, signal it, and report what its shutdown did. */
import { EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import { colorsFor, type Io } from '../output.js';
import { resolveProbeOptions, type ProbeFlags } from '../probe/options.js';
import { formatProbeJson, formatProbeTable } from '../probe/report.js';
import { runProbeSession, type EchoSink } from '../probe/session.js';
import { isGraceful, judge } from '../probe/verdict.js';

function echoTo(io: Io): EchoSink {
  const c = colorsFor(io.stderr);
  const paint = { stdout: (text: string) => text, stderr: c.yellow, probe: c.magenta } as const;
  return (source, line) => io.stderr.write(`${paint[source](`${source.padEnd(6)} │ ${line}`)}\n`);
}

export async function runProbe(command: readonly string[], flags: ProbeFlags, io: Io): Promise<number> {
  const options = resolveProbeOptions(command, flags, io.cwd);
  const result = await runProbeSession(options, io.cwd, io.signal, options.echo ? echoTo(io) : undefined);
  const checks = judge(result, options);
  io.stdout.write(
    options.format === 'json' ? formatProbeJson(result, checks) : formatProbeTable(result, checks, options, io.stdout),
  );
  return isGraceful(checks) ? EXIT_OK : EXIT_FINDINGS;
}
