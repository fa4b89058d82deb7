// Fastify's getting-started shape (fastify.dev "Getting started", async/await version).
const fastify = require('fastify')({ logger: true });

fastify.get('/', async (request, reply) => {
  return { hello: 'world' };
});

fastify.get('/slow', async () => {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return { slow: 'done' };
});

const start = async () => {
  try {
    await fastify.listen({ port: Number(process.env.PORT) || 3000, host: '127.0.0.1' });
  } catch (err) {
    fastify.log.error(err);
    process.exit(1);
  }
};
start();
