// Fastify with top-level await (fastify.dev, "Your first server" in an ES module).
import Fastify from 'fastify';

const fastify = Fastify({ logger: false });

fastify.get('/', async () => ({ hello: 'world' }));

fastify.get('/slow', async () => {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return { slow: 'done' };
});

await fastify.listen({ port: Number(process.env.PORT) || 3000, host: '127.0.0.1' });
console.log('listening');
