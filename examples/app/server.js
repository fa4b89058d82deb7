// An HTTP server with a slow route: `PORT=3000 node server.js`, then `curl localhost:3000/slow`.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const port = Number(process.env.PORT ?? 3000);

async function handle(request, response) {
  console.log(`${request.method} ${request.url} started`);
  if (request.url === '/slow') await sleep(1500); // stands in for a slow query
  response.end(`done: ${request.url}\n`);
  console.log(`${request.method} ${request.url} answered`);
}

async function main() {
  const server = http.createServer((request, response) => {
    handle(request, response); // floating: a rejection here crashes the process
  });
  server.listen(port, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`);
  });
}

// Kills every in-flight request: the response never arrives.
process.on('SIGTERM', () => process.exit(0));

main();
