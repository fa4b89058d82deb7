/** The one reader of a property's or class member's static key, in every dialect. */
import { describe, expect, it } from 'vitest';
import {
  type AnyNode,
  child,
  children,
  keyName,
} from '../../../packages/eslint-plugin-graceful-shutdown/detection/syntax/ast.js';
import { DIALECTS, firstExpression, firstStatement } from '../../support/parse-dialects.js';

const NONE: AnyNode = { type: 'None' };

const objectKeys = (dialect: (typeof DIALECTS)[number], source: string): Array<string | undefined> =>
  children(firstExpression(dialect, `(${source})`) ?? NONE, 'properties').map(keyName);

const classKeys = (dialect: (typeof DIALECTS)[number], source: string): Array<string | undefined> => {
  const body = child(firstStatement(dialect, source), 'body') ?? NONE;
  return children(body, 'body').map(keyName);
};

describe.each(DIALECTS)('keyName (%s)', (dialect) => {
  it('reads identifier, string and computed string keys of object literals', () => {
    expect(objectKeys(dialect, `{ signal, 'run': 1, ['stop']: 2, [name]: 3, [\`x\${y}\`]: 4 }`)).toEqual([
      'signal',
      'run',
      'stop',
      undefined,
      undefined,
    ]);
  });

  it('reads class members, private ones without the #', () => {
    expect(classKeys(dialect, `class A { ready = 1; #close() {} static ['make']() {} [key]() {} }`)).toEqual([
      'ready',
      'close',
      'make',
      undefined,
    ]);
  });

  it('never turns a computed identifier into its name', () => {
    // `{ [signal]: x }` is keyed by the variable's value, not by "signal".
    expect(objectKeys(dialect, '{ [signal]: x }')).toEqual([undefined]);
  });
});
