// Fixture: a pg Pool under the helper, its `end()` deferred right after it is created (unless
// SKIP_CLOSE is set: the contrast). Connects to PG_PORT on 127.0.0.1.
import { runMain } from './graceful-shutdown.mjs';
import pg from 'pg';

runMain(async ({ defer, shutdown }) => {
  const pool = new pg.Pool({ host: '127.0.0.1', port: Number(process.env.PG_PORT), user: 'app', database: 'app' });
  if (!process.env.SKIP_CLOSE) defer(() => pool.end());
  await pool.query('SELECT 1');
  console.log('ready');
  await shutdown;
});
