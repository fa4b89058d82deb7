// Signals, spawning real processes: the first signal cancels and drains, a second one forces, a
// duplicate delivery does not, the deadline names what is pending, and the process dies of the
// signal so that a calling shell stops. POSIX only.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SHUTDOWN_LINE, delay, lines, programPath, start, startShell, useWorkdir, variants } from './harness.js';

useWorkdir();

describe.skipIf(process.platform === 'win32').each(variants)('signals (%s helper)', (variant) => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s: one line, silent aborted sleep, dies of the signal', async (sig) => {
    const proc = start(variant, 'signals', { args: ['sleep'] });
    await proc.waitFor('stdout', 'ready');
    proc.signal(sig);
    const exit = await proc.exit();
    expect(exit).toEqual({ code: null, signal: sig });
    expect(lines(proc.stderr)).toEqual([SHUTDOWN_LINE(sig)]);
  });

  it.each(['readsStdin', 'readsLines'])(
    '%s: a signal while only stdin is pending ends the program at once, silently, of the signal',
    async (mode) => {
      // A 60 s deadline: waiting for it would fail the 15 s exit below.
      const proc = start(variant, 'signals', { args: [mode], options: { timeoutMs: 60_000 } }, { stdinPipe: true });
      await proc.waitFor('stderr', 'ready\n');
      await delay(300);
      proc.signal('SIGINT');
      expect(await proc.exit(15_000)).toEqual({ code: null, signal: 'SIGINT' });
      expect(proc.stderr).toBe('ready\n');
      expect(proc.stdout).toBe('');
    },
  );

  it('reading stdin to its end is not cut short', async () => {
    const proc = start(variant, 'signals', { args: ['readsLines'] }, { stdinPipe: true });
    await proc.waitFor('stderr', 'ready\n');
    await delay(1_500); // longer than the 1 s watchdog
    proc.child.stdin!.end('a\nb\n');
    expect(await proc.exit()).toEqual({ code: 0, signal: null });
    expect(proc.stdout).toBe('2 lines\n');
  });

  it('SIGHUP is opt-in: handled when configured, default death otherwise', async () => {
    const configured = start(variant, 'signals', {
      args: ['sleep'],
      options: { signals: ['SIGINT', 'SIGTERM', 'SIGHUP'] },
    });
    const plain = start(variant, 'signals', { args: ['sleep'] });
    await Promise.all([configured.waitFor('stdout', 'ready'), plain.waitFor('stdout', 'ready')]);
    configured.signal('SIGHUP');
    plain.signal('SIGHUP');
    expect(await configured.exit()).toEqual({ code: null, signal: 'SIGHUP' });
    expect(lines(configured.stderr)).toEqual([SHUTDOWN_LINE('SIGHUP')]);
    expect(await plain.exit()).toEqual({ code: null, signal: 'SIGHUP' });
    expect(plain.stderr).toBe('');
  });

  it('shutdown resolves with the reason', async () => {
    const proc = start(variant, 'signals', { args: ['reason'] });
    await proc.waitFor('stdout', 'ready');
    proc.signal('SIGTERM');
    expect(await proc.exit()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(proc.stdout).toContain('reason=SIGTERM');
  });

  it('exitZeroOnSignal: exit 0 after a signal-started shutdown', async () => {
    const proc = start(variant, 'signals', { args: ['reason'], options: { exitZeroOnSignal: true } });
    await proc.waitFor('stdout', 'ready');
    proc.signal('SIGTERM');
    expect(await proc.exit()).toEqual({ code: 0, signal: null });
    expect(proc.stdout).toContain('reason=SIGTERM');
  });

  it('drains tracked work that ignores the abort before dying of the signal', async () => {
    const proc = start(variant, 'signals', { args: ['drain', '1500'] });
    await proc.waitFor('stdout', 'ready');
    proc.signal('SIGINT');
    expect(await proc.exit()).toEqual({ code: null, signal: 'SIGINT' });
    expect(proc.stdout).toContain('drained');
    expect(lines(proc.stderr)).toEqual([SHUTDOWN_LINE('SIGINT')]);
  });

  it("a ref'd timer keeps the drain alive when nothing else does", async () => {
    const proc = start(variant, 'signals', { args: ['unrefDrain'] });
    await proc.waitFor('stdout', 'ready');
    proc.signal('SIGINT');
    expect(await proc.exit()).toEqual({ code: null, signal: 'SIGINT' });
    expect(proc.stdout).toContain('drained');
    expect(lines(proc.stderr)).toEqual([SHUTDOWN_LINE('SIGINT')]);
  });

  it('a second signal forces exit at once', async () => {
    const proc = start(variant, 'signals', { args: ['drain', '60000'] });
    await proc.waitFor('stdout', 'ready');
    proc.signal('SIGINT');
    await proc.waitFor('stderr', SHUTDOWN_LINE('SIGINT'));
    await delay(1000);
    const forcedAt = Date.now();
    proc.signal('SIGINT');
    expect(await proc.exit()).toEqual({ code: null, signal: 'SIGINT' });
    expect(Date.now() - forcedAt).toBeLessThan(10_000); // the drain alone would take 60 s
    expect(proc.stdout).not.toContain('drained');
    expect(lines(proc.stderr)).toEqual([SHUTDOWN_LINE('SIGINT'), 'SIGINT received again: exiting now']);
  });

  it('a duplicate delivery (within ~300 ms) does not force', async () => {
    const proc = start(variant, 'signals', { args: ['drain', '2000'] });
    await proc.waitFor('stdout', 'ready');
    // Two deliveries 50 ms apart (back to back, the kernel would merge them into one): a busy
    // wait, not a timer, so a loaded machine cannot stretch the gap past 300 ms.
    proc.signal('SIGINT');
    const sentAt = performance.now();
    while (performance.now() - sentAt < 50) {
      // busy wait
    }
    proc.signal('SIGINT');
    await proc.waitFor('stderr', SHUTDOWN_LINE('SIGINT'));
    await delay(1000);
    expect(proc.done).toBe(false);
    expect(await proc.exit()).toEqual({ code: null, signal: 'SIGINT' });
    expect(proc.stdout).toContain('drained');
    expect(lines(proc.stderr)).toEqual([SHUTDOWN_LINE('SIGINT')]);
  });

  it('deadline: one line naming pending work with ages and active resources, then the signal status', async () => {
    const proc = start(variant, 'signals', { args: ['deadline'], options: { timeoutMs: 2000 } });
    await proc.waitFor('stdout', 'ready');
    const signalledAt = Date.now();
    proc.signal('SIGTERM');
    expect(await proc.exit()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(1900);
    const [first, deadline, ...rest] = lines(proc.stderr);
    expect(first).toBe(SHUTDOWN_LINE('SIGTERM'));
    expect(rest).toEqual([]);
    expect(deadline).toMatch(/^shutdown deadline \(2000 ms\) passed; still pending: /);
    expect(deadline).toMatch(/track "save" \(\d+\.\ds\)/);
    expect(deadline).toMatch(/track "upload" \(\d+\.\ds\)/);
    expect(deadline).not.toContain('quick'); // settled work leaves the tracked set
    expect(deadline).not.toMatch(/\bmain\b/); // main had returned
    expect(deadline).toMatch(/active resources: .*Timeout/);
  });

  it('a TypeError during shutdown still prints, the aborts stay silent', async () => {
    const proc = start(variant, 'signals', { args: ['typeError'] });
    await proc.waitFor('stdout', 'ready');
    proc.signal('SIGINT');
    expect(await proc.exit()).toEqual({ code: null, signal: 'SIGINT' });
    expect(proc.stderr.startsWith(`${SHUTDOWN_LINE('SIGINT')}\ntrack "cleanup" failed: TypeError`)).toBe(true);
    expect(proc.stderr).not.toContain('AbortError');
  });

  it('an aborted fetch against a local server and an aborted sleep make no noise', async () => {
    const proc = start(variant, 'abort-noise');
    await proc.waitFor('stdout', 'ready');
    proc.signal('SIGINT');
    expect(await proc.exit()).toEqual({ code: null, signal: 'SIGINT' });
    expect(lines(proc.stderr)).toEqual([SHUTDOWN_LINE('SIGINT')]);
  });

  it('a calling shell script stops: the process dies of the signal (group SIGINT, as a terminal sends)', async () => {
    const run = async (args: string) => {
      const shell = startShell(`"${process.execPath}" "${programPath(variant, 'naive')}" ${args}; echo after`);
      await shell.waitFor('stdout', 'ready');
      process.kill(-(shell.child.pid ?? 0), 'SIGINT');
      return { exit: await shell.exit(), stdout: shell.stdout };
    };
    const graceful = await run('');
    expect(graceful.stdout).not.toContain('after');
    expect(graceful.exit).toEqual({ code: null, signal: 'SIGINT' });
    // Control: exiting with code 130 instead lets the script go on, so the test can tell.
    const naive = await run('naive');
    expect(naive.stdout).toContain('after');
  });

  it('falls back to exit(128 + n) when the re-raised signal does not end the process', async () => {
    const proc = start(variant, 'signals', { args: ['reraiseIgnored'] });
    await proc.waitFor('stdout', 'ready');
    proc.signal('SIGINT');
    expect(await proc.exit()).toEqual({ code: 130, signal: null });
  });

  const canUnshare =
    process.platform === 'linux' &&
    spawnSync('unshare', ['--user', '--map-root-user', '--pid', '--fork', 'true']).status === 0;
  it.skipIf(!canUnshare)('as PID 1 (which ignores the re-raise) it exits 130', async () => {
    const { Proc } = await import('./harness.js');
    const proc = new Proc(
      'unshare',
      ['--user', '--map-root-user', '--pid', '--fork', process.execPath, programPath(variant, 'signals'), 'selfSignal'],
      {},
    );
    await proc.waitFor('stdout', 'ready pid=1');
    expect(await proc.exit()).toEqual({ code: 130, signal: null });
    expect(lines(proc.stderr)).toEqual([SHUTDOWN_LINE('SIGINT')]);
  });
});
