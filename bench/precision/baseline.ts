/**
 * The triaged baseline of the precision harness: one row per finding the rules gave on the pinned
 * packages, labelled by reading the code around it — TRUE (a maintainer would fix it), FALSE (a
 * maintainer would dismiss it), DEBATABLE (neither) — with a one-line reason. Stored as a
 * tab-separated file so a row is one line in a diff. Pure functions: reading and writing the
 * file, matching the findings of a run against it, and tallying precision.
 */

export type Mode = 'syntactic' | 'typed';
export const MODES: readonly Mode[] = ['syntactic', 'typed'];
export type Label = 'TRUE' | 'FALSE' | 'DEBATABLE' | 'UNTRIAGED';
const LABELS: ReadonlySet<string> = new Set<Label>(['TRUE', 'FALSE', 'DEBATABLE', 'UNTRIAGED']);

export interface Finding {
  readonly pkg: string;
  readonly mode: Mode;
  /** Relative to the package's root, with `/`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Without the `graceful-shutdown/` prefix. */
  readonly rule: string;
  readonly messageId: string;
}

export interface BaselineRow extends Finding {
  readonly label: Label;
  readonly reason: string;
}

export const BASELINE_COLUMNS = [
  'package',
  'mode',
  'file',
  'line',
  'column',
  'rule',
  'messageId',
  'label',
  'reason',
] as const;

/** What identifies a finding across runs (pinned versions: no tolerance for shifted lines). */
export const keyOf = (finding: Finding): string =>
  [finding.pkg, finding.mode, finding.file, finding.line, finding.column, finding.rule, finding.messageId].join('\t');

/** Parses the baseline file; every malformed row is an error naming the file, the line and the problem. */
export function parseBaseline(text: string, fileName: string): BaselineRow[] {
  const lines = text.split('\n');
  const header = lines[0]?.replace(/\r$/, '');
  if (header !== BASELINE_COLUMNS.join('\t'))
    throw new Error(`${fileName}:1: the header must be the tab-separated columns ${BASELINE_COLUMNS.join(', ')}`);
  const rows: BaselineRow[] = [];
  const seen = new Map<string, number>();
  lines.slice(1).forEach((raw, index) => {
    const lineNumber = index + 2;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const cells = line.split('\t');
    const where = `${fileName}:${lineNumber}`;
    if (cells.length !== BASELINE_COLUMNS.length)
      throw new Error(`${where}: expected ${BASELINE_COLUMNS.length} tab-separated cells, found ${cells.length}`);
    const [pkg, mode, file, lineCell, columnCell, rule, messageId, label, reason] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (mode !== 'syntactic' && mode !== 'typed')
      throw new Error(`${where}: mode must be syntactic or typed, not "${mode}"`);
    if (!LABELS.has(label))
      throw new Error(`${where}: label must be TRUE, FALSE, DEBATABLE or UNTRIAGED, not "${label}"`);
    if (label !== 'UNTRIAGED' && reason.trim() === '') throw new Error(`${where}: a ${label} row needs a reason`);
    const lineNo = Number(lineCell);
    const column = Number(columnCell);
    if (!Number.isInteger(lineNo) || lineNo < 1 || !Number.isInteger(column) || column < 1)
      throw new Error(`${where}: line and column must be positive integers, not "${lineCell}" and "${columnCell}"`);
    const row: BaselineRow = { pkg, mode, file, line: lineNo, column, rule, messageId, label: label as Label, reason };
    const previous = seen.get(keyOf(row));
    if (previous !== undefined) throw new Error(`${where}: the same finding as line ${previous}`);
    seen.set(keyOf(row), lineNumber);
    rows.push(row);
  });
  return rows;
}

const compareRows = (a: Finding, b: Finding): number =>
  a.pkg.localeCompare(b.pkg) ||
  a.mode.localeCompare(b.mode) ||
  a.file.localeCompare(b.file) ||
  a.line - b.line ||
  a.column - b.column ||
  a.rule.localeCompare(b.rule) ||
  a.messageId.localeCompare(b.messageId);

export function serializeBaseline(rows: readonly BaselineRow[]): string {
  const body = [...rows]
    .sort(compareRows)
    .map((row) =>
      [row.pkg, row.mode, row.file, row.line, row.column, row.rule, row.messageId, row.label, row.reason].join('\t'),
    );
  return `${[BASELINE_COLUMNS.join('\t'), ...body].join('\n')}\n`;
}

export interface Comparison {
  /** Every finding of the run, with its baseline label (UNTRIAGED when the baseline has no row for it). */
  readonly labelled: readonly BaselineRow[];
  /** Findings with no baseline row, or a row still labelled UNTRIAGED. */
  readonly untriaged: readonly BaselineRow[];
  /** TRUE rows of the baseline the run no longer reports: a real finding lost. */
  readonly missingTrue: readonly BaselineRow[];
  /** FALSE and DEBATABLE rows the run no longer reports: fixed noise. */
  readonly goneNoise: readonly BaselineRow[];
}

/**
 * Matches a run's findings against the baseline. `scope` says which (package, mode) pairs the run
 * covered: baseline rows outside it (a `--only` run) are neither missing nor gone.
 */
export function compare(
  findings: readonly Finding[],
  baseline: readonly BaselineRow[],
  scope: (pkg: string, mode: Mode) => boolean,
): Comparison {
  const byKey = new Map(baseline.map((row) => [keyOf(row), row]));
  const found = new Set<string>();
  const labelled = findings.map((finding): BaselineRow => {
    const key = keyOf(finding);
    found.add(key);
    const row = byKey.get(key);
    return { ...finding, label: row?.label ?? 'UNTRIAGED', reason: row?.reason ?? '' };
  });
  const gone = baseline.filter((row) => scope(row.pkg, row.mode) && !found.has(keyOf(row)));
  return {
    labelled,
    untriaged: labelled.filter((row) => row.label === 'UNTRIAGED'),
    missingTrue: gone.filter((row) => row.label === 'TRUE'),
    goneNoise: gone.filter((row) => row.label === 'FALSE' || row.label === 'DEBATABLE'),
  };
}

/** The baseline after a run, for `--update`: the run's findings with their labels (new ones UNTRIAGED), plus the rows outside the run's scope and the TRUE rows it lost (so they stay visible). */
export function updatedBaseline(
  comparison: Comparison,
  baseline: readonly BaselineRow[],
  scope: (pkg: string, mode: Mode) => boolean,
): BaselineRow[] {
  return [...baseline.filter((row) => !scope(row.pkg, row.mode)), ...comparison.labelled, ...comparison.missingTrue];
}

export interface Tally {
  findings: number;
  TRUE: number;
  FALSE: number;
  DEBATABLE: number;
  UNTRIAGED: number;
}

export const emptyTally = (): Tally => ({ findings: 0, TRUE: 0, FALSE: 0, DEBATABLE: 0, UNTRIAGED: 0 });

export function tally(rows: readonly BaselineRow[]): Tally {
  const total = emptyTally();
  for (const row of rows) {
    total.findings++;
    total[row.label]++;
  }
  return total;
}

/** TRUE / (TRUE + FALSE); undefined when nothing is labelled either way. */
export const precisionOf = (t: Tally): number | undefined =>
  t.TRUE + t.FALSE === 0 ? undefined : t.TRUE / (t.TRUE + t.FALSE);

/** DEBATABLE / triaged findings; undefined when none is triaged. */
export const debatableShareOf = (t: Tally): number | undefined => {
  const triaged = t.TRUE + t.FALSE + t.DEBATABLE;
  return triaged === 0 ? undefined : t.DEBATABLE / triaged;
};
