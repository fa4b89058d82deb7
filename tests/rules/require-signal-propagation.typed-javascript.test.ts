// Type-aware mode on JavaScript files of a TypeScript program (`allowJs`), as a typed lint of a
// package's JavaScript runs: JSDoc gives a parameter its type. A parameter without JSDoc, of a
// function declaration or class method, is `any` to TypeScript, which the scope search answers
// without asking the checker; these cases fail if that shortcut ever ignored JSDoc.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/require-signal-propagation.js';
import { lintTypedJavaScript } from './typed-parser-options.js';

const project = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/rules/require-signal-propagation-js',
);

const findings = (file: string) => lintTypedJavaScript(project, file, rule, {});

describe('require-signal-propagation (typeAware) on JavaScript', () => {
  it('reads a parameter type from JSDoc, on a function declaration and on a class method', async () => {
    const messages = await findings('documented.js');
    expect(messages.map(({ line, messageId }) => ({ line, messageId }))).toEqual([
      { line: 3, messageId: 'missingSignal' },
      { line: 9, messageId: 'missingSignal' },
    ]);
    expect(messages[0]!.message).toContain('`options.signal`');
    expect(messages[1]!.message).toContain('`context.signal`');
  });

  it('reports nothing for the same code without JSDoc: the parameters are `any` and say nothing of a signal', async () => {
    expect(await findings('undocumented.js')).toEqual([]);
  });
});
