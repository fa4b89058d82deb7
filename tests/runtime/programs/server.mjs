// Fixture: a server's main: listen, await shutdown, then closeServer. Responses take argv[2] ms.
import { runMain, closeServer } from './graceful-shutdown.mjs';
import { createServer } from 'node:http';

const delayMs = Number(process.argv[2] ?? 1500);

runMain(async ({ shutdown }) => {
  const server = createServer((req, res) => {
    console.log(`request ${req.url}`);
    setTimeout(() => res.end(`hello ${req.url}`), delayMs);
  });
  server.keepAliveTimeout = 60_000; // closing must not wait this out
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(`port=${server.address().port}`);
  const reason = await shutdown;
  const started = Date.now();
  await closeServer(server);
  console.log(`closed after ${Date.now() - started} ms (${reason})`);
});
