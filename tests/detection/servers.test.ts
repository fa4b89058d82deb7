/**
 * The server table (`detection/servers.ts`): which factory made an app (and so how a graceful
 * shutdown closes it), and which calls start a listening server, in both AST dialects.
 */
import { parse as parseTypeScriptEstree } from '@typescript-eslint/typescript-estree';
import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { type AnyNode, child, children, unwrap } from '../../detection/ast.js';
import { collectImports } from '../../detection/imports.js';
import { isListeningStarter, serverLibraryOf } from '../../detection/servers.js';

const dialects = {
  'typescript-estree': (text: string) => parseTypeScriptEstree(text, { loc: true, range: true }) as unknown as AnyNode,
  babel: (text: string) => jscodeshift.withParser('babylon')(text).get().node.program as AnyNode,
};

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

describe.each(Object.entries(dialects))('server table (%s)', (_, parse) => {
  it.each([
    [`import Fastify from 'fastify';\nconst app = Fastify({ logger: true });`, 'fastify', 'app-close'],
    [`const app = require('fastify')({ logger: true });`, 'fastify', 'app-close'],
    [`const { fastify } = require('fastify');\nconst app = fastify();`, 'fastify', 'app-close'],
    [`import express from 'express';\nconst app = express();`, 'express', 'closeServer'],
    [`const Koa = require('koa');\nconst app = new Koa();`, 'koa', 'closeServer'],
    [`import { createServer } from 'node:http';\nconst server = createServer(handle);`, 'http', 'closeServer'],
  ])('%s → %s, closed by %s', (code, module, closing) => {
    const program = parse(code);
    expect(serverLibraryOf(lastInit(program), collectImports(program))).toEqual({ module, closing });
  });

  it.each([
    `import polka from 'polka';\nconst app = polka();`,
    `const app = makeApp();`,
    `import { Router } from 'express';\nconst router = Router();`,
    `const app = require('constructor')();`,
    `import { toString } from 'fastify';\nconst app = toString();`,
  ])('not a known app factory: %s', (code) => {
    const program = parse(code);
    expect(serverLibraryOf(lastInit(program), collectImports(program))).toBeUndefined();
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
