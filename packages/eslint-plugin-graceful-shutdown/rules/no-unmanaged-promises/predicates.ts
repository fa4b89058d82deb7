/** What is a promise, a promise array, a rejection handler, a call safe to float: syntactic, or from the type checker. */
import { type AnyNode, child, memberPath, unwrap } from '../../detection/syntax/ast.js';
import { normalizeModule } from '../../detection/imports.js';
import {
  type PromisePredicates,
  type PromiseScope,
  moduleExportOf,
  syntacticPredicates,
} from '../../detection/promise-apis.js';
import { estreeNode } from '../estree-nodes.js';
import type { ResolvedOptions, TypeOrValueSpecifier } from './options.js';
import type { TypedPredicates } from './typed-predicates.js';

export function promisePredicates(
  options: ResolvedOptions,
  trackers: readonly string[],
  scope: PromiseScope,
  typed: TypedPredicates | undefined,
): PromisePredicates {
  const syntactic = syntacticPredicates(scope, trackers);
  const specifiers = options.allowForKnownSafeCalls;
  const isSafeCall = (call: AnyNode): boolean =>
    syntactic.isSafeCall(call) ||
    (specifiers.length > 0 &&
      (typed
        ? typed.isKnownSafeCall(estreeNode(call))
        : specifiers.some((specifier) => namesSafeCallee(call, specifier, scope))));
  if (!typed) return { ...syntactic, isSafeCall };
  return {
    isPromise: (node) => typed.isPromise(estreeNode(node)),
    isPromiseArray: (node) => typed.isPromiseArray(estreeNode(node)),
    isFunctionHandler: (node) => typed.isFunctionHandler(estreeNode(node)),
    isSafeCall,
    logicalMayHoldPromise: (node) => typed.isPromise(estreeNode(node)) || typed.isPromiseArray(estreeNode(node)),
  };
}

/** `allowForKnownSafeCalls` without types: names only (`'name'`, `{ from: 'package', name, package }`, …). */
function namesSafeCallee(call: AnyNode, specifier: TypeOrValueSpecifier, scope: PromiseScope): boolean {
  const callee = unwrap(child(call, 'callee'));
  if (!callee) return false;
  if (typeof specifier === 'string')
    return memberPath(callee) === specifier || (callee.type === 'Identifier' && callee.name === specifier);
  const names = typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
  if (callee.type !== 'Identifier' || !names.includes(String(callee.name))) return false;
  const resolution = scope.resolve(callee);
  if (specifier.from === 'lib') return resolution.kind === 'global';
  if (specifier.from === 'file') return resolution.kind !== 'global' && resolution.kind !== 'import';
  const binding = moduleExportOf(callee, scope);
  return binding !== undefined && binding.source === normalizeModule(specifier.package);
}
