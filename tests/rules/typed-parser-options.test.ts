// typescript-eslint keeps one project service per process, and the rule suites share a worker: a typed
// suite with its own default project would change what every later typed suite's virtual files resolve.
import fs from 'node:fs';
import path from 'node:path';
import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { typedParserOptions } from './typed-parser-options.js';

const testsDir = path.resolve(import.meta.dirname, '..');
const fixturesDir = path.resolve(import.meta.dirname, '../../fixtures/rules');
/** The helper that holds the shared options, and this test, which names them. */
const allowed = new Set([path.join(import.meta.dirname, 'typed-parser-options.ts'), import.meta.filename]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => path.join(dir, name));
}

/** The type TypeScript gives the first statement's expression in a virtual file under `dir`. */
function firstExpressionType(dir: string, code: string): string {
  const { ast, services } = parseForESLint(code, {
    sourceType: 'module',
    filePath: path.join(dir, 'typed-parser-options.ts'),
    ...typedParserOptions(dir),
  });
  const statement = ast.body.find((node): node is TSESTree.ExpressionStatement => node.type === 'ExpressionStatement');
  if (statement === undefined || services.program === null) throw new Error(`no typed expression in ${dir}`);
  const checker = services.program.getTypeChecker();
  return checker.typeToString(checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(statement.expression)));
}

describe('typed rule tests share one default project', () => {
  it('no test file sets its own project service options', () => {
    const own = sourceFiles(testsDir).filter(
      (file) => !allowed.has(file) && file.endsWith('.ts') && fs.readFileSync(file, 'utf8').includes('projectService'),
    );
    expect(own.map((file) => path.relative(testsDir, file))).toEqual([]);
  });

  it.each(['no-unmanaged-promises', 'no-unmanaged-promises-node', 'require-signal-propagation'])(
    'a virtual file in fixtures/rules/%s resolves Node modules',
    (fixture) => {
      const code = `import { readFile } from 'node:fs/promises';
readFile('a.txt');`;
      expect(firstExpressionType(path.join(fixturesDir, fixture), code)).toMatch(/^Promise<\w+>$/);
    },
  );
});
