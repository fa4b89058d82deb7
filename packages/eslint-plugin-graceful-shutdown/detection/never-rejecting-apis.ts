/**
 * THE table of Node APIs whose promise never rejects (docs/architecture.md §4, promises that cannot
 * reject): dropping one leaves nothing unhandled. Matched with types only, by the declaration the
 * type checker resolves a call to (`@types/node` declares each module as `declare module 'x'` or
 * `'node:x'`), so a method of the same name on another class never matches.
 * Extend rows here, never in a rule; each row says where Node documents or implements it.
 */

/** One API: `module` without `node:`, the class or interface that declares it, the method. */
export interface NeverRejectingApi {
  readonly module: string;
  readonly owner: string;
  readonly method: string;
  /** Why it cannot reject, for the reader. */
  readonly why: string;
}

export const NEVER_REJECTING_APIS: readonly NeverRejectingApi[] = [
  {
    module: 'worker_threads',
    owner: 'Worker',
    method: 'terminate',
    why: "resolves with the exit code once the worker's 'exit' event fires (lib/internal/worker.js); it has no failure path",
  },
];

const keyOf = (module: string, owner: string, method: string): string => `${module}\u0000${owner}\u0000${method}`;

const BY_KEY = new Set(NEVER_REJECTING_APIS.map((api) => keyOf(api.module, api.owner, api.method)));

/** The parts of a TypeScript declaration the lookup reads (duck-typed: the plugin needs no runtime `typescript`). */
export interface DeclarationLike {
  readonly parent?: DeclarationLike;
  readonly name?: { readonly text?: unknown; getText?(): string };
  readonly body?: unknown;
  readonly members?: unknown;
}

/** The module a declaration is (or sits in) when written as `declare module 'name' { … }`. */
export function ambientModuleOf(declaration: DeclarationLike): string | undefined {
  for (let node: DeclarationLike | undefined = declaration; node; node = node.parent) {
    const name = node.name;
    // A module declaration has a body and a quoted name; a method `'x'() {}` has parameters too.
    if (
      'body' in node &&
      !('parameters' in node) &&
      typeof name?.text === 'string' &&
      /^['"]/.test(name.getText?.() ?? '')
    )
      return name.text;
  }
  return undefined;
}

/** Whether a call resolved to this declaration (a method of a class/interface in a Node module) returns a promise that never rejects. */
export function isNeverRejectingDeclaration(declaration: DeclarationLike): boolean {
  const method = declaration.name?.text;
  const owner = declaration.parent;
  const ownerName = owner && 'members' in owner ? owner.name?.text : undefined;
  if (typeof method !== 'string' || typeof ownerName !== 'string') return false;
  const module = ambientModuleOf(declaration)?.replace(/^node:/, '');
  return module !== undefined && BY_KEY.has(keyOf(module, ownerName, method));
}
