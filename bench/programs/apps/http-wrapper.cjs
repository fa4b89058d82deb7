// A createServer wrapper as many small services write it.
const http = require('node:http');

function handle(req, res) {
  if (req.url === '/slow') {
    setTimeout(() => res.end('slow done'), 1500);
    return;
  }
  res.end('hi');
}

const server = http.createServer(handle);
server.listen(Number(process.env.PORT) || 3000, '127.0.0.1', () => {
  console.log('listening');
});
