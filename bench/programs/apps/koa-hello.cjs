// Koa's hello world (koajs.com), with a slow route and the port from the environment.
const Koa = require('koa');

const app = new Koa();

app.use(async (ctx) => {
  if (ctx.path === '/slow') {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    ctx.body = 'slow done';
    return;
  }
  ctx.body = 'Hello World';
});

app.listen(Number(process.env.PORT) || 3000, '127.0.0.1');
