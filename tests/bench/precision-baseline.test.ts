import { describe, expect, it } from 'vitest';
import {
  type BaselineRow,
  type Finding,
  compare,
  debatableShareOf,
  parseBaseline,
  precisionOf,
  serializeBaseline,
  tally,
  updatedBaseline,
} from '../../bench/precision/baseline.js';

const HEADER = 'package\tmode\tfile\tline\tcolumn\trule\tmessageId\tlabel\treason';

const finding = (file: string, line: number, overrides: Partial<Finding> = {}): Finding => ({
  pkg: 'pkg',
  mode: 'syntactic',
  file,
  line,
  column: 1,
  rule: 'no-unmanaged-promises',
  messageId: 'unhandled',
  ...overrides,
});

const row = (found: Finding, label: BaselineRow['label'], reason = 'read the code'): BaselineRow => ({
  ...found,
  label,
  reason,
});

const everything = (): boolean => true;

describe('parseBaseline', () => {
  it('reads the rows serializeBaseline writes', () => {
    const rows = [
      row(finding('b.js', 3), 'FALSE', 'the callee catches everything'),
      row(
        finding('a.js', 9, { mode: 'typed', rule: 'require-signal-propagation', messageId: 'missingSignal' }),
        'TRUE',
      ),
      row(finding('a.js', 2), 'UNTRIAGED', ''),
    ];
    const text = serializeBaseline(rows);
    expect(text.split('\n')[0]).toBe(HEADER);
    expect(parseBaseline(text, 'baseline.tsv')).toEqual([rows[2], rows[0], rows[1]]);
  });

  it('names the file and line of a malformed row', () => {
    const bad =
      (line: string): (() => BaselineRow[]) =>
      () =>
        parseBaseline(`${HEADER}\n${line}\n`, 'baseline.tsv');
    expect(bad('pkg\tsyntactic\ta.js\t1\t1\trule\tid\tMAYBE\twhy')).toThrow(
      'baseline.tsv:2: label must be TRUE, FALSE, DEBATABLE or UNTRIAGED, not "MAYBE"',
    );
    expect(bad('pkg\tsyntactic\ta.js\t1\t1\trule\tid\tTRUE\t')).toThrow('baseline.tsv:2: a TRUE row needs a reason');
    expect(bad('pkg\tlinted\ta.js\t1\t1\trule\tid\tTRUE\twhy')).toThrow(
      'baseline.tsv:2: mode must be syntactic or typed, not "linted"',
    );
    expect(bad('pkg\tsyntactic\ta.js\tten\t1\trule\tid\tTRUE\twhy')).toThrow(
      'baseline.tsv:2: line and column must be positive integers',
    );
    expect(bad('pkg\tsyntactic\ta.js\t1\t1\trule\tid\tTRUE')).toThrow(
      'baseline.tsv:2: expected 9 tab-separated cells, found 8',
    );
    expect(() => parseBaseline('package,mode\n', 'baseline.tsv')).toThrow('baseline.tsv:1: the header must be');
  });

  it('refuses the same finding twice', () => {
    const line = 'pkg\tsyntactic\ta.js\t1\t1\trule\tid\tTRUE\twhy';
    expect(() => parseBaseline(`${HEADER}\n${line}\n${line}\n`, 'baseline.tsv')).toThrow(
      'baseline.tsv:3: the same finding as line 2',
    );
  });
});

describe('compare', () => {
  const kept = finding('a.js', 1);
  const lostTrue = finding('a.js', 5);
  const fixedFalse = finding('b.js', 7);
  const otherPackage = finding('c.js', 2, { pkg: 'other' });
  const baseline = [row(kept, 'FALSE'), row(lostTrue, 'TRUE'), row(fixedFalse, 'FALSE'), row(otherPackage, 'TRUE')];

  it('labels the findings, lists new ones, lost TRUE ones and fixed noise', () => {
    const fresh = finding('a.js', 1, { column: 4 });
    const result = compare([kept, fresh], baseline, (pkg) => pkg === 'pkg');
    expect(result.labelled.map((labelled) => labelled.label)).toEqual(['FALSE', 'UNTRIAGED']);
    expect(result.untriaged).toEqual([row(fresh, 'UNTRIAGED', '')]);
    expect(result.missingTrue).toEqual([row(lostTrue, 'TRUE')]);
    expect(result.goneNoise).toEqual([row(fixedFalse, 'FALSE')]);
  });

  it('does not call rows outside the run missing (an --only run)', () => {
    expect(compare([], baseline, (pkg) => pkg === 'other').missingTrue).toEqual([row(otherPackage, 'TRUE')]);
    expect(compare([], baseline, (pkg, mode) => mode === 'typed').missingTrue).toEqual([]);
  });

  it('counts a row still labelled UNTRIAGED as untriaged', () => {
    const result = compare([kept], [row(kept, 'UNTRIAGED', '')], everything);
    expect(result.untriaged).toHaveLength(1);
  });

  it('updates the baseline: new rows untriaged, fixed noise dropped, lost TRUE rows and other packages kept', () => {
    const fresh = finding('d.js', 1);
    const scope = (pkg: string): boolean => pkg === 'pkg';
    const result = compare([kept, fresh], baseline, scope);
    expect(updatedBaseline(result, baseline, scope)).toEqual([
      row(otherPackage, 'TRUE'),
      row(kept, 'FALSE'),
      row(fresh, 'UNTRIAGED', ''),
      row(lostTrue, 'TRUE'),
    ]);
  });
});

describe('tally', () => {
  it('computes precision over TRUE and FALSE, and the debatable share over triaged findings', () => {
    const rows = [
      row(finding('a.js', 1), 'TRUE'),
      row(finding('a.js', 2), 'TRUE'),
      row(finding('a.js', 3), 'TRUE'),
      row(finding('a.js', 4), 'FALSE'),
      row(finding('a.js', 5), 'DEBATABLE'),
      row(finding('a.js', 6), 'UNTRIAGED', ''),
    ];
    const t = tally(rows);
    expect(t).toEqual({ findings: 6, TRUE: 3, FALSE: 1, DEBATABLE: 1, UNTRIAGED: 1 });
    expect(precisionOf(t)).toBe(0.75);
    expect(debatableShareOf(t)).toBe(0.2);
    expect(precisionOf(tally([row(finding('a.js', 5), 'DEBATABLE')]))).toBeUndefined();
  });
});
