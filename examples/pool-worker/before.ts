#!/usr/bin/env node
// bin/worker.ts, before: a queue worker that writes to a database pool.
import { Worker } from 'bullmq';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const worker = new Worker(
  'emails',
  async (job) => {
    await pool.query('INSERT INTO sent_emails (job_id) VALUES ($1)', [job.id]);
  },
  { connection: { host: process.env.REDIS_HOST } },
);

process.on('SIGTERM', () => {
  console.log('bye');
  process.exit(0);
});
