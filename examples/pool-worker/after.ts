#!/usr/bin/env node
// bin/worker.ts, after (bin/graceful-shutdown.ts is the helper `fix` writes)
import { Worker } from 'bullmq';
import pg from 'pg';
import { runMain, type MainContext } from './graceful-shutdown.js';

async function main({ defer, shutdown }: MainContext): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  defer(() => pool.end());
  const worker = new Worker(
    'emails',
    async (job) => {
      await pool.query('INSERT INTO sent_emails (job_id) VALUES ($1)', [job.id]);
    },
    { connection: { host: process.env.REDIS_HOST } },
  );
  defer(() => worker.close());
  await shutdown;
  console.log('bye');
}

runMain(main);
