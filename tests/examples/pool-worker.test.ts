// The README's before/after of a service with a database pool and a queue worker is
// examples/pool-worker/{before,after}.ts, word for word: under the `strict` config the "before" gets
// require-resource-close for both resources (and the signal listener's findings), the "after" gets
// nothing.
import { readFileSync } from 'node:fs';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../packages/eslint-plugin-graceful-shutdown/index.js';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

function lint(code: string): string[] {
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, sourceType: 'module' },
      },
      plugin.configs.strict as Linter.Config,
    ],
    { filename: 'bin/worker.ts' },
  );
  return messages.map((message) =>
    message.fatal ? `fatal: ${message.message}` : `${message.line} ${message.ruleId} ${message.messageId}`,
  );
}

describe('README before/after: a pool and a queue worker', () => {
  const readme = read('README.md');

  it.each(['before', 'after'])('the README shows examples/pool-worker/%s.ts as it is', (name) => {
    expect(readme).toContain(`\`\`\`ts\n${read(`examples/pool-worker/${name}.ts`)}\`\`\``);
  });

  it('before: neither the pool nor the worker is closed on shutdown', () => {
    expect(lint(read('examples/pool-worker/before.ts'))).toEqual([
      '6 graceful-shutdown/require-resource-close notClosed',
      '7 graceful-shutdown/require-resource-close notClosed',
      '15 graceful-shutdown/require-signal-cancellation noCancellationExits',
      '17 graceful-shutdown/no-exit-before-drain exitInSignalListener',
    ]);
  });

  it('after: nothing reported', () => {
    expect(lint(read('examples/pool-worker/after.ts'))).toEqual([]);
  });

  it('after, without its defers: both resources reported', () => {
    const undeferred = read('examples/pool-worker/after.ts').replace(/^ *defer\(.*\);\n/gm, '');
    expect(lint(undeferred)).toEqual([
      '8 graceful-shutdown/require-resource-close notDeferred',
      '9 graceful-shutdown/require-resource-close notDeferred',
    ]);
  });
});
