/**
 * `fix --thread-signal`: runs the thread-signal codemod after graceful-main's analysis, once per
 * project (the nearest tsconfig.json / jsconfig.json; files with none are plain JS), on the texts
 * graceful-main will write (its output and a helper still to be written are overlaid), and
 * never writes: it gives back the final text of each file it would change, for the CLI to write
 * atomically after its git check.
 *
 * This module loads ts-morph (~2 s); `fix` imports it only when the flag is given.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  type HelperVariant,
  type ThreadSignalResult,
  loadThreadSignal,
  readHelperVariant,
} from '../../codemods/index.js';
import { findPackageDir } from 'eslint-plugin-graceful-shutdown/detection/project';
import { createCheckpoint } from '../cancel.js';
import { errorMessage } from '../errors.js';
import { type Stream } from '../output.js';

const { findConfig, formatThreadSignalResult, threadSignal } = await loadThreadSignal();

export interface ThreadSignalInput {
  /** Real paths of the files `fix` looked at: they form the groups, and only they may change. */
  readonly files: readonly string[];
  /** graceful-main's results not yet on disk, by real path: the text it will write (BOM or not). */
  readonly rewritten: ReadonlyMap<
    string,
    { readonly after: string; readonly helper: { readonly path: string; readonly variant: HelperVariant } }
  >;
  readonly cwd: string;
  readonly signal?: AbortSignal | undefined;
  /** Where a one-line status goes while a project is analysed (shown on a terminal only). */
  readonly status?: Stream;
}

export interface ThreadSignalGroup {
  /** The group's tsconfig.json / jsconfig.json; undefined: plain JavaScript files without one. */
  readonly config: string | undefined;
  /** The files the group may change (real paths). */
  readonly files: readonly string[];
  /** The codemod's result, or why there is none (a thrown error: an unreadable tsconfig …). */
  readonly result?: ThreadSignalResult;
  readonly error?: string;
  /** `formatThreadSignalResult`'s ready-made lines (paths relative to `cwd`). */
  readonly lines: readonly string[];
}

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Groups `files` by the project they belong to: the nearest config; without one, the package. */
function groupByProject(files: readonly string[]): Array<{ config: string | undefined; files: string[] }> {
  const configOf = new Map<string, string | undefined>();
  const groups = new Map<string, { config: string | undefined; files: string[] }>();
  for (const file of files) {
    const dir = path.dirname(file);
    if (!configOf.has(dir)) configOf.set(dir, findConfig(dir));
    const config = configOf.get(dir);
    // Config-less files of different packages must not share a program (openProject would look
    // for a config above their common folder, beyond either package).
    const key = config ?? `\u0000${findPackageDir(dir) ?? ''}`;
    const group = groups.get(key) ?? { config, files: [] };
    group.files.push(file);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export async function runThreadSignal(input: ThreadSignalInput): Promise<ThreadSignalGroup[]> {
  const groups = groupByProject(input.files);
  const checkpoint = createCheckpoint(input.signal, 0);
  const showStatus = input.status?.isTTY === true;
  const out: ThreadSignalGroup[] = [];
  try {
    for (const [index, group] of groups.entries()) {
      // Each group is seconds of synchronous work: let a Ctrl+C be heard between them.
      await checkpoint();
      if (showStatus) {
        const name =
          group.config === undefined ? 'JavaScript files' : path.relative(input.cwd, group.config) || group.config;
        input.status.write(
          `\r\u001b[2Kthread-signal: type-checking ${name}${groups.length > 1 ? ` (${index + 1}/${groups.length})` : ''}…`,
        );
      }
      const overlay: Record<string, string> = {};
      const inGroup = new Set(group.files);
      for (const [file, { after, helper }] of input.rewritten) {
        if (!inGroup.has(file)) continue;
        overlay[file] = stripBom(after);
        // A helper still to be written must be there for the rewritten files' imports to resolve.
        if (!(helper.path in overlay) && !existsSync(helper.path))
          overlay[helper.path] = readHelperVariant(helper.variant);
      }
      try {
        const result = threadSignal({
          ...(group.config === undefined ? {} : { tsconfigPath: group.config }),
          files: group.files,
          cwd: input.cwd,
          dryRun: true,
          overlay,
        });
        out.push({
          config: group.config,
          files: group.files,
          result,
          lines: formatThreadSignalResult(result, input.cwd),
        });
      } catch (error) {
        const message = `thread-signal: ${errorMessage(error)}`;
        out.push({ config: group.config, files: group.files, error: message, lines: [message] });
      }
    }
  } finally {
    if (showStatus) input.status.write('\r\u001b[2K');
  }
  return out;
}
