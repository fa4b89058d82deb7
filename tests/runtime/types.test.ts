// The `.ts` variant type-checks under the strictest settings users have, in ESM and CommonJS
// projects, and code written against it passes typescript-eslint's promise and method rules as it
// stands: `track(x)` is a statement of type void, and destructured members are not unbound methods.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHelperVariant } from '../../packages/graceful-shutdown-cli/codemods/helper/variants.js';

const root = new URL('../../', import.meta.url);

const APP = `import { createServer } from 'node:http';
import { closeServer, runMain, type MainContext, type RunMainOptions, type ShutdownReason } from './graceful-shutdown.js';

async function save(data: string, signal?: AbortSignal): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, data.length));
  signal?.throwIfAborted();
}

async function main({ signal, shutdown, track, defer }: MainContext): Promise<number> {
  const server = createServer((_req, res) => {
    track(save('request', signal), 'request');
    res.end('ok');
  });
  server.listen(0);
  const timer = setInterval(() => track(save('tick')), 1_000);
  defer(() => clearInterval(timer), 'ticker');
  const unregister = defer(async () => save('bye'));
  defer(() => console.error('interrupted'), { onlyOn: ['SIGINT'] });
  defer(() => undefined, { label: 'nothing' });
  unregister();
  track(save('data'));
  const reason: ShutdownReason = await shutdown;
  await closeServer(server);
  return reason === 'error' ? 1 : 0;
}

const options: RunMainOptions = { signals: ['SIGINT', 'SIGTERM', 'SIGHUP'], timeoutMs: 5_000, exitZeroOnSignal: true, log: (line) => console.error(line) };
runMain(main, options);
runMain(async (ctx) => {
  ctx.track(save('x'), 'x');
  ctx.defer(() => undefined);
});
`;

const STRICT: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noPropertyAccessFromIndexSignature: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noFallthroughCasesInSwitch: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'], // no DOM: what a Node project has
  types: ['node'],
  typeRoots: [fileURLToPath(new URL('node_modules/@types', root))],
  skipLibCheck: true,
  noEmit: true,
};

let dir = '';

async function project(type: 'module' | 'commonjs'): Promise<string> {
  const projectDir = join(dir, type);
  await mkdir(projectDir, { recursive: true });
  const template = await readFile(
    new URL('packages/graceful-shutdown-cli/codemods/helper/graceful-shutdown.ts', root),
    'utf8',
  );
  await writeFile(join(projectDir, 'package.json'), JSON.stringify({ type }));
  await writeFile(join(projectDir, 'graceful-shutdown.ts'), generateHelperVariant('ts', template, '0.0.0-test'));
  await writeFile(join(projectDir, 'app.ts'), APP);
  return projectDir;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'graceful-shutdown-types-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the .ts variant', () => {
  it.each(['module', 'commonjs'] as const)(
    'type-checks with a user program under strict settings (%s package)',
    async (type) => {
      const projectDir = await project(type);
      // A CommonJS TypeScript project writes `import` syntax compiled to require(), so it cannot use
      // verbatimModuleSyntax (that forbids ESM syntax in CommonJS files altogether).
      const options = type === 'module' ? STRICT : { ...STRICT, verbatimModuleSyntax: false, esModuleInterop: true };
      const program = ts.createProgram([join(projectDir, 'graceful-shutdown.ts'), join(projectDir, 'app.ts')], options);
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) =>
        ts.formatDiagnostic(d, {
          getCanonicalFileName: (f) => f,
          getCurrentDirectory: () => projectDir,
          getNewLine: () => '\n',
        }),
      );
      expect(diagnostics).toEqual([]);

      // Every `track(…)` / `ctx.track(…)` call in the app is an expression statement of type void.
      const checker = program.getTypeChecker();
      const app = program.getSourceFile(join(projectDir, 'app.ts'));
      const trackCalls: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && /(^|\.)track$/.test(node.expression.getText())) {
          expect(ts.isExpressionStatement(node.parent) || ts.isArrowFunction(node.parent)).toBe(true);
          trackCalls.push(checker.typeToString(checker.getTypeAtLocation(node)));
        }
        ts.forEachChild(node, visit);
      };
      if (app) visit(app);
      expect(trackCalls).toEqual(['void', 'void', 'void', 'void']);
    },
  );

  it("passes typescript-eslint's no-floating-promises, no-misused-promises and unbound-method as it stands", async () => {
    const projectDir = await project('module');
    await writeFile(
      join(projectDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2023'],
          types: ['node'],
          typeRoots: STRICT.typeRoots,
          skipLibCheck: true,
          noEmit: true,
        },
        files: ['app.ts', 'graceful-shutdown.ts'],
      }),
    );
    const eslint = new ESLint({
      cwd: projectDir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: {
            parser: tseslint.parser,
            parserOptions: { project: './tsconfig.json', tsconfigRootDir: projectDir },
          },
          plugins: { '@typescript-eslint': tseslint.plugin },
          rules: {
            '@typescript-eslint/no-floating-promises': 'error',
            '@typescript-eslint/no-misused-promises': 'error',
            '@typescript-eslint/unbound-method': 'error',
            '@typescript-eslint/await-thenable': 'error',
          },
        },
      ],
    });
    const results = await eslint.lintFiles(['app.ts', 'graceful-shutdown.ts']);
    const messages = results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId ?? ''} ${m.message}`),
    );
    expect(messages).toEqual([]);
  });
});
