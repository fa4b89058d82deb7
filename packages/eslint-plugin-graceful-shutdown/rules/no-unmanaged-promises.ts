/**
 * `no-unmanaged-promises`: every promise a program starts must be managed — awaited, returned,
 * yielded, tracked (`track()`), or stored where it is later awaited / tracked / passed to
 * `Promise.all*` (docs/architecture.md §4). Syntactic by default; `typeAware: true` asks the type checker.
 * Each check is a named analysis in `no-unmanaged-promises/`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isDirective, propertyName } from '../detection/syntax/ast.js';
import { mayProducePromise } from '../detection/text-hints.js';
import { createRule } from './create-rule.js';
import { anyNode } from './estree-nodes.js';
import { COLLECTION_ADDERS, checkCollectionAdd } from './no-unmanaged-promises/collections.js';
import { checkDiscarded } from './no-unmanaged-promises/discarded.js';
import { checkDroppedCallback, mayDropCallback } from './no-unmanaged-promises/dropped-callbacks.js';
import { MESSAGES, type MessageIds } from './no-unmanaged-promises/messages.js';
import {
  DEFAULT_OPTIONS,
  type NoUnmanagedPromisesOptions,
  OPTIONS_SCHEMA,
  type ResolvedOptions,
} from './no-unmanaged-promises/options.js';
import { type PromiseFile, promiseFile } from './no-unmanaged-promises/promise-file.js';
import { checkUnused } from './no-unmanaged-promises/unused.js';
import { requireTypeInformation } from './type-information.js';

export type { MessageIds } from './no-unmanaged-promises/messages.js';
export type { NoUnmanagedPromisesOptions, TypeOrValueSpecifier } from './no-unmanaged-promises/options.js';

type Options = [NoUnmanagedPromisesOptions];

export default createRule<Options, MessageIds>({
  name: 'no-unmanaged-promises',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every promise to be awaited, returned or tracked, so shutdown can drain it',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: MESSAGES,
    schema: OPTIONS_SCHEMA,
    defaultOptions: [DEFAULT_OPTIONS],
  },
  create(context, [configured]) {
    // `createRule` merged `meta.defaultOptions` in (once per configured options object): every option is present.
    const options = configured as ResolvedOptions;
    const services = options.typeAware ? requireTypeInformation('no-unmanaged-promises', context) : undefined;
    if (!services && !mayProducePromise(context.sourceCode.text)) return {};
    const file = promiseFile(context, options, services);
    return {
      ExpressionStatement(node) {
        if (!isDirective(anyNode(node))) checkDiscarded(file, node.expression, node);
      },
      // `() => void p`: a plain type and a check, which ESLint dispatches without an esquery match per node.
      UnaryExpression(node) {
        if (node.operator === 'void' && node.parent.type === 'ArrowFunctionExpression' && node.parent.body === node)
          checkDiscarded(file, node, node);
      },
      VariableDeclarator: (node) => checkUnused(file, node),
      CallExpression: (node) => checkCall(file, node),
    };
  },
});

/** A call that adds to a collection, or may hand a callback to an API that ignores its promise. */
function checkCall(file: PromiseFile, call: TSESTree.CallExpression): void {
  const { callee } = call;
  if (callee.type === 'MemberExpression' && COLLECTION_ADDERS.has(propertyName(anyNode(callee)) ?? ''))
    checkCollectionAdd(file, call, callee);
  else if (mayDropCallback(call)) checkDroppedCallback(file, call);
}
