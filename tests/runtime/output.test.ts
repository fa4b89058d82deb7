// Piped stdout: 4 MiB written to a slowly read pipe arrives whole, on a clean finish and after a
// signal; EPIPE (`cli | head`) ends the program quietly.
import { describe, expect, it } from 'vitest';
import { delay, start, useWorkdir, variants } from './harness.js';

useWorkdir();

const SIZE = 4 * 1024 * 1024;

function expectWhole(stdout: Buffer): void {
  expect(stdout.length).toBe(SIZE);
  for (let i = 0; i < 64; i++) {
    const chunk = stdout.subarray(i * 65536, (i + 1) * 65536);
    expect(chunk.every((byte) => byte === i)).toBe(true);
  }
}

function collect(stream: NodeJS.ReadableStream | null): Buffer[] {
  const chunks: Buffer[] = [];
  stream?.on('data', (chunk: Buffer) => chunks.push(chunk));
  return chunks;
}

describe.each(variants)('stdout (%s helper)', (variant) => {
  it('4 MiB to a slowly read pipe arrives whole on a clean finish', async () => {
    const proc = start(variant, 'lifecycle', { args: ['bigClean'] }, { binaryStdout: true });
    proc.child.stdout?.pause(); // nobody reads for 2.5 s: longer than the 1 s watchdog
    const chunks = collect(proc.child.stdout);
    await delay(2500);
    proc.child.stdout?.resume();
    expect(await proc.exit()).toEqual({ code: 0, signal: null });
    expectWhole(Buffer.concat(chunks));
    expect(proc.stderr).toBe('');
  });

  it.skipIf(process.platform === 'win32')('4 MiB to a slowly read pipe arrives whole after a signal', async () => {
    const proc = start(variant, 'lifecycle', { args: ['bigAfterSignal'] }, { binaryStdout: true });
    proc.child.stdout?.pause();
    const chunks = collect(proc.child.stdout);
    await proc.waitFor('stderr', 'ready');
    proc.signal('SIGTERM');
    await proc.waitFor('stderr', 'SIGTERM received');
    await delay(1500);
    proc.child.stdout?.resume();
    expect(await proc.exit()).toEqual({ code: null, signal: 'SIGTERM' });
    expectWhole(Buffer.concat(chunks));
  });

  it.skipIf(process.platform === 'win32')('EPIPE on stdout (cli | head) ends the program quietly', async () => {
    const proc = start(variant, 'lifecycle', { args: ['epipe'] });
    await proc.waitFor('stdout', 'line');
    proc.child.stdout?.destroy(); // the reader goes away, like `head` after its lines
    const exit = await proc.exit();
    expect(exit).toEqual({ code: 141, signal: null }); // as SIGPIPE ends a C program
    expect(proc.stderr).toBe('');
  });
});
