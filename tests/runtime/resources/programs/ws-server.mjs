// Fixture: an HTTP server with a ws WebSocketServer on it. On shutdown each open socket gets a close
// frame (since ws 8, `wss.close()` leaves open connections open: docs/resources.md), then both
// servers close; the in-flight request finishes first. Responses take argv[2] ms.
import { runMain, closeServer } from './graceful-shutdown.mjs';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const delayMs = Number(process.argv[2] ?? 1500);

runMain(async ({ shutdown }) => {
  const server = createServer((req, res) => {
    console.log(`request ${req.url}`);
    setTimeout(() => res.end(`hello ${req.url}`), delayMs);
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    console.log('websocket connected');
    socket.on('message', (data) => socket.send(`echo ${data}`));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(`port=${server.address().port}`);
  const reason = await shutdown;
  for (const client of wss.clients) client.close(1001, 'server shutting down');
  const wssClosed = new Promise((resolve) => wss.close(resolve));
  await closeServer(server);
  await wssClosed;
  console.log(`closed (${reason})`);
});
