/** What is a promise, a promise array, a rejection handler, a call safe to float: syntactic, or from the type checker. */
import { type AnyNode, child, memberPath, unwrap } from '../../detection/ast.js';
import { normalizeModule } from '../../detection/imports.js';
import { isTrackerCallee } from '../../detection/main-context.js';
import {
  type PromisePredicates,
  type PromiseScope,
  isSyntacticFunctionHandler,
  isSyntacticPromise,
  isSyntacticPromiseArray,
  moduleExportOf,
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
  const isSafeCall = (call: AnyNode): boolean =>
    isTrackerCallee(memberPath(child(call, 'callee')), trackers) ||
    (options.allowForKnownSafeCalls.length > 0 &&
      (typed
        ? typed.isKnownSafeCall(estreeNode(call))
        : options.allowForKnownSafeCalls.some((specifier) => namesSafeCallee(call, specifier, scope))));
  if (!typed)
    return {
      isPromise: (node) => isSyntacticPromise(node, scope),
      isPromiseArray: (node) => isSyntacticPromiseArray(node, scope),
      isFunctionHandler: (node) => isSyntacticFunctionHandler(node, scope),
      isSafeCall,
    };
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
