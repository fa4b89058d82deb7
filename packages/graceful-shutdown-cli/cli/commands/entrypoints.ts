/** `graceful-shutdown entrypoints [paths…]`: each entrypoint found and why (docs/architecture.md §3). */
import { detectEntrypoint, type EntrypointReasonKind } from 'eslint-plugin-graceful-shutdown/detection/entrypoint';
import { createCheckpoint } from '../cancel.js';
import { EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import { collectFiles, displayPath } from '../files.js';
import { colorsFor, formatTable, type Io } from '../output.js';
import { lineOf, parseProgram } from '../parse.js';
import { createProgress } from '../progress.js';
import { readSource } from '../source.js';

export interface EntrypointsOptions {
  readonly format: 'text' | 'json';
}

interface Found {
  readonly path: string;
  readonly reasons: ReadonlyArray<{ kind: EntrypointReasonKind; detail: string; line?: number }>;
}

export async function runEntrypoints(paths: readonly string[], options: EntrypointsOptions, io: Io): Promise<number> {
  const collected = await collectFiles(paths, io.cwd);
  const entrypoints: Found[] = [];
  const skipped = [...collected.skipped];
  const failed: Array<{ file: string; error: string }> = [];
  const progress = createProgress(io.stderr, collected.files.length, 'entrypoints');
  const checkpoint = createCheckpoint(io.signal);
  try {
    for (const file of collected.files) {
      await checkpoint();
      progress.tick(displayPath(file, io.cwd));
      const source = readSource(file);
      if (source.kind === 'skip') {
        skipped.push({ file, reason: source.reason });
        continue;
      }
      let program;
      try {
        program = parseProgram(file, source.text);
      } catch (error) {
        failed.push({ file, error: `does not parse: ${(error as Error).message}` });
        continue;
      }
      const result = detectEntrypoint({ filename: file, program, text: source.text, cwd: io.cwd });
      if (!result.isEntrypoint) continue;
      entrypoints.push({
        path: file,
        reasons: result.reasons.map((reason) => {
          const line = lineOf(reason.node);
          return { kind: reason.kind, detail: reason.detail, ...(line === undefined ? {} : { line }) };
        }),
      });
    }
  } finally {
    progress.done();
  }

  const show = (file: string): string => displayPath(file, io.cwd);
  if (options.format === 'json') {
    const report = {
      entrypoints: entrypoints.map((found) => ({ file: show(found.path), path: found.path, reasons: found.reasons })),
      skipped: skipped.map(({ file, reason }) => ({ file: show(file), path: file, reason })),
      failed: failed.map(({ file, error }) => ({ file: show(file), path: file, error })),
      filesExamined: collected.files.length,
    };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const c = colorsFor(io.stdout);
    const out: string[] = [];
    for (const found of entrypoints) {
      out.push(c.bold(show(found.path)));
      for (const reason of found.reasons)
        out.push(`  - ${reason.detail}${reason.line === undefined ? '' : c.dim(` (line ${reason.line})`)}`);
    }
    const rows = [
      ...skipped.map(({ file, reason }) => [c.yellow('skipped'), show(file), reason]),
      ...failed.map(({ file, error }) => [c.red('failed'), show(file), error]),
    ];
    if (rows.length > 0) out.push(...(out.length > 0 ? [''] : []), formatTable(rows, ''));
    const count = entrypoints.length;
    const examined = collected.files.length;
    const tally = [
      `${count === 0 ? 'No' : count} entrypoint${count === 1 ? '' : 's'} among ${examined} file${examined === 1 ? '' : 's'}`,
    ];
    if (skipped.length > 0) tally.push(`${skipped.length} skipped`);
    if (failed.length > 0) tally.push(`${failed.length} failed`);
    out.push(...(out.length > 0 ? [''] : []), c.dim(`${tally.join('; ')}.`));
    io.stdout.write(`${out.join('\n')}\n`);
  }
  return failed.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
