/**
 * The one name-resolution interface (docs/architecture.md §8): a predicate that must know what a
 * name is bound to takes a `NameResolver`. Rules build it from ESLint's scope analysis
 * (`rules/eslint-scope.ts`), `graceful-main` from `scopeFromProgram` (`detection/promise-apis.ts`),
 * `thread-signal` from the type checker (`codemods/thread-signal/table.ts`).
 */
import type { AnyNode } from './ast.js';

/** What a name refers to in the file being analysed. */
export type NameResolution =
  /** Not declared in the file. */
  | { readonly kind: 'global' }
  /** An import, or a `require` binding. */
  | { readonly kind: 'import' }
  | { readonly kind: 'function'; readonly node: AnyNode }
  | { readonly kind: 'class'; readonly node: AnyNode }
  /** A binding that is never reassigned, with its initialiser (`const p = fetch(url)`). */
  | { readonly kind: 'value'; readonly init: AnyNode }
  /** Something local the resolver cannot say more about (a parameter, a reassigned variable, …). */
  | { readonly kind: 'unknown' };

/** What an identifier refers to. */
export type NameResolver = (identifier: AnyNode) => NameResolution;

export const GLOBAL_BINDING: NameResolution = { kind: 'global' };
export const IMPORT_BINDING: NameResolution = { kind: 'import' };
export const UNKNOWN_BINDING: NameResolution = { kind: 'unknown' };
