// Fixture: work that receives the signal ends with the abort's own outcome, which is silent:
// a tracked fetch, a floating fetch, and main's timers/promises sleep, all aborted.
import { runMain, closeServer } from './graceful-shutdown.mjs';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

runMain(async ({ signal, track, defer }) => {
  let requests = 0;
  let bothArrived = () => {};
  const arrived = new Promise((resolve) => (bothArrived = resolve));
  const server = createServer(() => ++requests === 2 && bothArrived()); // never answers
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(() => closeServer(server), 'server');
  const url = `http://127.0.0.1:${server.address().port}/`;
  track(fetch(url, { signal }), 'fetch');
  void fetch(`${url}floating`, { signal }).then((res) => res.text());
  await arrived;
  console.log('ready');
  await sleep(600_000, undefined, { signal });
});
