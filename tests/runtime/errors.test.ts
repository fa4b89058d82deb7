// Errors: printed once, as Node prints them (no prefix), shutdown runs, exit code 1; a tracked rejection is printed with its label
// and sets the exit code without starting shutdown; closer errors do not stop the other closers.
import { describe, expect, it } from 'vitest';
import { count, lines, start, useWorkdir, variants } from './harness.js';

useWorkdir();

describe.each(variants)('errors (%s helper)', (variant) => {
  it('main rejecting: printed once, shutdown (abort, closers) runs, exit 1', async () => {
    const proc = start(variant, 'errors', { args: ['mainRejects'] });
    expect(await proc.exit()).toEqual({ code: 1, signal: null });
    expect(count(proc.stderr, 'main broke')).toBe(1);
    expect(proc.stderr.startsWith('Error: main broke\n    at ')).toBe(true);
    expect(proc.stdout).toBe('closed aborted=true\n');
  });

  it('unhandledRejection: printed once, shutdown with reason "error", exit 1', async () => {
    const proc = start(variant, 'errors', { args: ['unhandled'] });
    expect(await proc.exit()).toEqual({ code: 1, signal: null });
    expect(count(proc.stderr, 'floating broke')).toBe(1);
    expect(proc.stderr).toMatch(/^Error: floating broke\n {4}at [^]*\n\nNode\.js v\d+\.\d+\.\d+\n$/);
    expect(proc.stdout).toBe('reason=error\n');
  });

  it('uncaughtException: printed once, shutdown with reason "error", exit 1', async () => {
    const proc = start(variant, 'errors', { args: ['uncaught'] });
    expect(await proc.exit()).toEqual({ code: 1, signal: null });
    expect(count(proc.stderr, 'timer broke')).toBe(1);
    expect(proc.stderr).toMatch(/^Error: timer broke\n {4}at [^]*\n\nNode\.js v\d+\.\d+\.\d+\n$/);
    expect(proc.stdout).toBe('reason=error\n');
  });

  it('a rejected tracked promise: printed with its label, exit 1, no shutdown', async () => {
    const proc = start(variant, 'errors', { args: ['trackedRejects'] });
    expect(await proc.exit()).toEqual({ code: 1, signal: null });
    expect(count(proc.stderr, 'save broke')).toBe(1);
    expect(proc.stderr.startsWith('track "save" failed: Error: save broke\n')).toBe(true);
    expect(proc.stdout).toBe('aborted=false\nclosed\n');
  });

  it('the same error reaching the helper twice prints once', async () => {
    const proc = start(variant, 'errors', { args: ['sameErrorTwice'] });
    expect(await proc.exit()).toEqual({ code: 1, signal: null });
    expect(count(proc.stderr, 'twice broke')).toBe(1);
  });

  it('deadline after an error names the unfinished closer and exits 1', async () => {
    const proc = start(variant, 'errors', { args: ['hangingCloser'], options: { timeoutMs: 1500 } });
    expect(await proc.exit()).toEqual({ code: 1, signal: null });
    const [deadline] = lines(proc.stderr).filter((line) => line.startsWith('shutdown deadline'));
    expect(deadline).toMatch(
      /^shutdown deadline \(1500 ms\) passed; still pending: closer db \(\d+\.\ds\); active resources: /,
    );
    expect(count(proc.stderr, 'main broke')).toBe(1);
  });
});
