// What each export of a module runs when called or constructed, ESM and CommonJS.
import * as espree from 'espree';
import { describe, expect, it } from 'vitest';
import { type AnyNode } from '../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import { moduleExports } from '../../packages/eslint-plugin-graceful-shutdown/detection/module-exports.js';

const parse = (text: string, sourceType: 'module' | 'commonjs' = 'module'): AnyNode =>
  espree.parse(text, { ecmaVersion: 'latest', sourceType, range: true, loc: true }) as unknown as AnyNode;

/** Each export: `re-export <source>#<name>`, or the types of the roots of its code. */
function describeExports(text: string, sourceType?: 'module' | 'commonjs'): Record<string, string> {
  const { named } = moduleExports(parse(text, sourceType));
  return Object.fromEntries(
    [...named].map(([name, entry]) => [
      name,
      entry.kind === 're-export'
        ? `re-export ${entry.source}#${entry.imported}`
        : entry.roots.map((root) => root.type).join(','),
    ]),
  );
}

describe('moduleExports', () => {
  it('gives a function its body, a class what constructing it runs, and a re-export its module', () => {
    expect(
      describeExports(`import { helper } from './helper.js';
export function validate(options) { return options; }
export const start = () => helper();
export default class Db {
  pool = null;
  constructor(config) { this.config = config; }
  async open() {}
  static { register(Db); }
}
export { helper as run } from './helper.js';
function local() {}
export { local as renamed };`),
    ).toEqual({
      validate: 'BlockStatement',
      start: 'CallExpression',
      default: 'Literal,BlockStatement,StaticBlock',
      run: 're-export ./helper.js#helper',
      renamed: 'BlockStatement',
    });
  });

  it('gives an exported object its function members, and leaves out values of other shapes', () => {
    expect(
      describeExports(`export const clock = { now: () => Date.now(), zone: 'UTC' };
export const client = makeClient();
export * from './more.js';`),
    ).toEqual({ 'clock.now': 'CallExpression' });
    expect(moduleExports(parse(`export * from './more.js';\nexport * as ns from './ns.js';`)).starSources).toEqual([
      './more.js',
    ]);
  });

  it('reads module.exports and exports assignments', () => {
    expect(
      describeExports(
        `function run(task) { return spawn(task); }
module.exports = { run, describe: (task) => task };
module.exports.version = function version() { return 1; };
exports.stop = () => {};`,
        'commonjs',
      ),
    ).toEqual({
      run: 'BlockStatement',
      describe: 'Identifier',
      'default.run': 'BlockStatement',
      'default.describe': 'Identifier',
      '*.run': 'BlockStatement',
      '*.describe': 'Identifier',
      version: 'BlockStatement',
      stop: 'BlockStatement',
    });
    expect(describeExports(`module.exports = async function main() {};`, 'commonjs')).toEqual({
      default: 'BlockStatement',
      '*': 'BlockStatement',
    });
  });
});
