// Fixture: signal handling. Mode in argv[2]; RunMainOptions as JSON in $OPTIONS.
// The harness runs it with the ESM helper and, rewriting the import line, the CommonJS one.
import { createInterface } from 'node:readline';
import { runMain } from './graceful-shutdown.mjs';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

const mode = process.argv[2] ?? 'sleep';
const options = JSON.parse(process.env.OPTIONS ?? '{}');
const keepAlive = () => setInterval(() => {}, 1 << 30);

const modes = {
  // A CLI reading its input: a signal while nothing but stdin is pending ends it at once, as before.
  async readsStdin() {
    process.stderr.write('ready\n');
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    console.log(`read ${text.length}`);
  },
  async readsLines() {
    const lines = createInterface({ input: process.stdin });
    process.stderr.write('ready\n');
    let count = 0;
    for await (const line of lines) count += line.length > 0 ? 1 : 0;
    console.log(`${count} lines`);
  },
  // An aborted timers/promises sleep: silent.
  async sleep({ signal }) {
    console.log('ready');
    await sleep(600_000, undefined, { signal });
  },
  // `shutdown` resolves with the reason.
  async reason({ shutdown, defer }) {
    const timer = keepAlive();
    defer(() => clearInterval(timer));
    console.log('ready');
    console.log(`reason=${await shutdown}`);
  },
  // Tracked work that ignores the abort and takes argv[3] ms to finish.
  async drain({ signal, shutdown, track, defer }) {
    const timer = keepAlive();
    defer(() => clearInterval(timer));
    track((async () => {
      await once(signal, 'abort');
      await sleep(Number(process.argv[3] ?? 2000));
      console.log('drained');
    })(), 'slow');
    console.log('ready');
    await shutdown;
  },
  // After the abort nothing but the helper's own timer keeps the process alive.
  async unrefDrain({ signal, track }) {
    const timer = keepAlive();
    track((async () => {
      await once(signal, 'abort');
      clearInterval(timer);
      await new Promise((resolve) => setTimeout(resolve, 1500).unref());
      console.log('drained');
    })(), 'unref');
    console.log('ready');
  },
  // The deadline names what is still pending.
  async deadline({ shutdown, track, defer }) {
    const timer = keepAlive();
    defer(() => clearInterval(timer));
    track(sleep(100), 'quick');
    track(new Promise(() => {}), 'save');
    track(sleep(600_000), 'upload');
    await sleep(300);
    console.log('ready');
    await shutdown;
  },
  // A TypeError during shutdown is not the abort's own outcome: it prints.
  async typeError({ signal, track }) {
    track((async () => {
      await once(signal, 'abort');
      null.boom();
    })(), 'cleanup');
    console.log('ready');
    await sleep(600_000, undefined, { signal });
  },
  // The re-raised signal has no effect (as for PID 1): the fallback exit status is used.
  async reraiseIgnored({ signal }) {
    process.kill = () => true;
    console.log('ready');
    await sleep(600_000, undefined, { signal });
  },
  // Sends itself SIGINT (for the PID-1 test, where only the process itself can signal it).
  async selfSignal({ signal }) {
    setTimeout(() => process.kill(process.pid, 'SIGINT'), 100);
    console.log(`ready pid=${process.pid}`);
    await sleep(600_000, undefined, { signal });
  },
};

runMain(modes[mode], options);
