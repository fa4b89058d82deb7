import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Finding, compareFindings, parseDifferences } from '../../bench/lib/recall.js';

const finding = (file: string, line: number, messageId = 'floatingVoid'): Finding => ({
  file,
  line,
  column: 1,
  messageId,
});

const HEADER = 'file\tline\tmodes\treason';

describe('recall: compareFindings', () => {
  it('recalls a finding of theirs when ours is on the same file and start line, whatever the column', () => {
    const result = compareFindings(
      'syntactic',
      [finding('a.js', 3), finding('a.js', 9), finding('b.js', 3)],
      [{ ...finding('a.js', 3, 'unhandled'), column: 7 }, finding('b.js', 4, 'unhandled')],
    );
    expect(result.recalled).toBe(1);
    expect(result.recall).toBeCloseTo(1 / 3);
    expect(result.missed.map(({ file, line }) => `${file}:${line}`)).toEqual(['a.js:9', 'b.js:3']);
    expect([...result.oursOnlyByMessage]).toEqual([['unhandled', 1]]);
  });

  it('counts listed deliberate differences out of the target, for their modes only, and names stale rows', () => {
    const differences = parseDifferences(
      `# comment\n${HEADER}\na.js\t9\ttyped\tcannot reject\nb.js\t3\tboth\tuntyped handler\nc.js\t1\tboth\tgone\n`,
      'differences.tsv',
    );
    const theirs = [finding('a.js', 3), finding('a.js', 9), finding('b.js', 3)];
    const ours = [finding('a.js', 3, 'unhandled')];
    const typed = compareFindings('typed', theirs, ours, differences);
    expect([typed.recalled, typed.deliberate.length, typed.missed.length]).toEqual([1, 2, 0]);
    expect(typed.recall).toBe(1);
    expect(typed.rawRecall).toBeCloseTo(1 / 3);
    expect(typed.stale.map((row) => row.file)).toEqual(['c.js']);
    const syntactic = compareFindings('syntactic', theirs, ours, differences);
    expect(syntactic.missed.map(({ line }) => line)).toEqual([9]);
    expect(syntactic.recall).toBe(1 / 2);
  });

  it('reports a recalled finding whose kind differs (untracked where theirs is floating)', () => {
    const result = compareFindings(
      'typed',
      [finding('a.js', 1, 'floating'), finding('a.js', 2, 'floatingPromiseArray')],
      [finding('a.js', 1, 'untracked'), finding('a.js', 2, 'promiseArray')],
    );
    expect(result.recall).toBe(1);
    expect(result.otherKind.map(({ theirs }) => theirs.line)).toEqual([1]);
  });
});

describe('recall: parseDifferences', () => {
  it('names the file and line of a malformed row', () => {
    expect(() => parseDifferences(`${HEADER}\na.js\tten\tboth\treason\n`, 'differences.tsv')).toThrow(
      /differences\.tsv:2: expected file, line, modes/,
    );
    expect(() => parseDifferences(`${HEADER}\na.js\t3\tsometimes\treason\n`, 'differences.tsv')).toThrow(
      /differences\.tsv:2:/,
    );
  });

  it('reads the checked-in list', () => {
    const rows = parseDifferences(readFileSync('bench/recall-differences.tsv', 'utf8'), 'bench/recall-differences.tsv');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.reason.length).toBeGreaterThan(20);
  });
});
