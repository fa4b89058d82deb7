/**
 * A resource from the table (`detection/resources.ts`) opened by an entrypoint or under a
 * `MainContext` must be closed on the shutdown path: the "close" step of gather → cancel → drain →
 * close (docs/architecture.md §1).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  type AnyNode,
  type EntrypointResult,
  type ResourceRow,
  argument,
  asyncIifeFunction,
  chainRoot,
  child,
  children,
  detectEntrypoint,
  hasMainContextInScope,
  INSTALLS_SHUTDOWN_HANDLING,
  isCallExpression,
  isFunctionNode,
  isHelperSpecifier,
  isProcessListenerCall,
  isSignalName,
  listensToSignal,
  mayOpenResource,
  memberPath,
  processListenerInScope,
  programImports,
  propertyName,
  providesMainContext,
  reachableFunctions,
  readSettings,
  resolveFunction,
  resolveFunctionInScope,
  resolveReference,
  resourceCreatedBy,
  resourceOf,
  resourceRow,
  rootCallOf,
  RUN_MAIN,
  shutdownLibrary,
  stringValue,
  unwrap,
  walk,
} from '../detection/index.js';
import { createRule } from './create-rule.js';

export type Options = [{ ignore?: string[] }];

export type MessageIds = 'notClosed' | 'notDeferred' | 'suggestDefer';

const DEFAULT_OPTIONS: Options = [{ ignore: [] }];

/** One resource the file opens where this rule looks. */
interface Opened {
  readonly row: ResourceRow;
  /** Reported node: the variable's identifier, or the creating call. */
  readonly node: TSESTree.Node;
  /** The creating expression. */
  readonly creation: TSESTree.Node;
  /** What the close is called on: the variable, or the module (`mongoose`). */
  readonly target: string;
  readonly variable: TSESLint.Scope.Variable | undefined;
  readonly underMainContext: boolean;
}

type Verdict = 'open' | 'closed' | 'escaped';

const asAny = (node: TSESTree.Node | AnyNode): AnyNode => node as unknown as AnyNode;

const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** The last name of a callee: `defer` of `ctx.defer`, `exitHook` of `exitHook`. */
const lastName = (callee: AnyNode | undefined): string | undefined => {
  const target = unwrap(callee);
  if (target?.type === 'Identifier') return typeof target.name === 'string' ? target.name : undefined;
  return target && (target.type === 'MemberExpression' || target.type === 'OptionalMemberExpression')
    ? propertyName(target)
    : undefined;
};

/** `await shutdown`, `await ctx.shutdown`: after it, a `main` under `runMain` runs only once shutdown began. */
function awaitsShutdown(statement: AnyNode): boolean {
  const expression = statement.type === 'ExpressionStatement' ? unwrap(child(statement, 'expression')) : undefined;
  if (expression?.type !== 'AwaitExpression') return false;
  const awaited = unwrap(child(expression, 'argument'));
  if (lastName(awaited) === 'shutdown' && !isCallExpression(awaited)) return true;
  // `await once(process, 'SIGTERM')`
  return (
    isCallExpression(awaited) &&
    lastName(child(awaited!, 'callee')) === 'once' &&
    memberPath(argument(awaited!, 0))?.endsWith('process') === true &&
    isSignalName(stringValue(argument(awaited!, 1)) ?? '')
  );
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
        '`{{name}}` ({{resource}}) is never closed on shutdown: no `{{close}}` runs from a signal listener, a `finally`, a `defer` or a shutdown hook, so the process is killed with it open. {{note}}',
      notDeferred:
        '`{{name}}` ({{resource}}) is never closed on shutdown: `defer` its `{{close}}` right after opening it, so it closes after the drain, last opened first. {{note}}',
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
    defaultOptions: DEFAULT_OPTIONS,
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    if (!mayOpenResource(sourceCode.text)) return {};
    const program = asAny(sourceCode.ast);
    const imports = programImports(program);
    const ignore = new Set(options.ignore ?? []);
    const settings = readSettings(context.settings);
    let entrypointResult: EntrypointResult | undefined;
    const entrypoint = (): EntrypointResult =>
      (entrypointResult ??= detectEntrypoint({
        filename: context.filename,
        program,
        text: sourceCode.text,
        cwd: context.cwd,
        globs: settings.entrypoints,
      }));

    const ancestorsOf = (node: TSESTree.Node | AnyNode): AnyNode[] =>
      sourceCode.getAncestors(node as TSESTree.Node).map(asAny);
    const opened: Opened[] = [];
    /** Functions that run when shutdown begins: signal and abort listeners, `defer`red closers, library hooks. */
    const hookRoots: AnyNode[] = [];
    let handlesShutdown = false;

    const isIgnored = (row: ResourceRow): boolean => ignore.has(row.id) || row.modules.some((m) => ignore.has(m));

    function addOpened(
      node: TSESTree.Node,
      creation: TSESTree.Node,
      target: string,
      variable?: TSESLint.Scope.Variable,
    ) {
      const ancestors = ancestorsOf(creation);
      const row = resourceOf(asAny(creation), ancestors, program, imports);
      if (!row || row.role !== 'resource' || isIgnored(row)) return;
      opened.push({
        row,
        node,
        creation,
        target: row.closesOnModule ? closeReceiver(creation) : target,
        variable,
        underMainContext: hasMainContextInScope(ancestors),
      });
    }

    /** `mongoose` of `await mongoose.connect(uri)`. */
    function closeReceiver(creation: TSESTree.Node): string {
      let call = unwrap(asAny(creation));
      if (call?.type === 'AwaitExpression') call = unwrap(child(call, 'argument'));
      const callee = call ? unwrap(child(call, 'callee')) : undefined;
      const object = callee ? memberPath(child(callee, 'object')) : undefined;
      return object ?? sourceCode.getText(creation);
    }

    /** Function arguments (and function-valued properties of object arguments) of a call: hooks it registers. */
    function addHookArguments(call: TSESTree.CallExpression): void {
      const ancestors = ancestorsOf(call);
      for (const arg of call.arguments) {
        const values =
          arg.type === 'ObjectExpression' ? arg.properties.map((p) => (p.type === 'Property' ? p.value : p)) : [arg];
        for (const value of values) {
          const fn = resolveFunctionInScope(asAny(value), ancestors, program);
          if (fn) hookRoots.push(fn);
        }
      }
    }

    // ——— Where the rule looks: the entrypoint's own code (module level, its main function), or a MainContext ———

    let mainFunctions: Set<AnyNode> | undefined;
    function entryMainFunctions(): Set<AnyNode> {
      if (mainFunctions) return mainFunctions;
      mainFunctions = new Set();
      for (const reason of entrypoint().reasons) {
        if (!reason.node) continue;
        walk(reason.node, (node) => {
          if (isFunctionNode(node)) return false;
          if (!isCallExpression(node)) return undefined;
          const { call } = rootCallOf(node);
          const fn = asyncIifeFunction(call) ?? (call ? resolveFunction(child(call, 'callee'), program) : undefined);
          if (fn) mainFunctions!.add(fn);
          return undefined;
        });
      }
      return mainFunctions;
    }

    function onMainPath(creation: TSESTree.Node): boolean {
      const ancestors = ancestorsOf(creation);
      for (let i = ancestors.length - 1; i >= 0; i--) {
        const node = ancestors[i]!;
        if (isFunctionNode(node)) return entryMainFunctions().has(node);
      }
      return true;
    }

    // ——— The shutdown path ———

    let reachable: Set<AnyNode> | undefined;
    function onShutdownPath(node: TSESTree.Node): boolean {
      reachable ??= reachableFunctions(hookRoots, program, ancestorsOf);
      const ancestors = ancestorsOf(node);
      const path = [...ancestors, asAny(node)];
      for (let i = path.length - 2; i >= 0; i--) {
        const ancestor = path[i]!;
        const next = path[i + 1]!;
        if (reachable.has(ancestor)) return true;
        if (ancestor.type === 'TryStatement' && child(ancestor, 'finalizer') === next) return true;
        if (isCallExpression(ancestor) && lastName(child(ancestor, 'callee')) === 'defer') return true;
        const list =
          ancestor.type === 'BlockStatement' || ancestor.type === 'Program' ? children(ancestor, 'body') : [];
        const index = list.indexOf(next);
        if (index > 0 && list.slice(0, index).some(awaitsShutdown)) return true;
      }
      return false;
    }

    /** The call an expression is an argument of, directly or inside object/array literals. */
    function argumentOf(node: TSESTree.Node): TSESTree.CallExpression | undefined {
      let current: TSESTree.Node = node;
      for (;;) {
        const parent: TSESTree.Node | undefined = current.parent;
        if (!parent) return undefined;
        if (parent.type === 'CallExpression' && parent.arguments.includes(current as TSESTree.CallExpressionArgument))
          return parent;
        if (
          parent.type === 'ArrayExpression' ||
          parent.type === 'ObjectExpression' ||
          parent.type === 'SpreadElement' ||
          (parent.type === 'Property' && parent.value === current)
        ) {
          current = parent;
          continue;
        }
        return undefined;
      }
    }

    /** What one reference of the resource's variable does with it. */
    function referenceVerdict(reference: TSESLint.Scope.Reference, row: ResourceRow): Verdict | 'use' {
      const id = reference.identifier as TSESTree.Node;
      const parent = id.parent;
      if (!parent) return 'use';
      if (parent.type === 'MemberExpression' && parent.object === id) {
        const method = propertyName(asAny(parent));
        if (method === undefined) return 'use';
        if (row.selfClosing?.includes(method) || row.releasedBy?.includes(method)) return 'closed';
        if (row.close.includes(method)) return onShutdownPath(parent) ? 'closed' : 'use';
        const call = parent.parent;
        if (
          LISTEN_METHODS.has(method) &&
          call?.type === 'CallExpression' &&
          row.endEvents?.includes(stringValue(asAny(call.arguments[0] ?? call)) ?? '')
        )
          return 'closed';
        // `new Server(port, await client.connect())`: the value `connect()` resolves to is the client itself.
        if (row.returnsItself?.includes(method) && call?.type === 'CallExpression' && call.callee === parent)
          return valueVerdict(call.parent?.type === 'AwaitExpression' ? call.parent : call, row);
        return 'use';
      }
      return valueVerdict(id, row);
    }

    /** What the code does with the resource's value (the variable, or what a method returning it gives). */
    function valueVerdict(id: TSESTree.Node, row: ResourceRow): Verdict | 'use' {
      const parent = id.parent;
      if (!parent) return 'use';
      // Handed to an object it now belongs to (`new Server(port, pool)`): its owner may close it.
      if (parent.type === 'NewExpression' && parent.arguments.includes(id as TSESTree.CallExpressionArgument))
        return 'escaped';
      const call = argumentOf(id);
      if (call) {
        const callee = asAny(call.callee);
        const binding = resolveReference(callee, imports);
        if (binding && shutdownLibrary(binding.source, binding.imported)) return 'closed';
        const name = lastName(callee) ?? '';
        if (INSTALLS_SHUTDOWN_HANDLING.test(name)) return 'closed';
        // `once(child, 'exit')`: the program waits for it to end by itself.
        if (name === 'once' && row.endEvents?.includes(stringValue(asAny(call.arguments[1] ?? call)) ?? ''))
          return 'closed';
        // `closeServer(server)`, or a function of the program's own, that gets it on the shutdown path.
        return onShutdownPath(call) ? 'closed' : 'use';
      }
      if (
        parent.type === 'ReturnStatement' ||
        parent.type === 'ExportSpecifier' ||
        parent.type === 'ArrayExpression' ||
        parent.type === 'Property' ||
        parent.type === 'ArrowFunctionExpression' ||
        (parent.type === 'AssignmentExpression' && parent.right === id) ||
        (parent.type === 'VariableDeclarator' && parent.init === id)
      )
        return 'escaped';
      return 'use';
    }

    function variableVerdict(variable: TSESLint.Scope.Variable, row: ResourceRow): Verdict {
      const declarator = variable.defs[0]?.node as TSESTree.Node | undefined;
      if (declarator?.parent?.type === 'VariableDeclaration') {
        const declaration = declarator.parent;
        if (declaration.kind === 'using' || declaration.kind === 'await using') return 'closed';
        if (declaration.parent?.type === 'ExportNamedDeclaration') return 'escaped';
      }
      let verdict: Verdict = 'open';
      for (const reference of variable.references) {
        if (reference.init || (reference.isWrite() && !reference.isRead())) continue;
        const found = referenceVerdict(reference, row);
        if (found === 'escaped') return 'escaped';
        if (found === 'closed') verdict = 'closed';
      }
      return verdict;
    }

    /** `mongoose.disconnect()` anywhere on the shutdown path. */
    function moduleClosed(row: ResourceRow): boolean {
      let closed = false;
      walk(program, (node) => {
        if (closed) return false;
        if (node.type !== 'MemberExpression') return undefined;
        const binding = resolveReference(node, imports);
        if (binding && row.modules.includes(binding.source) && row.close.includes(binding.imported))
          closed = onShutdownPath(node as unknown as TSESTree.Node);
        return undefined;
      });
      return closed;
    }

    /** An amqplib channel is closed with its connection. */
    function ownerVerdict(item: Opened): Verdict {
      if (!item.row.closedWith) return 'open';
      let call = unwrap(asAny(item.creation));
      if (call?.type === 'AwaitExpression') call = unwrap(child(call, 'argument'));
      const owner = call ? unwrap(child(unwrap(child(call, 'callee')) ?? call, 'object')) : undefined;
      if (owner?.type !== 'Identifier') return 'escaped';
      const variable = findVariable(owner as unknown as TSESTree.Identifier);
      return variable ? variableVerdict(variable, resourceRow(item.row.closedWith)!) : 'escaped';
    }

    function findVariable(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
      for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(identifier); scope; scope = scope.upper) {
        const variable = scope.set.get(identifier.name);
        if (variable) return variable;
      }
      return undefined;
    }

    function verdictOf(item: Opened): Verdict {
      if (item.row.closesOnModule && moduleClosed(item.row)) return 'closed';
      const own = item.variable ? variableVerdict(item.variable, item.row) : 'open';
      if (own !== 'open') return own;
      return ownerVerdict(item) === 'open' ? 'open' : 'closed';
    }

    // ——— The suggestion ———

    /** `defer` callable where the resource is opened: a destructured `defer`, or `ctx.defer`. */
    function deferInScope(node: TSESTree.Node): string | undefined {
      const ancestors = ancestorsOf(node);
      for (let i = ancestors.length - 1; i >= 0; i--) {
        const fn = ancestors[i]!;
        if (!isFunctionNode(fn) || !providesMainContext(fn, ancestors[i - 1])) continue;
        for (const raw of children(fn, 'params')) {
          const param = raw.type === 'AssignmentPattern' ? child(raw, 'left')! : raw;
          if (param.type === 'Identifier') return `${String(param.name)}.defer`;
          for (const property of children(param, 'properties')) {
            if (child(property, 'key')?.name !== 'defer') continue;
            const value = unwrap(child(property, 'value'));
            const local = value?.type === 'AssignmentPattern' ? child(value, 'left') : value;
            if (local?.type === 'Identifier') return String(local.name);
          }
        }
        return undefined;
      }
      return undefined;
    }

    function suggestion(item: Opened, close: string): TSESLint.ReportSuggestionArray<MessageIds> {
      const defer = deferInScope(item.creation);
      let statement: TSESTree.Node | undefined = item.creation;
      while (statement?.parent && statement.parent.type !== 'BlockStatement' && statement.parent.type !== 'Program')
        statement = statement.parent;
      if (
        !defer ||
        !statement ||
        (statement.type !== 'VariableDeclaration' && statement.type !== 'ExpressionStatement')
      )
        return [];
      const line = sourceCode.lines[statement.loc.start.line - 1] ?? '';
      const indent = /^\s*/.exec(line)![0];
      return [
        {
          messageId: 'suggestDefer',
          data: { defer, close },
          fix: (fixer) => fixer.insertTextAfter(statement!, `\n${indent}${defer}(() => ${close});`),
        },
      ];
    }

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
        addOpened(node.left, node.right, node.left.name, findVariable(node.left));
      },
      ExpressionStatement(node) {
        // `await mongoose.connect(uri)`, `mongoose.connect(uri).then(…).catch(…)`: nothing to bind, the module closes it.
        const creation = chainRoot(asAny(node.expression)) as unknown as TSESTree.Node | undefined;
        if (!creation) return;
        const row = resourceCreatedBy(asAny(creation), imports, () => undefined);
        if (row?.closesOnModule) addOpened(creation, creation, row.label);
      },
      CallExpression(node) {
        const callee = asAny(node.callee);
        const name = lastName(callee);
        if (isProcessListenerCall(asAny(node))) {
          const listener = processListenerInScope(asAny(node), ancestorsOf(node), program);
          if (listener && listensToSignal(listener)) {
            handlesShutdown = true;
            if (listener.listenerFunction) hookRoots.push(listener.listenerFunction);
          }
          return;
        }
        const binding = resolveReference(callee, imports);
        if (
          (binding && shutdownLibrary(binding.source, binding.imported)) ||
          INSTALLS_SHUTDOWN_HANDLING.test(name ?? '')
        ) {
          handlesShutdown = true;
          addHookArguments(node);
        } else if (name === RUN_MAIN) {
          handlesShutdown = true;
        } else if (
          name === 'defer' ||
          (name === 'then' && lastName(asAny(node.callee).object as AnyNode) === 'shutdown')
        ) {
          addHookArguments(node);
        } else if (
          (name === 'addEventListener' && stringValue(asAny(node.arguments[0] ?? node)) === 'abort') ||
          name === 'addAbortListener'
        ) {
          addHookArguments(node);
        }
      },
      'Program:exit'() {
        for (const item of opened) {
          const inEntrypoint = !item.underMainContext && handlesShutdown && entrypoint().isEntrypoint;
          if (!item.underMainContext && !(inEntrypoint && onMainPath(item.creation))) continue;
          if (verdictOf(item) !== 'open') continue;
          const close = `${item.target}.${item.row.close[0]}()`;
          const data = { name: item.target, resource: item.row.label, close, note: item.row.note };
          if (item.underMainContext)
            context.report({ node: item.node, messageId: 'notDeferred', data, suggest: suggestion(item, close) });
          else context.report({ node: item.node, messageId: 'notClosed', data });
        }
      },
    };
  },
});
