// Type-aware mode on JavaScript files of a TypeScript program (`allowJs`), as a typed lint of a
// package's JavaScript runs. Some calls are answered from syntax without asking the checker
// (`list.push(…)` on an own array literal, `f()` for an own function that returns nothing); these
// cases fail if that shortcut ever ignored what gives a JavaScript binding another type: JSDoc, a
// JSDoc cast, or another script file declaring the same global.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/no-unmanaged-promises.js';
import { lintTypedJavaScript } from './typed-parser-options.js';

const project = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/rules/no-unmanaged-promises-js',
);

// `always`: a promise that cannot reject is still reported (as untracked), so a call the shortcut
// wrongly answered would go missing from the findings.
const findings = async (file: string) =>
  (await lintTypedJavaScript(project, file, rule, { checkUntracked: 'always' })).map(({ line, messageId }) => ({
    line,
    messageId,
  }));

describe('no-unmanaged-promises (typeAware) on JavaScript', () => {
  it('in a module: JSDoc on a function or an array, and a JSDoc cast, give the call a promise type', async () => {
    expect(await findings('module.js')).toEqual([
      { line: 23, messageId: 'untrackedAlways' }, // later(): @returns {Promise<void>}, an empty body cannot reject
      { line: 25, messageId: 'unhandled' }, // documented.push(1): @type {Queue}
      { line: 26, messageId: 'unhandled' }, // cast.push(1): /** @type {Queue} */ ([])
    ]);
  });

  it('a `require(…)` floats the module it loads, whatever `require` itself is typed', async () => {
    // `require` has no declaration here (no Node types): a callee typed `any` would make any other
    // call `any`, but TypeScript types a JavaScript `require` as the module, a promise here.
    expect(await findings('load.js')).toEqual([{ line: 3, messageId: 'unhandled' }]);
  });

  it("in a script: a global array literal is another script's queue when that script declared it first", async () => {
    expect(await findings('script.js')).toEqual([{ line: 6, messageId: 'unhandled' }]);
  });
});
