// Fixture: a socket.io Server on an HTTP server. On shutdown `io.close()` disconnects every socket
// and closes the HTTP server, which lets the in-flight request finish. Responses take argv[2] ms.
import { runMain } from './graceful-shutdown.mjs';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const delayMs = Number(process.argv[2] ?? 1500);

runMain(async ({ shutdown }) => {
  const server = createServer((req, res) => {
    console.log(`request ${req.url}`);
    setTimeout(() => res.end(`hello ${req.url}`), delayMs);
  });
  const io = new Server(server, { transports: ['websocket'] });
  io.on('connection', (socket) => {
    console.log('socket.io connected');
    socket.on('disconnect', (why) => console.log(`socket.io disconnected: ${why}`));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(`port=${server.address().port}`);
  const reason = await shutdown;
  await io.close();
  console.log(`closed (${reason})`);
});
