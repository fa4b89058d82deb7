// A clean finish: tracked work finishes without being aborted, closers run LIFO, exit status
// precedence, the watchdog, `beforeExit` with main pending.
import { describe, expect, it } from 'vitest';
import { delay, start, useWorkdir, variants } from './harness.js';

useWorkdir();

describe.each(variants)('lifecycle (%s helper)', (variant) => {
  it('resolved main: tracked work finishes unaborted, then closers run LIFO; a failing one does not stop the others', async () => {
    const proc = start(variant, 'lifecycle', { args: ['clean'] });
    expect(await proc.exit()).toEqual({ code: 1, signal: null }); // closer b failed
    expect(proc.stdout).toBe(
      ['main returns', 'saved aborted=false', 'close c', 'close deferred while closing', 'close b', 'close a', ''].join(
        '\n',
      ),
    );
    expect(proc.stderr).toContain('closer b failed: Error: b broke');
    expect(proc.stderr).toContain('track "too late" after shutdown finished: ignored');
  });

  it('a signal-only closer (onlyOn) is skipped when main returns normally or fails', async () => {
    const clean = start(variant, 'lifecycle', { args: ['signalOnly'] });
    expect(await clean.exit()).toEqual({ code: 0, signal: null });
    expect(clean.stdout).toBe('main returns\nclose always\n');
    expect(clean.stderr).toBe('');
    const failed = start(variant, 'lifecycle', { args: ['signalOnly', 'throw'] });
    expect(await failed.exit()).toEqual({ code: 1, signal: null });
    expect(failed.stdout).toBe('close always\n');
    expect(failed.stderr).toContain('Error: broke');
  });

  it.each([
    ['SIGINT', 'close on SIGINT\nclose always\n'],
    ['SIGTERM', 'close always\n'],
  ] as const)('a signal-only closer for SIGINT, shutdown by %s', async (sig, closed) => {
    const proc = start(variant, 'lifecycle', { args: ['signalOnly', 'wait'] });
    await proc.waitFor('stdout', 'ready\n');
    proc.signal(sig);
    expect(await proc.exit(), proc.describe()).toEqual({ code: null, signal: sig });
    expect(proc.stdout).toBe(`ready\n${closed}`);
  });

  it('work tracked while draining joins the drain', async () => {
    const proc = start(variant, 'lifecycle', { args: ['trackWhileDraining'] });
    expect(await proc.exit()).toEqual({ code: 0, signal: null });
    expect(proc.stdout).toBe('first done\nsecond done\n');
    expect(proc.stderr).toBe('');
  });

  it.each([
    ['returnsNumber', 3],
    ['setsExitCode', 4],
    ['returnsNumberOverExitCode', 5],
  ] as const)('exit status: %s → %i', async (mode, code) => {
    const proc = start(variant, 'lifecycle', { args: [mode] });
    expect(await proc.exit()).toEqual({ code, signal: null });
    expect(proc.stderr).toBe('');
  });

  it('beforeExit with main still pending: reported, exit 1', async () => {
    const proc = start(variant, 'lifecycle', { args: ['neverSettles'] });
    expect(await proc.exit()).toEqual({ code: 1, signal: null });
    expect(proc.stderr).toMatch(/^event loop is empty but main \(\d+\.\ds\) is still pending; exiting\n$/);
  });

  it.each(['leftInterval', 'leftServer'])(
    'main returned normally: what it left running keeps the process alive; a signal then ends it as Node would',
    async (mode) => {
      const proc = start(variant, 'lifecycle', { args: [mode] });
      await proc.waitFor('stdout', 'main returns\n');
      await delay(2_500); // longer than the 1 s watchdog
      expect(proc.done).toBe(false);
      proc.signal('SIGINT');
      expect(await proc.exit()).toEqual({ code: null, signal: 'SIGINT' });
      expect(proc.stderr).toBe('');
    },
  );

  it.each([
    ['leftIntervalAfterError', 'Timeout'],
    ['leftServerAfterError', 'TCPServerWrap'],
  ] as const)('watchdog after an error: %s is named and the process exits', async (mode, resource) => {
    const proc = start(variant, 'lifecycle', { args: [mode] });
    const exit = await proc.exit(20_000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(proc.stdout).toBe('main throws\n');
    expect(proc.stderr).toMatch(
      new RegExp(`\nprocess still alive 1000 ms after shutdown; kept alive by: .*${resource}`),
    );
  });
});
