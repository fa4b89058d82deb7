/**
 * `resourceOf(expression, ancestors, program, imports)` in both AST dialects: ESTree from
 * typescript-estree (the rules) and Babel from jscodeshift (the codemods), with ancestors built by
 * a walk that keeps the path, as each tool has them.
 */
import { describe, expect, it } from 'vitest';
import {
  type AnyNode,
  child,
  children,
  collectImports,
  isNode,
  resourceOf,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/index.js';
import { type Dialect, parseProgram } from '../support/parse-dialects.js';

/** `name → row id` for every variable declarator of the file, resolved in its own scope. */
function resourcesIn(dialect: Dialect, code: string): Record<string, string | undefined> {
  const program = parseProgram(dialect, code);
  const imports = collectImports(program);
  const found: Record<string, string | undefined> = {};
  const visit = (node: AnyNode, ancestors: AnyNode[]): void => {
    if (node.type === 'VariableDeclarator') {
      const id = child(node, 'id');
      if (typeof id?.name === 'string')
        found[id.name] = resourceOf(child(node, 'init'), [...ancestors, node], program, imports)?.id;
    }
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'range' || key === 'parent') continue;
      const value = node[key];
      for (const item of Array.isArray(value) ? value : [value]) if (isNode(item)) visit(item, [...ancestors, node]);
    }
  };
  for (const statement of children(program, 'body')) visit(statement, []);
  return found;
}

const CODE = `import pg from 'pg';
import { Kafka } from 'kafkajs';
import express from 'express';
const { Worker } = require('node:worker_threads');
const kafka = new Kafka({ brokers });
const pool = new pg.Pool();
const app = express();
async function main() {
  const consumer = kafka.consumer({ groupId: 'g' });
  const server = app.listen(3000);
  const worker = new Worker('./task.js');
  const db = require('knex')({ client: 'pg' });
  const redis = new (require('ioredis'))();
  const other = other.consumer();
  const toString = kafka.toString();
  const proto = new pg.constructor();
}
`;

describe.each<Dialect>(['typescript-estree', 'babel-ts', 'babel-babylon'])('resourceOf (%s)', (dialect) => {
  it('resolves constructors, factories, requires and methods on a holder bound in an outer scope', () => {
    expect(resourcesIn(dialect, CODE)).toEqual({
      kafka: 'kafkajs.Kafka',
      pool: 'pg.Pool',
      app: 'express.app',
      consumer: 'kafkajs.client',
      server: 'express.server',
      worker: 'worker_threads.Worker',
      db: 'knex',
      redis: 'ioredis.Redis',
      other: undefined,
      toString: undefined,
      proto: undefined,
    });
  });
});
