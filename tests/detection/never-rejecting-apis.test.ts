// The table of Node APIs whose promise never rejects, looked up by the declaration a call resolves to.
import { describe, expect, it } from 'vitest';
import {
  type DeclarationLike,
  ambientModuleOf,
  isNeverRejectingDeclaration,
} from '../../packages/eslint-plugin-graceful-shutdown/detection/never-rejecting-apis.js';

/** A method declaration `method` of class `owner` inside `declare module 'module' { … }`, shaped as TypeScript's nodes are. */
function methodIn(module: string, owner: string, method: string): DeclarationLike {
  const moduleDeclaration: DeclarationLike = { name: { text: module, getText: () => `"${module}"` }, body: {} };
  const classDeclaration: DeclarationLike = { parent: moduleDeclaration, name: { text: owner }, members: [] };
  return { parent: classDeclaration, name: { text: method, getText: () => method } };
}

describe('never-rejecting Node APIs', () => {
  it("matches worker_threads' Worker#terminate under either module name", () => {
    expect(isNeverRejectingDeclaration(methodIn('worker_threads', 'Worker', 'terminate'))).toBe(true);
    expect(isNeverRejectingDeclaration(methodIn('node:worker_threads', 'Worker', 'terminate'))).toBe(true);
    expect(ambientModuleOf(methodIn('node:worker_threads', 'Worker', 'terminate'))).toBe('node:worker_threads');
  });

  it('does not match another method, class or module', () => {
    expect(isNeverRejectingDeclaration(methodIn('worker_threads', 'Worker', 'getHeapSnapshot'))).toBe(false);
    expect(isNeverRejectingDeclaration(methodIn('worker_threads', 'MessagePort', 'terminate'))).toBe(false);
    expect(isNeverRejectingDeclaration(methodIn('cluster', 'Worker', 'terminate'))).toBe(false);
  });

  it('never answers for Object.prototype keys', () => {
    for (const key of Object.getOwnPropertyNames(Object.prototype)) {
      expect(isNeverRejectingDeclaration(methodIn(key, key, key))).toBe(false);
      expect(isNeverRejectingDeclaration(methodIn('worker_threads', 'Worker', key))).toBe(false);
      expect(isNeverRejectingDeclaration(methodIn('worker_threads', key, 'terminate'))).toBe(false);
    }
  });
});
