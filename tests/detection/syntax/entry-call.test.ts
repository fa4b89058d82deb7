/** Taking an entry call's spelling apart: guards, `void`/`await`/assignment, promise chains, async IIFEs. */
import { describe, expect, it } from 'vitest';
import {
  type AnyNode,
  child,
  memberPath,
} from '../../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import {
  asyncIifeFunction,
  entryCallChain,
  entryCallSlot,
  peelEntryGuard,
  rootCallOf,
} from '../../../packages/eslint-plugin-graceful-shutdown/detection/syntax/entry-call.js';
import { promiseChainLinks } from '../../../packages/eslint-plugin-graceful-shutdown/detection/syntax/promise-chain.js';
import { DIALECTS, firstExpression, firstStatement } from '../../support/parse-dialects.js';

const calleeOf = (call: AnyNode | undefined): string | undefined => memberPath(child(call ?? { type: 'x' }, 'callee'));

describe.each(DIALECTS)('entry calls (%s)', (dialect) => {
  it('peels every `&&` of a guard, and nothing else', () => {
    expect(calleeOf(peelEntryGuard(firstExpression(dialect, 'require.main === module && ready && main();')))).toBe(
      'main',
    );
    expect(peelEntryGuard(firstExpression(dialect, 'ready || main();'))?.type).toBe('LogicalExpression');
  });

  it('gives the slot of a guarded call, so a rewrite keeps the guard', () => {
    const statement = firstStatement(dialect, 'require.main === module && main();');
    const slot = entryCallSlot(statement);
    expect(slot.key).toBe('right');
    expect(calleeOf(slot.owner[slot.key] as AnyNode)).toBe('main');
    const plain = firstStatement(dialect, 'main();');
    expect(entryCallSlot(plain)).toEqual({ owner: plain, key: 'expression' });
  });

  it('follows void, await, an assignment and chain links to the root call, first link first', () => {
    const expression = firstExpression(
      dialect,
      'process.exitCode = void (await main().then(ok)).catch(fail).finally(done);',
    );
    const { call, links } = entryCallChain(expression);
    expect(calleeOf(call)).toBe('main');
    expect(links.map((link) => link.method)).toEqual(['then', 'catch', 'finally']);
    expect(rootCallOf(expression)).toEqual({ call, chained: true });
    expect(rootCallOf(firstExpression(dialect, 'void main();')).chained).toBe(false);
  });

  it('stops at a call that is not a chain link', () => {
    const expression = firstExpression(dialect, 'main().then(ok).pipe(out);');
    const { call, links } = entryCallChain(expression);
    expect(call).toBe(expression);
    expect(links).toEqual([]);
  });

  it('finds the async function of an IIFE, called or `.call`ed', () => {
    expect(asyncIifeFunction(firstExpression(dialect, '(async () => {})();'))?.type).toBe('ArrowFunctionExpression');
    expect(asyncIifeFunction(firstExpression(dialect, '(async function () {}).call(this);'))).toBeDefined();
    expect(asyncIifeFunction(firstExpression(dialect, '(() => {})();'))).toBeUndefined();
  });
});

describe.each(DIALECTS)('promise chains (%s)', (dialect) => {
  it('lists consecutive links and the expression they start from', () => {
    const { base, links } = promiseChainLinks(firstExpression(dialect, 'load(x).then(a, b).catch(c);'));
    expect(calleeOf(base)).toBe('load');
    expect(links.map((link) => link.method)).toEqual(['then', 'catch']);
  });

  it('does not look through `await`', () => {
    const { base, links } = promiseChainLinks(firstExpression(dialect, '(await load()).then(a);'));
    expect(base?.type).toBe('AwaitExpression');
    expect(links).toHaveLength(1);
  });
});
