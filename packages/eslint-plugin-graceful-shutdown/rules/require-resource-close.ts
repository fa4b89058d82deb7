/**
 * A resource from the table (`detection/resources.ts`) opened by an entrypoint or under a
 * `MainContext` must be closed on the shutdown path: the "close" step of gather → cancel → drain →
 * close (docs/architecture.md §1). The analyses live in `require-resource-close/`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import {
  type AnyNode,
  chainRoot,
  child,
  hasMainContextInScope,
  isHelperSpecifier,
  memberPath,
  mayOpenResource,
  programImports,
  readSettings,
  resourceCreatedBy,
  resourceOf,
  unwrap,
} from '../detection/index.js';
import { anyNode, estreeNode } from './estree-nodes.js';
import { fileEntrypoint } from './file-entrypoint.js';
import { createRule } from './create-rule.js';
import { deferInScope, deferSuggestion } from './require-resource-close/defer-suggestion.js';
import { entryMainFunctions, onMainPath } from './require-resource-close/main-path.js';
import { shutdownCall } from './require-resource-close/shutdown-calls.js';
import { createShutdownPath } from './require-resource-close/shutdown-path.js';
import { type Opened, verdictOf } from './require-resource-close/verdicts.js';

export type Options = [{ ignore?: string[] }];

export type MessageIds = 'notClosed' | 'notDeferred' | 'suggestDefer';

/** `mongoose` of `await mongoose.connect(uri)`: what a module-level close is called on. */
function closeReceiver(sourceCode: Readonly<TSESLint.SourceCode>, creation: TSESTree.Node): string {
  let call = unwrap(anyNode(creation));
  if (call?.type === 'AwaitExpression') call = unwrap(child(call, 'argument'));
  const callee = call ? unwrap(child(call, 'callee')) : undefined;
  const object = callee ? memberPath(child(callee, 'object')) : undefined;
  return object ?? sourceCode.getText(creation);
}

export default createRule<Options, MessageIds>({
  name: 'require-resource-close',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require database pools, queue workers, sockets and servers opened by an entrypoint to be closed on shutdown',
    },
    hasSuggestions: true,
    messages: {
      notClosed:
        '`{{name}}` ({{resource}}) is never closed on shutdown: no `{{close}}` runs from a signal listener, a `finally`, a `defer` or a shutdown hook, so the process is killed with it open.',
      notDeferred:
        '`{{name}}` ({{resource}}) is never closed on shutdown: `defer` its `{{close}}` right after opening it, so it closes after the drain, last opened first.',
      suggestDefer: 'Add `{{defer}}(() => {{close}})` after it is opened.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignore: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Resources never reported: a row id of the table (`pg.Pool`, `child_process.child`) or a module (`ws`).',
          },
        },
      },
    ],
    defaultOptions: [{ ignore: [] }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    if (!mayOpenResource(sourceCode.text)) return {};
    const program = anyNode(sourceCode.ast);
    const imports = programImports(program);
    const ignore = new Set(options.ignore ?? []);
    const settings = readSettings(context.settings);
    const entrypoint = fileEntrypoint(context);
    let mainFunctions: Set<AnyNode> | undefined;
    const entryMain = (): Set<AnyNode> => (mainFunctions ??= entryMainFunctions(entrypoint(), program));
    const ancestorsOf = (node: TSESTree.Node | AnyNode): AnyNode[] =>
      sourceCode.getAncestors(estreeNode(node)).map(anyNode);
    const shutdownPath = createShutdownPath(program, ancestorsOf);
    const file = { sourceCode, program, imports, shutdownPath };
    const opened: Opened[] = [];
    let handlesShutdown = false;

    function addOpened(
      node: TSESTree.Node,
      creation: TSESTree.Node,
      target: string,
      variable?: TSESLint.Scope.Variable,
    ) {
      const ancestors = ancestorsOf(creation);
      const row = resourceOf(anyNode(creation), ancestors, program, imports);
      if (!row || row.role !== 'resource' || ignore.has(row.id) || row.modules.some((m) => ignore.has(m))) return;
      opened.push({
        row,
        node,
        creation,
        target: row.closesOnModule ? closeReceiver(sourceCode, creation) : target,
        variable,
        underMainContext: hasMainContextInScope(ancestors),
      });
    }

    function report(item: Opened): void {
      const close = `${item.target}.${item.row.close[0]}()`;
      const data = { name: item.target, resource: item.row.label, close };
      if (!item.underMainContext) {
        context.report({ node: item.node, messageId: 'notClosed', data });
        return;
      }
      const defer = deferInScope(ancestorsOf(item.creation));
      const suggest = deferSuggestion(sourceCode, 'suggestDefer', item.creation, defer, close);
      context.report({ node: item.node, messageId: 'notDeferred', data, suggest });
    }

    /** Under a `MainContext`, or in an entrypoint that handles shutdown itself, on its main path. */
    const isWatched = (item: Opened): boolean =>
      item.underMainContext ||
      (handlesShutdown && entrypoint().isEntrypoint && onMainPath(ancestorsOf(item.creation), entryMain));

    return {
      ImportDeclaration(node) {
        if (isHelperSpecifier(node.source.value, settings.helpers)) handlesShutdown = true;
      },
      VariableDeclarator(node) {
        if (node.id.type !== 'Identifier' || !node.init) return;
        addOpened(node.id, node.init, node.id.name, sourceCode.getDeclaredVariables(node)[0]);
      },
      AssignmentExpression(node) {
        if (node.operator !== '=' || node.left.type !== 'Identifier') return;
        addOpened(
          node.left,
          node.right,
          node.left.name,
          ASTUtils.findVariable(sourceCode.getScope(node), node.left) ?? undefined,
        );
      },
      ExpressionStatement(node) {
        // `await mongoose.connect(uri)`, `mongoose.connect(uri).then(…).catch(…)`: nothing to bind, the module closes it.
        const root = chainRoot(anyNode(node.expression));
        if (!root) return;
        const row = resourceCreatedBy(root, imports, () => undefined);
        const creation = estreeNode(root);
        if (row?.closesOnModule) addOpened(creation, creation, row.label);
      },
      CallExpression(node) {
        const found = shutdownCall(node, () => ancestorsOf(node), program, imports);
        if (found?.kind === 'signal-listener' && found.listener) shutdownPath.addHook(found.listener);
        if (found?.kind === 'shutdown-library' || found?.kind === 'hook') shutdownPath.addHookArguments(node);
        if (found && found.kind !== 'hook') handlesShutdown = true;
      },
      'Program:exit'() {
        for (const item of opened) if (isWatched(item) && verdictOf(file, item) === 'open') report(item);
      },
    };
  },
});
