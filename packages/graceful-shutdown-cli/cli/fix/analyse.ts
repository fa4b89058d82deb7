/**
 * One file through `graceful-main`, without writing anything: read (skipping binary, non-UTF-8,
 * folders, loops), tell entrypoints from the rest with the shared detector, run the codemod, and
 * give back the exact text to write (BOM and line endings of the original). Runs in the main
 * thread or in a worker (`--jobs`), so its input and output are plain data.
 */
import { realpathSync } from 'node:fs';
import { type HelperVariant, loadGracefulMain } from '../../codemods/index.js';
import { detectEntrypoint } from 'eslint-plugin-graceful-shutdown/detection/entrypoint';
import { errorMessage } from '../errors.js';
import { extensionlessRuntime } from '../extensionless.js';
import { parseProgram } from '../parse.js';
import { encodeSource, readSource } from '../source.js';

// Loaded once with this module (which `fix` loads on demand): the codemod brings jscodeshift.
const { GracefulMainError, gracefulMain } = await loadGracefulMain();

export interface AnalyseRequest {
  /** Absolute path as listed. */
  readonly file: string;
  readonly helperPath?: string;
  /** Where `entrypoints` globs would resolve; the detector's cwd. */
  readonly cwd: string;
}

export type AnalyseOutcome =
  | {
      readonly status: 'changed';
      /** The real path (a symlink's target): what the codemod saw and what gets written. */
      readonly realPath: string;
      readonly before: string;
      readonly after: string;
      readonly helper: { readonly path: string; readonly variant: HelperVariant };
    }
  | { readonly status: 'unchanged'; readonly realPath: string; readonly reason?: string }
  | { readonly status: 'skipped'; readonly reason: string; readonly notEntrypoint?: true; readonly unreadable?: true }
  | { readonly status: 'failed'; readonly error: string };

export const NOT_AN_ENTRYPOINT = 'not an entrypoint';

export function analyseFile(request: AnalyseRequest): AnalyseOutcome {
  try {
    const source = readSource(request.file);
    if (source.kind === 'skip') return { status: 'skipped', reason: source.reason, unreadable: true };
    const realPath = realpathSync(request.file);

    // The detector needs an AST; when our parser fails, the codemod's verdict (and message) decides.
    let program;
    try {
      program = parseProgram(realPath, source.text);
    } catch {
      program = undefined;
    }
    if (
      program &&
      !detectEntrypoint({ filename: realPath, program, text: source.text, cwd: request.cwd }).isEntrypoint
    ) {
      return { status: 'skipped', reason: NOT_AN_ENTRYPOINT, notEntrypoint: true };
    }

    let result;
    try {
      result = gracefulMain(
        realPath,
        source.text,
        request.helperPath === undefined ? {} : { helperPath: request.helperPath },
      );
    } catch (error) {
      // graceful-main reads an extensionless script as JavaScript (the helper it imports is JavaScript
      // too); one run by tsx, bun… that only parses as TypeScript is left alone, with the way out.
      const runtime = program ? extensionlessRuntime(realPath) : undefined;
      if (
        error instanceof GracefulMainError &&
        runtime?.typescript &&
        errorMessage(error).startsWith(`${error.file}: does not parse:`)
      ) {
        return {
          status: 'skipped',
          reason: `extensionless TypeScript (its #! line runs ${runtime.runtime}): rename it to .ts for fix to rewrite it`,
        };
      }
      if (error instanceof GracefulMainError) {
        // The summary names the file already; keep the message's own words.
        const message = errorMessage(error);
        return {
          status: 'failed',
          error: message.startsWith(`${error.file}: `) ? message.slice(error.file.length + 2) : message,
        };
      }
      return { status: 'failed', error: `graceful-main crashed: ${errorMessage(error)}` };
    }
    if (result.reason === NOT_AN_ENTRYPOINT)
      return { status: 'skipped', reason: NOT_AN_ENTRYPOINT, notEntrypoint: true };
    if (result.status === 'skipped') return { status: 'skipped', reason: result.reason ?? 'skipped by graceful-main' };
    const before = encodeSource(source.text, source);
    const after = encodeSource(result.output, source);
    if (result.status === 'unchanged' || after === before) {
      return { status: 'unchanged', realPath, ...(result.reason === undefined ? {} : { reason: result.reason }) };
    }
    if (!result.helper)
      return { status: 'failed', error: 'graceful-main changed the file but named no helper to import' };
    return {
      status: 'changed',
      realPath,
      before,
      after,
      helper: { path: result.helper.path, variant: result.helper.variant },
    };
  } catch (error) {
    // Nothing about one file may end the run: report it and go on.
    return { status: 'failed', error: errorMessage(error) };
  }
}
