// Fixture: errors from main, unhandled rejections, uncaught exceptions, tracked work and closers.
import { runMain } from './graceful-shutdown.mjs';
import { setTimeout as sleep } from 'node:timers/promises';

const mode = process.argv[2];
const options = JSON.parse(process.env.OPTIONS ?? '{}');
const keepAlive = () => setInterval(() => {}, 1 << 30);

const modes = {
  async mainRejects({ signal, defer }) {
    defer(() => console.log(`closed aborted=${signal.aborted}`));
    await sleep(50);
    throw new Error('main broke');
  },
  async unhandled({ shutdown, defer }) {
    const timer = keepAlive();
    defer(() => clearInterval(timer));
    void Promise.reject(new Error('floating broke'));
    console.log(`reason=${await shutdown}`);
  },
  async uncaught({ shutdown, defer }) {
    const timer = keepAlive();
    defer(() => clearInterval(timer));
    setTimeout(() => {
      throw new Error('timer broke');
    }, 10);
    console.log(`reason=${await shutdown}`);
  },
  async trackedRejects({ signal, track, defer }) {
    defer(() => console.log('closed'));
    track(Promise.reject(new Error('save broke')), 'save');
    await sleep(300);
    console.log(`aborted=${signal.aborted}`);
  },
  // The same error reaching the helper twice (tracked, and main awaiting it) prints once.
  async sameErrorTwice({ track }) {
    const work = sleep(50).then(() => {
      throw new Error('twice broke');
    });
    track(work, 'work');
    await work;
  },
  // An error starts shutdown; a closer that never finishes runs into the deadline.
  async hangingCloser({ defer }) {
    defer(() => new Promise(() => {}), 'db');
    await sleep(50);
    throw new Error('main broke');
  },
};

runMain(modes[mode], options);
