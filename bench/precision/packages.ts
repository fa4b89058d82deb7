/**
 * The precision harness's packages: published programs and libraries nobody here wrote, pinned by
 * exact version (the triaged baseline names their files and lines, so a version changes only on
 * purpose, with the baseline re-triaged). `syntactic` globs are linted with the `recommended`
 * config, `typed` globs (TypeScript sources the package ships, or JavaScript with its .d.ts beside
 * it) with `recommended-type-checked` in one program per package. `bin` targets are always linted syntactically.
 */
import type { PinnedPackage } from '../lib/npm-pack.js';

export interface PrecisionPackage extends PinnedPackage {
  readonly kind:
    | 'cli'
    | 'server'
    | 'http proxy'
    | 'job runner'
    | 'worker pool'
    | 'process manager'
    | 'file watcher'
    | 'migration tool'
    | 'http client'
    | 'queue client'
    | 'sdk';
  /** Code written by a generator (an OpenAPI/Stainless client): type-aware propagation is measured on it separately. */
  readonly generated?: boolean;
  readonly syntactic: readonly string[];
  readonly typed?: readonly string[];
  /** Only these rules' findings are counted: a package added to measure one rule (syntactic mode). */
  readonly rules?: readonly string[];
}

/** The generated SDK's hand-written core and a slice of its generated resources (the whole `src/` is 176 k lines). */
const OPENAI_FILES = [
  'src/*.ts',
  'src/core/**/*.ts',
  'src/internal/**/*.ts',
  'src/lib/**/*.ts',
  'src/resources/chat/**/*.ts',
  'src/resources/responses/**/*.ts',
  'src/resources/audio/**/*.ts',
  'src/resources/files.ts',
  'src/resources/batches.ts',
  'src/resources/uploads/**/*.ts',
  'src/resources/vector-stores/**/*.ts',
  'src/resources/fine-tuning/**/*.ts',
];

const RESOURCE_RULE = ['require-resource-close'];

export const PRECISION_PACKAGES: readonly PrecisionPackage[] = [
  // A generated SDK client (Stainless), TypeScript sources shipped in src/.
  { name: 'openai', version: '7.60.0', kind: 'sdk', generated: true, syntactic: OPENAI_FILES, typed: OPENAI_FILES },
  // A hand-written SDK with servers, clients and example programs; JavaScript typed by the .d.ts beside it.
  {
    name: '@modelcontextprotocol/sdk',
    version: '1.32.2',
    kind: 'sdk',
    syntactic: ['dist/esm/**/*.js'],
    typed: ['dist/esm/**/*.js'],
  },
  // A worker pool, TypeScript sources shipped in src/.
  { name: 'piscina', version: '5.3.2', kind: 'worker pool', syntactic: ['src/**/*.ts'], typed: ['src/**/*.ts'] },
  // Job runners and schedulers.
  {
    name: 'graphile-worker',
    version: '0.18.0',
    kind: 'job runner',
    syntactic: ['dist/**/*.js'],
    typed: ['dist/**/*.js'],
  },
  { name: 'bullmq', version: '6.7.6', kind: 'job runner', syntactic: ['dist/esm/**/*.js'] },
  { name: 'agenda', version: '6.2.6', kind: 'job runner', syntactic: ['dist/**/*.js'] },
  { name: 'bree', version: '9.2.9', kind: 'job runner', syntactic: ['src/**/*.js'] },
  { name: 'node-cron', version: '4.6.0', kind: 'job runner', syntactic: ['dist/*.js'] },
  // A process manager.
  { name: 'pm2', version: '7.0.4', kind: 'process manager', syntactic: ['lib/**/*.js', 'index.js'] },
  // A server.
  { name: '@hono/node-server', version: '2.1.11', kind: 'server', syntactic: ['dist/**/*.mjs'] },
  // HTTP clients.
  {
    name: 'got',
    version: '16.2.0',
    kind: 'http client',
    syntactic: ['dist/source/**/*.js'],
    typed: ['dist/source/**/*.js'],
  },
  { name: 'ky', version: '2.1.0', kind: 'http client', syntactic: ['distribution/**/*.js'] },
  // A command-line tool that spawns git and talks to GitHub/GitLab/npm.
  { name: 'release-it', version: '21.1.2', kind: 'cli', syntactic: ['lib/**/*.js'] },
  // A job queue on Postgres with its own CLI; JavaScript typed by the .d.ts beside it.
  { name: 'pg-boss', version: '12.38.0', kind: 'job runner', syntactic: ['dist/**/*.js'], typed: ['dist/**/*.js'] },
  // An HTTP/WebSocket reverse proxy library.
  { name: 'http-proxy', version: '1.18.1', kind: 'http proxy', syntactic: ['index.js', 'lib/**/*.js'] },
  // A static file server CLI (with a proxy fallback).
  { name: 'http-server', version: '14.1.1', kind: 'server', syntactic: ['lib/**/*.js'] },
  // File watchers that restart or run a command: a process supervisor CLI and a thin one.
  { name: 'nodemon', version: '3.1.14', kind: 'file watcher', syntactic: ['lib/**/*.js', 'bin/*.js'] },
  { name: 'chokidar-cli', version: '3.0.0', kind: 'file watcher', syntactic: ['*.js'] },
  // A database migration tool: a CLI that holds a database connection while it runs migrations.
  {
    name: 'node-pg-migrate',
    version: '9.0.0',
    kind: 'migration tool',
    syntactic: ['dist/bundle/**/*.js', 'bin/*.ts'],
  },
  // Redis-backed job queues (workers that hold connections and run jobs in the background).
  { name: 'bull', version: '4.16.5', kind: 'job runner', syntactic: ['index.js', 'lib/**/*.js'] },
  { name: 'bee-queue', version: '2.0.0', kind: 'job runner', syntactic: ['index.js', 'lib/**/*.js'] },
  // Command-line servers: a static file server, a REST mock server, a tunnel client.
  { name: 'serve', version: '14.2.8', kind: 'server', syntactic: ['build/**/*.js'] },
  { name: 'json-server', version: '0.17.4', kind: 'server', syntactic: ['lib/**/*.js'] },
  { name: 'localtunnel', version: '2.0.2', kind: 'cli', syntactic: ['bin/*.js', 'lib/**/*.js', 'localtunnel.js'] },
  // Development servers and restarters: a bundler's dev server, a live-reload server, a TypeScript restarter.
  { name: 'webpack-dev-server', version: '6.1.0', kind: 'server', syntactic: ['bin/*.js', 'lib/**/*.js'] },
  { name: 'live-server', version: '1.2.2', kind: 'server', syntactic: ['*.js'] },
  { name: 'ts-node-dev', version: '2.0.0', kind: 'file watcher', syntactic: ['lib/**/*.js'] },
  // A process supervisor CLI.
  { name: 'forever', version: '4.0.3', kind: 'process manager', syntactic: ['bin/*', 'lib/**/*.js'] },
  // Chosen before their findings were seen (issue #15, second round).
  // A command-line tool that starts a server (with a watch mode that forks and restarts it).
  { name: 'fastify-cli', version: '8.0.2', kind: 'cli', syntactic: ['*.js', 'lib/**/*.js'] },
  // Server libraries: a WebSocket server/client and a realtime server over it; socket.io ships .d.ts beside its JavaScript.
  { name: 'ws', version: '8.23.1', kind: 'server', syntactic: ['index.js', 'wrapper.mjs', 'lib/**/*.js'] },
  {
    name: 'socket.io',
    version: '4.8.4',
    kind: 'server',
    syntactic: ['wrapper.mjs', 'dist/**/*.js'],
    typed: ['dist/**/*.js'],
  },
  // Message-queue clients with long-running consumers: Kafka, AMQP, and MQTT (with its own command-line tools).
  { name: 'kafkajs', version: '2.2.4', kind: 'queue client', syntactic: ['index.js', 'src/**/*.js'] },
  {
    name: 'amqplib',
    version: '2.3.1',
    kind: 'queue client',
    syntactic: ['channel_api.js', 'callback_api.js', 'lib/**/*.js'],
  },
  { name: 'mqtt', version: '5.16.0', kind: 'queue client', syntactic: ['build/**/*.js'], typed: ['build/**/*.js'] },
  // A command-line tool, shipped as a bundle, that runs npm/yarn/pnpm and queries the registry.
  { name: 'npm-check-updates', version: '23.1.1', kind: 'cli', syntactic: ['build/**/*.js'] },
  // An SDK whose apps are servers (HTTP and socket-mode receivers); JavaScript typed by the .d.ts beside it.
  { name: '@slack/bolt', version: '5.1.0', kind: 'sdk', syntactic: ['dist/**/*.js'], typed: ['dist/**/*.js'] },
  // Programs that open what require-resource-close looks for (issue #19), measured for that rule
  // only: child processes (concurrently), Redis connections and an Express server (redis-commander).
  {
    name: 'concurrently',
    version: '10.1.0',
    kind: 'process manager',
    syntactic: ['dist/**/*.js'],
    rules: RESOURCE_RULE,
  },
  {
    name: 'redis-commander',
    version: '0.9.0',
    kind: 'server',
    syntactic: ['bin/*.js', 'lib/**/*.js'],
    rules: RESOURCE_RULE,
  },
];
