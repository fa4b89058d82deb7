// Fastify's README quick start (callback form), with a slow route and the port from the environment.
import Fastify from 'fastify';

const fastify = Fastify({
  logger: true,
});

// Declare a route
fastify.get('/', function (request, reply) {
  reply.send({ hello: 'world' });
});

fastify.get('/slow', async function () {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return { slow: 'done' };
});

// Run the server!
fastify.listen({ port: Number(process.env.PORT) || 3000, host: '127.0.0.1' }, function (err, address) {
  if (err) {
    fastify.log.error(err);
    process.exit(1);
  }
  // Server is now listening on ${address}
});
