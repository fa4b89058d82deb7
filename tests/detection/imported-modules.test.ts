// Following an entrypoint's relative imports: within the package, bounded, each file parsed once per version.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as espree from 'espree';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AnyNode,
  type ModuleParser,
  child,
  children,
  clearImportedModuleCache,
  clearProjectCaches,
  collectImports,
  factsOfFile,
  handlingModule,
  importedDamagingWork,
  moduleStartsDamagingWork,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/index.js';

const root = path.join(os.tmpdir(), `gs-imported-modules-${process.pid}`);
const pkg = path.join(root, 'pkg');
const file = (relative: string): string => path.join(pkg, relative);

let parses = 0;
const parse: ModuleParser = (text) => {
  parses++;
  return espree.parse(text, {
    ecmaVersion: 'latest',
    sourceType: 'module',
    range: true,
    loc: true,
  }) as unknown as AnyNode;
};
const parseEntry = (text: string): AnyNode =>
  espree.parse(text, { ecmaVersion: 'latest', sourceType: 'module', range: true }) as unknown as AnyNode;

const HANDLER = `const stop = () => server.close();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
`;

/** `chain/m0.js` imports `m1.js` … up to `m<length-1>.js`, which holds the handler. */
function writeChain(length: number): void {
  for (let i = 0; i < length; i++)
    writeFileSync(file(`chain/m${i}.js`), i === length - 1 ? HANDLER : `import './m${i + 1}.js';\n`);
}

beforeAll(() => {
  mkdirSync(file('chain'), { recursive: true });
  mkdirSync(file('lib'), { recursive: true });
  mkdirSync(path.join(root, 'outside'), { recursive: true });
  writeFileSync(file('package.json'), JSON.stringify({ name: 'pkg', type: 'module' }));
  writeFileSync(path.join(root, 'outside', 'handler.js'), HANDLER);
  writeFileSync(file('lib/logs.js'), `process.on('SIGINT', () => { console.log('bye'); process.exit(0); });\n`);
  writeFileSync(
    file('lib/server.js'),
    `import http from 'node:http';\nexport const start = () => http.createServer().listen(0);\n`,
  );
  writeFileSync(file('lib/app.js'), `export { start } from './server.js';\n`);
  writeFileSync(file('lib/print.js'), `export const show = async (url) => console.log(await fetch(url));\n`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  clearProjectCaches();
  clearImportedModuleCache();
  parses = 0;
});

const handledBy = (entry: string, text: string): string | undefined =>
  handlingModule(file(entry), parseEntry(text), text, { parse });

describe('handlingModule', () => {
  it('finds a cancelling listener four imports away, not five', () => {
    writeChain(4);
    expect(handledBy('bin.js', `import './chain/m0.js';`)).toBe(file('chain/m3.js'));
    writeChain(5);
    clearProjectCaches();
    clearImportedModuleCache();
    expect(handledBy('bin.js', `import './chain/m0.js';`)).toBeUndefined();
  });

  it('follows import(), require() and re-exports, but never leaves the package', () => {
    writeChain(1);
    expect(handledBy('bin.js', `await import('./chain/m0.js');`)).toBe(file('chain/m0.js'));
    expect(handledBy('bin.js', `const run = require('./chain/m0');`)).toBe(file('chain/m0.js'));
    expect(handledBy('bin.js', `import '../outside/handler.js';`)).toBeUndefined();
  });

  it('does not count a listener that only logs and exits', () => {
    expect(handledBy('bin.js', `import './lib/logs.js';`)).toBeUndefined();
  });

  it('reads and parses each file once per version', () => {
    writeChain(2);
    handledBy('bin.js', `import './chain/m0.js';`);
    handledBy('other.js', `import './chain/m0.js';`);
    expect(parses).toBe(2);
    writeFileSync(file('chain/m1.js'), `${HANDLER}// edited\n`);
    clearProjectCaches(); // the file's stamp is trusted for a second: forget it as an editor would after that
    handledBy('bin.js', `import './chain/m0.js';`);
    expect(parses).toBe(3);
  });
});

describe('moduleStartsDamagingWork', () => {
  it('sees a server behind a re-export, and not a module that only prints', () => {
    expect(moduleStartsDamagingWork(file('lib/app.js'), { parse })).toBe(true);
    expect(moduleStartsDamagingWork(file('lib/print.js'), { parse })).toBe(false);
  });

  it('treats a module it cannot read or parse as unknown', () => {
    expect(factsOfFile(file('lib/missing.js'), { parse })).toBeUndefined();
    expect(factsOfFile(file('lib/print.js'), { parse: () => undefined })).toBeUndefined();
  });
});

describe('importedDamagingWork', () => {
  /** The entry's last statement's expression, and what it runs in the package. */
  const workOf = (entryText: string): ReturnType<typeof importedDamagingWork> => {
    const entry = parseEntry(entryText);
    const last = children(entry, 'body').at(-1)!;
    const node = last.type === 'ExpressionStatement' ? child(last, 'expression')! : last;
    return importedDamagingWork(node, collectImports(entry), file('bin.js'), { parse });
  };

  it('names the module and line where the work that a call of an imported function runs starts', () => {
    expect(workOf(`import { start } from './lib/app.js';\nstart();\n`)).toEqual({
      file: file('lib/server.js'),
      label: '`http.createServer(…).listen()`',
      line: 2,
    });
  });

  it('follows require() and a side-effect import, not a module that only prints', () => {
    expect(workOf(`require('./lib/app.js');\n`)?.file).toBe(file('lib/server.js'));
    expect(workOf(`import './lib/server.js';\n`)?.file).toBe(file('lib/server.js'));
    expect(workOf(`import { show } from './lib/print.js';\nshow('x');\n`)).toBeUndefined();
    expect(workOf(`import { start } from 'some-package';\nstart();\n`)).toBeUndefined();
  });
});
