/**
 * The bench's `recall` section: how many of typescript-eslint's `no-floating-promises` findings
 * (type-aware, its defaults) `no-unmanaged-promises` also reports on the lint corpus, syntactic
 * (`recommended`) and type-aware (`recommended-type-checked`). Deterministic, not timed.
 *
 * A finding of theirs is recalled when ours reports the same file and the same line. Both rules
 * report the floating expression statement, theirs on the statement and ours on its expression,
 * which start on the same line; a finding of ours elsewhere inside a multi-line statement is another
 * (nested) promise, so only the start line counts. Any of our message ids counts: the kind is
 * printed for each recalled finding whose id is not the matching one (`unhandled` for `floating*`,
 * `promiseArray` for `floatingPromiseArray*`).
 *
 * A miss listed in bench/recall-differences.tsv (file, line, modes, reason) is a deliberate
 * difference documented in the rule's docs (a callee that cannot reject, …): the targets count the
 * other findings; the raw recall is printed too, and a listed row that no longer matches a miss as stale.
 *
 * The other direction (ours not in theirs) is information only: we report more by design
 * (`untracked`, `unusedPromise`, …, promises typescript-eslint does not see without types).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LintCorpus } from './lint-corpus.js';

export const THEIR_RULE = '@typescript-eslint/no-floating-promises';
export const OUR_RULE = 'graceful-shutdown/no-unmanaged-promises';

/** Targets from issue #15: recall of typescript-eslint's typed findings does not drop. */
export const RECALL_TARGETS = { syntactic: 0.9, typed: 1 } as const;
export type RecallMode = keyof typeof RECALL_TARGETS;

export interface Finding {
  /** Relative to the corpus folder. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly messageId: string;
}

interface LintMessage {
  readonly ruleId: string | null;
  readonly messageId?: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly fatal?: boolean;
}

type LintResults = ReadonlyArray<{ readonly filePath: string; readonly messages: readonly LintMessage[] }>;

/** A typescript-eslint finding ours leaves on purpose, in the given modes. */
export interface Difference {
  readonly file: string;
  readonly line: number;
  readonly modes: readonly RecallMode[];
  readonly reason: string;
}

export interface ModeRecall {
  readonly mode: RecallMode;
  readonly target: number;
  readonly theirs: number;
  readonly recalled: number;
  /** Recalled / theirs. */
  readonly rawRecall: number;
  /** Recalled / (theirs − deliberate differences): what the target applies to. */
  readonly recall: number;
  /** Misses that are not listed differences. */
  readonly missed: readonly Finding[];
  readonly deliberate: ReadonlyArray<{ readonly finding: Finding; readonly reason: string }>;
  /** Listed differences for this mode that match no miss (recalled now, or no longer theirs). */
  readonly stale: readonly Difference[];
  /** Recalled, but ours gives another kind (e.g. `untracked` where theirs is `floating`). */
  readonly otherKind: ReadonlyArray<{ readonly theirs: Finding; readonly ours: readonly string[] }>;
  readonly ours: number;
  /** Ours on a line where theirs reports nothing, by message id (information only). */
  readonly oursOnlyByMessage: ReadonlyMap<string, number>;
}

export interface RecallReport {
  readonly files: number;
  readonly modes: readonly ModeRecall[];
}

const key = (file: string, line: number): string => `${file}:${line}`;

/** Runs ESLint (the repo's, as a fresh process in the corpus folder) with a bench config; JSON results. */
function runEslint(repoRoot: string, config: string, corpus: LintCorpus, signal?: AbortSignal): Promise<LintResults> {
  const eslintBin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const args = [eslintBin, '--config', path.join(repoRoot, 'bench', 'configs', `${config}.mjs`), '--format', 'json'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args, '.'], {
      cwd: corpus.dir,
      signal,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      // ESLint exits 1 when it reports something, 2 when it could not run.
      if (status !== 0 && status !== 1) {
        reject(new Error(`eslint --config ${config}.mjs exited ${status}:\n${Buffer.concat(stderr).toString()}`));
        return;
      }
      resolve(JSON.parse(Buffer.concat(stdout).toString()) as LintResults);
    });
  });
}

/** The findings of one rule, after checking every corpus file was linted and parsed. */
function findingsOf(results: LintResults, rule: string, corpus: LintCorpus, config: string): Finding[] {
  const fatal = results.flatMap((result) =>
    result.messages.filter((message) => message.fatal).map((message) => `${result.filePath}: ${message.message}`),
  );
  if (fatal.length > 0)
    throw new Error(`${config}: ESLint could not parse ${fatal.length} files:\n${fatal.join('\n')}`);
  if (results.length !== corpus.files.length)
    throw new Error(`${config}: ESLint linted ${results.length} files, expected ${corpus.files.length}`);
  return results
    .flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId === rule)
        .map((message) => ({
          file: path.relative(corpus.dir, result.filePath),
          line: message.line,
          column: message.column,
          messageId: message.messageId ?? '?',
        })),
    )
    .sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
}

/** The id of ours that says what theirs says. */
const matchingMessageId = (theirs: string): string =>
  theirs.startsWith('floatingPromiseArray') ? 'promiseArray' : 'unhandled';

const MODES = Object.keys(RECALL_TARGETS) as RecallMode[];

/** bench/recall-differences.tsv: `#` comments, a header, then file, line, modes (syntactic|typed|both), reason. */
export function parseDifferences(text: string, source: string): Difference[] {
  const rows = text
    .split(/\r?\n/)
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '' && !line.startsWith('#'));
  return rows.slice(1).map(({ line, number }) => {
    const [file, lineText, modes, reason] = line.split('\t');
    const lineNumber = Number(lineText);
    const modeList = modes === 'both' ? MODES : MODES.filter((mode) => mode === modes);
    if (!file || !Number.isInteger(lineNumber) || lineNumber < 1 || modeList.length === 0 || !reason?.trim())
      throw new Error(
        `${source}:${number}: expected file, line, modes (syntactic, typed or both) and a reason, tab-separated: ${JSON.stringify(line)}`,
      );
    return { file, line: lineNumber, modes: modeList, reason: reason.trim() };
  });
}

export function compareFindings(
  mode: RecallMode,
  theirs: readonly Finding[],
  ours: readonly Finding[],
  differences: readonly Difference[] = [],
): ModeRecall {
  const oursByLine = new Map<string, string[]>();
  for (const finding of ours) {
    const lineKey = key(finding.file, finding.line);
    oursByLine.set(lineKey, [...(oursByLine.get(lineKey) ?? []), finding.messageId]);
  }
  const listed = new Map(
    differences.filter((row) => row.modes.includes(mode)).map((row) => [key(row.file, row.line), row]),
  );
  const used = new Set<string>();
  const theirLines = new Set(theirs.map((finding) => key(finding.file, finding.line)));
  const missed: Finding[] = [];
  const deliberate: Array<{ finding: Finding; reason: string }> = [];
  const otherKind: Array<{ theirs: Finding; ours: string[] }> = [];
  for (const finding of theirs) {
    const lineKey = key(finding.file, finding.line);
    const ids = oursByLine.get(lineKey);
    const difference = listed.get(lineKey);
    if (ids === undefined && difference) {
      deliberate.push({ finding, reason: difference.reason });
      used.add(lineKey);
    } else if (ids === undefined) missed.push(finding);
    else if (!ids.includes(matchingMessageId(finding.messageId))) otherKind.push({ theirs: finding, ours: ids });
  }
  const oursOnlyByMessage = new Map<string, number>();
  for (const finding of ours) {
    if (theirLines.has(key(finding.file, finding.line))) continue;
    oursOnlyByMessage.set(finding.messageId, (oursOnlyByMessage.get(finding.messageId) ?? 0) + 1);
  }
  const recalled = theirs.length - missed.length - deliberate.length;
  const counted = theirs.length - deliberate.length;
  return {
    mode,
    target: RECALL_TARGETS[mode],
    theirs: theirs.length,
    recalled,
    // Nothing to recall is full recall.
    rawRecall: theirs.length === 0 ? 1 : recalled / theirs.length,
    recall: counted === 0 ? 1 : recalled / counted,
    missed,
    deliberate,
    stale: [...listed].filter(([lineKey]) => !used.has(lineKey)).map(([, row]) => row),
    otherKind,
    ours: ours.length,
    oursOnlyByMessage,
  };
}

/** Lints the corpus twice (typed: theirs and ours in one program; syntactic: ours) and compares. */
export async function measureRecall(
  repoRoot: string,
  corpus: LintCorpus,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<RecallReport> {
  log('recall: type-aware run (no-floating-promises + no-unmanaged-promises typed)…');
  const typed = await runEslint(repoRoot, 'recall-typed', corpus, signal);
  log('recall: syntactic run (no-unmanaged-promises recommended)…');
  const syntactic = await runEslint(repoRoot, 'recall-syntactic', corpus, signal);
  const theirs = findingsOf(typed, THEIR_RULE, corpus, 'recall-typed');
  const differencesFile = path.join(repoRoot, 'bench', 'recall-differences.tsv');
  const differences = parseDifferences(readFileSync(differencesFile, 'utf8'), differencesFile);
  return {
    files: corpus.files.length,
    modes: [
      compareFindings('syntactic', theirs, findingsOf(syntactic, OUR_RULE, corpus, 'recall-syntactic'), differences),
      compareFindings('typed', theirs, findingsOf(typed, OUR_RULE, corpus, 'recall-typed'), differences),
    ],
  };
}

export const meetsTargets = (report: RecallReport): boolean => report.modes.every((mode) => mode.recall >= mode.target);

const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;

/** The report as Markdown lines: a table per mode, then every missed finding with its code line. */
export function formatRecall(report: RecallReport, corpus: LintCorpus): string[] {
  const sourceLine = (finding: Finding): string => {
    const text = readFileSync(path.join(corpus.dir, finding.file), 'utf8').split(/\r?\n/)[finding.line - 1] ?? '';
    return text.trim().slice(0, 160).replaceAll('`', "'");
  };
  const lines = [
    `- Recall of \`${THEIR_RULE}\` (type-aware, defaults) by \`${OUR_RULE}\` on the ${report.files} corpus files (same file and start line); deliberate differences: bench/recall-differences.tsv`,
    '',
    '| mode | theirs | recalled | deliberate differences | missed | recall (target) | raw recall | verdict | recalled as another kind | ours | ours on lines theirs does not report (information) |',
    '|---|---:|---:|---:|---:|---|---:|---|---:|---:|---|',
  ];
  for (const mode of report.modes) {
    const oursOnly = [...mode.oursOnlyByMessage]
      .sort((a, b) => b[1] - a[1])
      .map(([id, count]) => `${id} ${count}`)
      .join(', ');
    lines.push(
      `| ${mode.mode} | ${mode.theirs} | ${mode.recalled} | ${mode.deliberate.length} | ${mode.missed.length} | ${percent(mode.recall)} (≥ ${percent(mode.target)}) | ${percent(mode.rawRecall)} | ${mode.recall >= mode.target ? 'met' : 'MISSED'} | ${mode.otherKind.length} | ${mode.ours} | ${oursOnly || '–'} |`,
    );
  }
  for (const mode of report.modes) {
    const section = (title: string, items: readonly string[]): void => {
      if (items.length > 0) lines.push('', `${title} (${mode.mode}, ${items.length}):`, '', ...items);
    };
    section(
      'Missed',
      mode.missed.map(
        (finding) => `- \`${finding.file}:${finding.line}\` (${finding.messageId}): \`${sourceLine(finding)}\``,
      ),
    );
    section(
      'Deliberate differences',
      mode.deliberate.map(
        ({ finding, reason }) => `- \`${finding.file}:${finding.line}\` \`${sourceLine(finding)}\`: ${reason}`,
      ),
    );
    section(
      'Recalled as another kind',
      mode.otherKind.map(
        ({ theirs, ours }) =>
          `- \`${theirs.file}:${theirs.line}\` ${theirs.messageId} → ${ours.join(', ')}: \`${sourceLine(theirs)}\``,
      ),
    );
    section(
      'Stale rows of bench/recall-differences.tsv (recalled now, or no longer theirs: remove them)',
      mode.stale.map((row) => `- \`${row.file}:${row.line}\``),
    );
  }
  return lines;
}
