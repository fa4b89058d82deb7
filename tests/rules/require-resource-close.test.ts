import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';
import { describe, expect, it } from 'vitest';
import rule, {
  type MessageIds,
  type Options,
} from '../../packages/eslint-plugin-graceful-shutdown/rules/require-resource-close.js';
import { RESOURCES } from '../../packages/eslint-plugin-graceful-shutdown/detection/index.js';

const cli = '/virtual/app/cli.ts';
const lib = '/virtual/app/lib.ts';
const ruleTester = new RuleTester();
const script = { parser: espree, ecmaVersion: 'latest', sourceType: 'commonjs' } as const;

type Invalid = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options>;

/**
 * One case per resource row: its import (and holder, if any) at the top, the resource opened in
 * `main` under `runMain`, and the close the rule must find (or suggest).
 */
interface RowCase {
  readonly id: string;
  readonly prelude: string;
  readonly open: string;
  readonly close: string;
}

const ROW_CASES: readonly RowCase[] = [
  { id: 'pg.Pool', prelude: `import pg from 'pg';`, open: `const pool = new pg.Pool();`, close: `pool.end()` },
  { id: 'pg.Client', prelude: `import { Client } from 'pg';`, open: `const db = new Client();`, close: `db.end()` },
  {
    id: 'mysql2.pool',
    prelude: `import mysql from 'mysql2/promise';`,
    open: `const pool = mysql.createPool({ uri });`,
    close: `pool.end()`,
  },
  {
    id: 'mysql2.connection',
    prelude: `import { createConnection } from 'mysql2/promise';`,
    open: `const connection = await createConnection({ uri });`,
    close: `connection.end()`,
  },
  {
    id: 'ioredis.Redis',
    prelude: `import Redis from 'ioredis';`,
    open: `const redis = new Redis();`,
    close: `redis.quit()`,
  },
  {
    id: 'redis.client',
    prelude: `import { createClient } from 'redis';`,
    open: `const client = createClient({ url });`,
    close: `client.quit()`,
  },
  {
    id: 'mongodb.MongoClient',
    prelude: `import { MongoClient } from 'mongodb';`,
    open: `const mongo = new MongoClient(uri);`,
    close: `mongo.close()`,
  },
  {
    id: 'mongodb.connect',
    prelude: `import { MongoClient } from 'mongodb';`,
    open: `const mongo = await MongoClient.connect(uri);`,
    close: `mongo.close()`,
  },
  {
    id: 'mongoose.connect',
    prelude: `import mongoose from 'mongoose';`,
    open: `await mongoose.connect(uri);`,
    close: `mongoose.disconnect()`,
  },
  {
    id: 'mongoose.createConnection',
    prelude: `import mongoose from 'mongoose';`,
    open: `const connection = mongoose.createConnection(uri);`,
    close: `connection.close()`,
  },
  {
    id: 'prisma.PrismaClient',
    prelude: `import { PrismaClient } from '@prisma/client';`,
    open: `const prisma = new PrismaClient();`,
    close: `prisma.$disconnect()`,
  },
  { id: 'knex', prelude: `import knex from 'knex';`, open: `const db = knex(config);`, close: `db.destroy()` },
  {
    id: 'bullmq.Worker',
    prelude: `import { Worker } from 'bullmq';`,
    open: `const worker = new Worker('mail', processJob, { connection });`,
    close: `worker.close()`,
  },
  {
    id: 'bullmq.Queue',
    prelude: `import { Queue } from 'bullmq';`,
    open: `const queue = new Queue('mail', { connection });`,
    close: `queue.close()`,
  },
  {
    id: 'kafkajs.client',
    prelude: `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers });`,
    open: `const consumer = kafka.consumer({ groupId: 'mail' });`,
    close: `consumer.disconnect()`,
  },
  {
    id: 'amqplib.connection',
    prelude: `import amqp from 'amqplib';`,
    open: `const connection = await amqp.connect(url);`,
    close: `connection.close()`,
  },
  {
    id: 'ws.WebSocketServer',
    prelude: `import { WebSocketServer } from 'ws';`,
    open: `const wss = new WebSocketServer({ port: 8080 });`,
    close: `wss.close()`,
  },
  {
    id: 'socket.io.Server',
    prelude: `import { Server } from 'socket.io';`,
    open: `const io = new Server(3000);`,
    close: `io.close()`,
  },
  {
    id: 'chokidar.watch',
    prelude: `import chokidar from 'chokidar';`,
    open: `const watcher = chokidar.watch('src');`,
    close: `watcher.close()`,
  },
  {
    id: 'worker_threads.Worker',
    prelude: `import { Worker } from 'node:worker_threads';`,
    open: `const worker = new Worker(new URL('./task.js', import.meta.url));`,
    close: `worker.terminate()`,
  },
  {
    id: 'child_process.child',
    prelude: `import { spawn } from 'node:child_process';`,
    open: `const child = spawn('tail', ['-f', 'app.log']);`,
    close: `child.kill()`,
  },
  {
    id: 'nestjs.app',
    prelude: `import { NestFactory } from '@nestjs/core';`,
    open: `const app = await NestFactory.create(AppModule);`,
    close: `app.close()`,
  },
  {
    id: 'fastify.app',
    prelude: `import Fastify from 'fastify';`,
    open: `const app = Fastify();`,
    close: `app.close()`,
  },
  {
    id: 'express.server',
    prelude: `import express from 'express';
const app = express();`,
    open: `const server = app.listen(3000);`,
    close: `server.close()`,
  },
  {
    id: 'koa.server',
    prelude: `import Koa from 'koa';
const app = new Koa();`,
    open: `const server = app.listen(3000);`,
    close: `server.close()`,
  },
  {
    id: 'connect.server',
    prelude: `import connect from 'connect';
const app = connect();`,
    open: `const server = app.listen(3000);`,
    close: `server.close()`,
  },
  {
    id: 'http.createServer',
    prelude: `import { createServer } from 'node:http';`,
    open: `const server = createServer(handle);`,
    close: `server.close()`,
  },
  {
    id: 'http.Server',
    prelude: `import https from 'node:https';`,
    open: `const server = new https.Server(options, handle);`,
    close: `server.close()`,
  },
  {
    id: 'hono.serve',
    prelude: `import { serve } from '@hono/node-server';`,
    open: `const server = serve({ fetch: app.fetch, port: 3000 });`,
    close: `server.close()`,
  },
];

/** Where the resource is opened: the line after the prelude, the helper import and the `runMain(` line. */
const openLine = (row: RowCase): number => row.prelude.split('\n').length + 3;
const name = (row: RowCase): string => row.close.slice(0, row.close.indexOf('.'));

const underMain = (row: RowCase, body: string): string => `${row.prelude}
import { runMain } from './graceful-shutdown.js';
runMain(async ({ defer, shutdown }) => {
  ${body}
  await shutdown;
});
`;

const rowInvalid = (row: RowCase): Invalid => ({
  name: `${row.id}: opened under runMain, never closed`,
  code: underMain(row, row.open),
  filename: cli,
  errors: [
    {
      messageId: 'notDeferred',
      line: openLine(row),
      suggestions: [
        {
          messageId: 'suggestDefer',
          data: { defer: 'defer', close: row.close },
          output: underMain(
            row,
            `${row.open}
  defer(() => ${row.close});`,
          ),
        },
      ],
    },
  ],
});

const rowValid = (row: RowCase): Valid => ({
  name: `${row.id}: closed by defer`,
  code: underMain(
    row,
    `${row.open}
  defer(() => ${row.close});`,
  ),
  filename: cli,
});

describe('the cases cover the table', () => {
  it('has a case for every resource row', () => {
    const resources = RESOURCES.filter((row) => row.role === 'resource').map((row) => row.id);
    const covered = new Set([...ROW_CASES.map((row) => row.id), 'amqplib.channel', 'socket.io.factory']);
    expect(resources.filter((id) => !covered.has(id))).toEqual([]);
  });
  it('names each case after its variable', () => {
    expect(ROW_CASES.map(name).every((n) => n.length > 0)).toBe(true);
  });
});

ruleTester.run('require-resource-close', rule, {
  valid: [
    ...ROW_CASES.map(rowValid),
    // ——— The other shutdown paths ———
    {
      name: 'closed in a finally',
      code: `import pg from 'pg';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ signal }) => {
  const pool = new pg.Pool();
  try {
    await work(pool, signal);
  } finally {
    await pool.end();
  }
});
`,
      filename: cli,
    },
    {
      name: 'closed after await shutdown, through ctx',
      code: `import Fastify from 'fastify';
import { runMain, type MainContext } from './graceful-shutdown.js';
async function main(ctx: MainContext) {
  const app = Fastify();
  await app.listen({ port: 3000 });
  await ctx.shutdown;
  await app.close();
}
runMain(main);
`,
      filename: cli,
    },
    {
      name: "the helper's closeServer after await shutdown",
      code: `import express from 'express';
import { closeServer, runMain } from './graceful-shutdown.js';
runMain(async ({ shutdown }) => {
  const server = express().listen(3000);
  await shutdown;
  await closeServer(server);
});
`,
      filename: cli,
    },
    {
      name: 'a deferred function of the program that closes it',
      code: `import { Worker } from 'bullmq';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ defer, shutdown }) => {
  const worker = new Worker('mail', processJob);
  const stop = () => worker.close();
  defer(stop);
  await shutdown;
});
`,
      filename: cli,
    },
    {
      name: 'entrypoint: closed in the SIGTERM listener, through a function it calls',
      code: `#!/usr/bin/env node
import express from 'express';
import pg from 'pg';
const pool = new pg.Pool();
const server = express().listen(3000);
async function shutdown() {
  server.close();
  await pool.end();
}
process.on('SIGTERM', () => void shutdown());
`,
      filename: cli,
    },
    {
      name: 'entrypoint: close-with-grace hook',
      code: `#!/usr/bin/env node
import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';
const app = Fastify();
await app.listen({ port: 3000 });
closeWithGrace({ delay: 500 }, async () => {
  await app.close();
});
`,
      filename: cli,
    },
    {
      name: 'entrypoint: handed to terminus, which closes it',
      code: `#!/usr/bin/env node
import { createTerminus } from '@godaddy/terminus';
import express from 'express';
import { Queue } from 'bullmq';
const queue = new Queue('mail');
const server = express().listen(3000);
createTerminus(server, { signals: ['SIGINT', 'SIGTERM'], onSignal: () => queue.close() });
`,
      filename: cli,
    },
    {
      name: 'entrypoint: exit-hook',
      code: `#!/usr/bin/env node
import { asyncExitHook } from 'exit-hook';
import Redis from 'ioredis';
const redis = new Redis();
asyncExitHook(() => redis.quit(), { wait: 500 });
`,
      filename: cli,
    },
    {
      name: 'entrypoint: lightship shutdown handler',
      code: `#!/usr/bin/env node
import { createLightship } from 'lightship';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const lightship = await createLightship();
lightship.registerShutdownHandler(async () => {
  await prisma.$disconnect();
});
`,
      filename: cli,
    },
    {
      name: 'NestJS: enableShutdownHooks hands the close to Nest',
      code: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  await app.listen(3000);
}
bootstrap();
process.on('SIGTERM', () => console.log('bye'));
`,
      filename: cli,
    },
    {
      name: 'amqplib: a channel is closed with its connection',
      code: `import amqp from 'amqplib';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ defer, shutdown }) => {
  const connection = await amqp.connect(url);
  defer(() => connection.close());
  const channel = await connection.createChannel();
  await channel.assertQueue('jobs');
  await shutdown;
});
`,
      filename: cli,
    },
    {
      name: 'mongoose: the module disconnects, in an abort listener',
      code: `import mongoose from 'mongoose';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ signal, shutdown }) => {
  await mongoose.connect(uri);
  signal.addEventListener('abort', () => void mongoose.connection.close());
  await shutdown;
});
`,
      filename: cli,
    },
    {
      name: 'child process the program waits for: short-lived',
      code: `import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ signal }) => {
  const child = spawn('make', ['build'], { signal });
  await once(child, 'exit');
});
`,
      filename: cli,
    },
    {
      name: 'worker left running on purpose: unref',
      code: `import { Worker } from 'node:worker_threads';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ shutdown }) => {
  const worker = new Worker('./metrics.js');
  worker.unref();
  await shutdown;
});
`,
      filename: cli,
    },
    {
      name: 'await using closes it at the end of the scope',
      code: `import { Client } from 'pg';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ shutdown }) => {
  await using db = new Client();
  await shutdown;
});
`,
      filename: cli,
    },
    // ——— Where the rule does not look ———
    {
      name: 'a library module: its caller owns the pool',
      code: `import pg from 'pg';
export const pool = new pg.Pool();
export async function findUser(id: string) {
  return pool.query('select * from users where id = $1', [id]);
}
`,
      filename: lib,
    },
    {
      name: 'an entrypoint without any shutdown handling: require-signal-cancellation reports that first',
      code: `#!/usr/bin/env node
import pg from 'pg';
const pool = new pg.Pool();
await pool.query('select 1');
`,
      filename: cli,
    },
    {
      name: 'a function of the entrypoint that is not its main: a per-call resource',
      code: `#!/usr/bin/env node
import { Client } from 'pg';
async function count() {
  const client = new Client();
  return client.query('select count(*) from users');
}
process.on('SIGTERM', () => process.exit(0));
`,
      filename: cli,
    },
    {
      name: 'escapes: returned, stored or aliased, closed elsewhere',
      code: `import pg from 'pg';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ shutdown }) => {
  const pool = new pg.Pool();
  const deps = { pool };
  await startServer(deps);
  await shutdown;
});
`,
      filename: cli,
    },
    {
      name: 'escapes: handed to an object it now belongs to, or as the client its connect() resolves to',
      code: `import { MongoClient } from 'mongodb';
import pg from 'pg';
import Server from './server.js';
async function main() {
  const pool = new pg.Pool();
  const mongoClient = new MongoClient(process.env.MONGO_URL);
  const server = new Server(pool, await mongoClient.connect());
  await server.start();
  process.on('SIGINT', async () => {
    await server.shutDown();
    process.exit(0);
  });
}
main();
`,
      filename: cli,
    },
    {
      name: 'mongoose connected through a promise chain, disconnected in the signal listener',
      code: `import express from 'express';
import mongoose from 'mongoose';
const server = express().listen(3000);
mongoose
  .connect(process.env.MONGODB_URI)
  .then(() => console.log('MongoDB connected'))
  .catch((err) => console.error('MongoDB connection error:', err));
process.on('SIGTERM', () => {
  server.close(() => mongoose.disconnect());
});
`,
      filename: cli,
    },
    {
      name: 'an unbound server is not this rule’s business',
      code: `import express from 'express';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ shutdown }) => {
  express().listen(3000);
  await shutdown;
});
`,
      filename: cli,
    },
    {
      name: 'ignore option: by row id and by module',
      code: `import pg from 'pg';
import { WebSocketServer } from 'ws';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ shutdown }) => {
  const pool = new pg.Pool();
  const wss = new WebSocketServer({ port: 1 });
  await shutdown;
});
`,
      filename: cli,
      options: [{ ignore: ['pg.Pool', 'ws'] }],
    },
    {
      name: 'a local class named like a table export is not the table’s',
      code: `import { runMain } from './graceful-shutdown.js';
class Pool { end() {} }
runMain(async ({ shutdown }) => {
  const pool = new Pool();
  await shutdown;
});
`,
      filename: cli,
    },
    // ——— Object.prototype keys as module and method names ———
    {
      name: 'Object.prototype keys as modules and methods',
      code: `import toString from 'constructor';
import { hasOwnProperty } from '__proto__';
import pg from 'pg';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ defer, shutdown }) => {
  const a = new toString();
  const b = hasOwnProperty();
  const c = new pg.constructor();
  const d = new pg.__proto__();
  const pool = new pg.Pool();
  defer(() => pool.end());
  pool.valueOf();
  await shutdown;
});
`,
      filename: cli,
    },
    // ——— CommonJS ———
    {
      name: 'CommonJS: require, closed in the SIGTERM listener',
      code: `#!/usr/bin/env node
const { Pool } = require('pg');
const pool = new Pool();
process.once('SIGTERM', async () => {
  await pool.end();
});
`,
      filename: '/virtual/app/cli.cjs',
      languageOptions: script,
    },
    // ——— Odd syntax ———
    {
      name: 'odd syntax does not throw',
      code: `import pg from 'pg';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ defer, shutdown }) => {
  const [a] = [new pg.Pool()];
  let b;
  b ??= new pg.Pool();
  const c = new (pg.Pool as any)();
  defer(() => c.end());
  const { d } = { d: new pg[\`Pool\`]() };
  new pg.Pool().end;
  await shutdown;
});
`,
      filename: cli,
    },
  ],
  invalid: [
    ...ROW_CASES.map(rowInvalid),
    {
      name: 'amqplib: channel and connection both open',
      code: `import amqp from 'amqplib';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ shutdown }) => {
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  await shutdown;
});
`,
      filename: cli,
      errors: [
        { messageId: 'notDeferred', line: 4, suggestions: [] },
        { messageId: 'notDeferred', line: 5, suggestions: [] },
      ],
    },
    {
      name: 'socket.io: the CommonJS factory, under a MainContext parameter named ctx',
      code: `const { runMain } = require('./graceful-shutdown.js');
runMain(async (ctx) => {
  const io = require('socket.io')(3000);
  await ctx.shutdown;
});
`,
      filename: '/virtual/app/cli.cjs',
      languageOptions: script,
      errors: [
        {
          messageId: 'notDeferred',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestDefer',
              data: { defer: 'ctx.defer', close: 'io.close()' },
              output: `const { runMain } = require('./graceful-shutdown.js');
runMain(async (ctx) => {
  const io = require('socket.io')(3000);
  ctx.defer(() => io.close());
  await ctx.shutdown;
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'entrypoint: the SIGTERM listener closes the server but not the pool',
      code: `#!/usr/bin/env node
import express from 'express';
import pg from 'pg';
const pool = new pg.Pool();
const app = express();
const server = app.listen(3000);
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
`,
      filename: cli,
      errors: [{ messageId: 'notClosed', line: 4 }],
    },
    {
      name: 'entrypoint main(): a queue worker closed only when main ends normally',
      code: `import { Worker } from 'bullmq';
async function main() {
  const worker = new Worker('mail', processJob);
  await worker.waitUntilReady();
  await worker.close();
}
main();
process.on('SIGINT', () => console.log('interrupted'));
`,
      filename: cli,
      errors: [{ messageId: 'notClosed', line: 3 }],
    },
    {
      name: 'CommonJS entrypoint: the listener exits without ending the knex pool',
      code: `#!/usr/bin/env node
const knex = require('knex')({ client: 'pg' });
process.on('SIGINT', () => process.exit(130));
`,
      filename: '/virtual/app/cli.cjs',
      languageOptions: script,
      errors: [{ messageId: 'notClosed', line: 2 }],
    },
    {
      name: 'assigned later to a let, closed only outside the shutdown path',
      code: `import { WebSocketServer } from 'ws';
import { runMain } from './graceful-shutdown.js';
runMain(async ({ shutdown }) => {
  let wss;
  wss = new WebSocketServer({ port: 8080 });
  await serve(wss);
  wss.close();
});
`,
      filename: cli,
      errors: [{ messageId: 'notDeferred', line: 5, suggestions: [] }],
    },
    {
      name: 'mongoose connected through a promise chain, the server closed, the connection not',
      code: `import express from 'express';
import mongoose from 'mongoose';
const server = express().listen(3000);
mongoose
  .connect(process.env.MONGODB_URI)
  .then(() => console.log('MongoDB connected'))
  .catch((err) => console.error('MongoDB connection error:', err));
process.on('SIGTERM', () => {
  server.close(() => process.exit());
});
`,
      filename: cli,
      errors: [{ messageId: 'notClosed', line: 4 }],
    },
    {
      name: 'a pg client is not what its connect() resolves to',
      code: `import pg from 'pg';
import Server from './server.js';
async function main() {
  const client = new pg.Client();
  const server = new Server(await client.connect());
  process.on('SIGINT', async () => {
    await server.shutDown();
    process.exit(0);
  });
}
main();
`,
      filename: cli,
      errors: [{ messageId: 'notClosed', line: 4 }],
    },
    {
      name: 'TypeScript: annotated MainContext, a type assertion on the creation',
      code: `import { MongoClient } from 'mongodb';
import type { MainContext } from './graceful-shutdown.js';
export async function main({ defer }: MainContext): Promise<void> {
  const client = new MongoClient(process.env.MONGO_URL!) as MongoClient;
  await client.connect();
}
`,
      filename: lib,
      errors: [
        {
          messageId: 'notDeferred',
          line: 4,
          suggestions: [
            {
              messageId: 'suggestDefer',
              data: { defer: 'defer', close: 'client.close()' },
              output: `import { MongoClient } from 'mongodb';
import type { MainContext } from './graceful-shutdown.js';
export async function main({ defer }: MainContext): Promise<void> {
  const client = new MongoClient(process.env.MONGO_URL!) as MongoClient;
  defer(() => client.close());
  await client.connect();
}
`,
            },
          ],
        },
      ],
    },
  ],
});
