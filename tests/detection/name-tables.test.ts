// Tables indexed by names from user code must never answer for `Object.prototype` keys: a method
// called `toString` or a module called `constructor` starts no work and makes no finding.
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../packages/eslint-plugin-graceful-shutdown/index.js';
import {
  type AnyNode,
  collectImports,
  findWorkStarters,
  nodePromiseExports,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/index.js';

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);

function parse(code: string): AnyNode {
  return tsParser.parse(code, {
    sourceType: 'module',
    ecmaVersion: 'latest',
    range: true,
    loc: true,
  }) as unknown as AnyNode;
}

/** Every place a name from the code meets a table: a method, a global, an import and a module. */
const programUsing = (key: string): string => `#!/usr/bin/env node
import * as whole from '${key}';
import { ${key} as named } from 'node:fs';
import fallback, { ${key} as member } from '${key}';
const text = Buffer.from('a').${key}();
${key}();
new ${key}();
whole.${key}();
named();
member();
fallback();
globalThis.${key}();
`;

describe('tables indexed by names from the code', () => {
  it('lists the prototype keys it feeds', () => {
    expect(PROTOTYPE_KEYS).toEqual(expect.arrayContaining(['toString', 'hasOwnProperty', 'constructor', '__proto__']));
  });

  it.each(PROTOTYPE_KEYS)('%s starts no work', (key) => {
    const program = parse(programUsing(key));
    expect(findWorkStarters(program, { imports: collectImports(program) })).toEqual([]);
  });

  it.each(PROTOTYPE_KEYS)('%s is not a module with promise APIs', (key) => {
    expect(nodePromiseExports(key)).toBeUndefined();
  });

  it.each(PROTOTYPE_KEYS)('%s makes no finding with any rule, default or strict', (key) => {
    for (const config of [plugin.configs.recommended, plugin.configs.strict]) {
      const messages = new Linter({ configType: 'flat' }).verify(
        programUsing(key),
        [
          config as Linter.Config,
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tsParser, sourceType: 'module' },
          },
        ],
        { filename: 'bin/cli.ts' },
      );
      expect(messages).toEqual([]);
    }
  });
});
