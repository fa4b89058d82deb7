// Fixture: drain and close on a clean finish, exit status, watchdog, beforeExit, stdout.
import { runMain } from './graceful-shutdown.mjs';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const mode = process.argv[2];
const options = JSON.parse(process.env.OPTIONS ?? '{}');
// 4 MiB in 64 KiB chunks, each filled with its index so reordering or loss shows.
const writeBig = () => {
  for (let i = 0; i < 64; i++) process.stdout.write(Buffer.alloc(65536, i));
};

const modes = {
  // A resolved main does not abort tracked work; closers run after it, LIFO, each awaited.
  async clean({ signal, track, defer }) {
    defer(() => {
      console.log('close a');
      setTimeout(() => track(Promise.resolve(), 'too late'), 50);
    });
    defer(() => {
      console.log('close b');
      throw new Error('b broke');
    }, 'b');
    const unregister = defer(() => console.log('close unregistered'));
    defer(async () => {
      await sleep(100);
      console.log('close c');
      defer(() => console.log('close deferred while closing'));
    });
    unregister();
    track((async () => {
      await sleep(800);
      console.log(`saved aborted=${signal.aborted}`);
    })(), 'save');
    console.log('main returns');
  },
  // Work tracked while draining joins the drain.
  async trackWhileDraining({ track }) {
    track((async () => {
      await sleep(300);
      track(sleep(500).then(() => console.log('second done')), 'second');
      console.log('first done');
    })(), 'first');
  },
  // A signal handler's cleanup (`onlyOn`) runs only when one of its signals started shutdown.
  async signalOnly({ defer, shutdown }) {
    defer(() => console.log('close always'));
    defer(() => console.log('close on SIGINT'), { onlyOn: ['SIGINT'], label: 'interrupted' });
    const how = process.argv[3];
    if (how === 'throw') throw new Error('broke');
    if (how === 'wait') {
      const timer = setInterval(() => {}, 1 << 30);
      defer(() => clearInterval(timer));
      console.log('ready');
      await shutdown;
      return;
    }
    console.log('main returns');
  },
  async returnsNumber() {
    return 3;
  },
  async setsExitCode() {
    process.exitCode = 4;
  },
  async returnsNumberOverExitCode() {
    process.exitCode = 4;
    return 5;
  },
  async neverSettles() {
    console.log('ready');
    await new Promise(() => {});
  },
  async leftInterval() {
    setInterval(() => {}, 1000);
    console.log('main returns');
  },
  async leftServer() {
    const server = createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    console.log('main returns');
  },
  async leftIntervalAfterError() {
    setInterval(() => {}, 1000);
    console.log('main throws');
    throw new Error('broke');
  },
  async leftServerAfterError() {
    const server = createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    console.log('main throws');
    throw new Error('broke');
  },
  async bigClean() {
    writeBig();
  },
  async bigAfterSignal({ shutdown, defer }) {
    const timer = setInterval(() => {}, 1 << 30);
    defer(() => clearInterval(timer));
    process.stderr.write('ready\n');
    await shutdown;
    writeBig();
  },
  // `cli | head`: keeps printing until the reader goes away.
  async epipe({ signal }) {
    while (!signal.aborted) {
      process.stdout.write('line\n');
      await sleep(5);
    }
  },
};

runMain(modes[mode], options);
