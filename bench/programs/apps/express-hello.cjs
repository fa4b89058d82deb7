// Express's hello world (expressjs.com), with a slow route and the port from the environment.
const express = require('express');

const app = express();
const port = Number(process.env.PORT) || 3000;

app.get('/', (req, res) => {
  res.send('Hello World!');
});

app.get('/slow', (req, res) => {
  setTimeout(() => res.send('slow done'), 1500);
});

app.listen(port, '127.0.0.1', () => {
  console.log(`Example app listening on port ${port}`);
});
