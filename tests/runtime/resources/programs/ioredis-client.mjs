// Fixture: an ioredis client under the helper, its `quit()` deferred right after it is created
// (unless SKIP_CLOSE is set: the contrast). Connects to REDIS_PORT on 127.0.0.1.
import { runMain } from './graceful-shutdown.mjs';
import Redis from 'ioredis';

runMain(async ({ defer, shutdown }) => {
  const redis = new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT), maxRetriesPerRequest: 1 });
  if (!process.env.SKIP_CLOSE) defer(() => redis.quit());
  console.log(`set: ${await redis.set('greeting', 'hello')}`);
  console.log('ready');
  await shutdown;
});
