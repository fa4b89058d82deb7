// Hono on Node.js (hono.dev, "Node.js" getting started), with a slow route and the port from the environment.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text('Hello Hono!'));
app.get('/slow', async (c) => {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return c.text('slow done');
});

serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000, hostname: '127.0.0.1' }, (info) => {
  console.log(`Server is running on http://localhost:${info.port}`);
});
