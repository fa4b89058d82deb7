/**
 * The server rows of the resource table (`detection/resources.ts`): which factory made an app or a
 * server (and so how a graceful shutdown closes it), and which calls start a listening server, in
 * both AST dialects.
 */
import { describe, expect, it } from 'vitest';
import {
  type AnyNode,
  child,
  children,
  unwrap,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import { collectImports } from '../../packages/eslint-plugin-graceful-shutdown/detection/imports.js';
import {
  isListeningStarter,
  resourceCreatedBy,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/resources.js';
import { type Dialect, parseProgram } from '../support/parse-dialects.js';

/** The initialiser of the file's last `const`. */
function lastInit(program: AnyNode): AnyNode | undefined {
  const declarations = children(program, 'body').filter((statement) => statement.type === 'VariableDeclaration');
  return unwrap(child(children(declarations.at(-1)!, 'declarations')[0]!, 'init'));
}

/** The file's last expression statement's expression. */
function lastExpression(program: AnyNode): AnyNode | undefined {
  const statements = children(program, 'body').filter((statement) => statement.type === 'ExpressionStatement');
  return unwrap(child(statements.at(-1)!, 'expression'));
}

const serverOf = (init: AnyNode | undefined, program: AnyNode) => {
  const row = resourceCreatedBy(init, collectImports(program), () => undefined);
  return row && { id: row.id, server: row.server };
};

describe.each<Dialect>(['typescript-estree', 'babel-babylon'])('server rows of the resource table (%s)', (dialect) => {
  const parse = (text: string): AnyNode => parseProgram(dialect, text);
  it.each([
    [`import Fastify from 'fastify';\nconst app = Fastify({ logger: true });`, 'fastify.app', 'closes-itself'],
    [`const app = require('fastify')({ logger: true });`, 'fastify.app', 'closes-itself'],
    [`const { fastify } = require('fastify');\nconst app = fastify();`, 'fastify.app', 'closes-itself'],
    [
      `import { NestFactory } from '@nestjs/core';\nconst app = await NestFactory.create(AppModule);`,
      'nestjs.app',
      'closes-itself',
    ],
    [`import express from 'express';\nconst server = express().listen(3000);`, 'express.server', 'http'],
    [`const Koa = require('koa');\nconst server = new Koa().listen(3000);`, 'koa.server', 'http'],
    [`import connect from 'connect';\nconst server = connect().listen(3000);`, 'connect.server', 'http'],
    [`import { createServer } from 'node:http';\nconst server = createServer(handle);`, 'http.createServer', 'http'],
    [`const https = require('https');\nconst server = new https.Server(options, handle);`, 'http.Server', 'http'],
  ])('%s → %s, closed as %s', (code, id, server) => {
    const program = parse(code);
    expect(serverOf(lastInit(program), program)).toEqual({ id, server });
  });

  it('an app holder is not itself a server to close: `express()`, `new Koa()`', () => {
    const express = parse(`import express from 'express';\nconst app = express();`);
    expect(serverOf(lastInit(express), express)).toEqual({ id: 'express.app', server: undefined });
  });

  it.each([
    `import polka from 'polka';\nconst app = polka();`,
    `const app = makeApp();`,
    `import { Router } from 'express';\nconst router = Router();`,
    `const app = require('constructor')();`,
    `import { toString } from 'fastify';\nconst app = toString();`,
  ])('not a known app factory: %s', (code) => {
    const program = parse(code);
    expect(serverOf(lastInit(program), program)).toBeUndefined();
  });

  it('serve() of @hono/node-server starts a listening server; a local serve() does not', () => {
    const hono = parse(`import { serve } from '@hono/node-server';\nserve({ fetch, port: 3000 });`);
    expect(isListeningStarter(lastExpression(hono), collectImports(hono))).toBe(true);
    const local = parse(`function serve() {}\nserve({ fetch, port: 3000 });`);
    expect(isListeningStarter(lastExpression(local), collectImports(local))).toBe(false);
    const prototypeKey = parse(`const { constructor } = require('@hono/node-server');\nconstructor();`);
    expect(isListeningStarter(lastExpression(prototypeKey), collectImports(prototypeKey))).toBe(false);
  });
});
