/**
 * `no-unmanaged-promises`: every promise a program starts must be managed — awaited, returned,
 * yielded, tracked (`track()`), or stored where it is later awaited / tracked / passed to
 * `Promise.all*` (docs/architecture.md §4). Syntactic by default; `typeAware: true` asks the type checker.
 */
import {
  ASTUtils,
  type ParserServicesWithTypeInformation,
  type TSESLint,
  type TSESTree,
} from '@typescript-eslint/utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { parse as parseTypeScript } from '@typescript-eslint/parser';
import type * as ts from 'typescript';
import { type AnyNode, isDirective, memberPath, propertyName, unwrap, walk } from '../detection/ast.js';
import { isClassicScript, typelessEngineReason } from '../detection/engine.js';
import { type EntrypointResult, detectEntrypoint } from '../detection/entrypoint.js';
import { type ImportMap, programImports, normalizeModule } from '../detection/imports.js';
import { hasMainContextInScope, isTrackerCallee, providesMainContext, trackerList } from '../detection/main-context.js';
import { listensToSignal, processListenerInScope, resolveFunctionInScope } from '../detection/process-listeners.js';
import {
  PROMISE_AGGREGATORS,
  type PromisePredicates,
  type PromiseScope,
  chainRoot,
  classMethod,
  classHasAsyncMethod,
  classifyFloating,
  floatsNothingNew,
  isSyntacticFunctionHandler,
  isSyntacticPromise,
  isSyntacticPromiseArray,
  isAsyncCallable,
  moduleExportOf,
  nodePromiseApi,
  objectHasAsyncMethod,
  objectMethod,
} from '../detection/promise-apis.js';
import {
  type CannotRejectAnalysis,
  type RejectionResolver,
  cannotRejectAnalysis,
  localFunctionOf,
} from '../detection/cannot-reject.js';
import { classFieldValues } from '../detection/class-fields.js';
import { ambientModuleOf, isNeverRejectingDeclaration } from '../detection/never-rejecting-apis.js';
import { readSettings } from '../detection/settings.js';
import { asyncIifeFunction, entryCallChain, peelEntryGuard, rootCallOf } from '../detection/syntax/entry-call.js';
import { exitCallOf } from '../detection/process-exit.js';
import { PROMISE_CHAIN_METHODS } from '../detection/syntax/promise-chain.js';
import { mayProducePromise } from '../detection/text-hints.js';
import { createRule } from './create-rule.js';
import { eslintScopeResolver } from './eslint-scope.js';
import { requireTypeInformation } from './type-information.js';

/** typescript-eslint's `TypeOrValueSpecifier` (the same JSON shape, so configs can be shared). */
export type TypeOrValueSpecifier =
  | string
  | { readonly from: 'file'; readonly name: string | readonly string[]; readonly path?: string }
  | { readonly from: 'lib'; readonly name: string | readonly string[] }
  | { readonly from: 'package'; readonly name: string | readonly string[]; readonly package: string };

export interface NoUnmanagedPromisesOptions {
  ignoreVoid?: boolean;
  ignoreIIFE?: boolean;
  checkThenables?: boolean;
  allowForKnownSafeCalls?: TypeOrValueSpecifier[];
  allowForKnownSafePromises?: TypeOrValueSpecifier[];
  trackers?: string[];
  checkUntracked?: 'entrypoints' | 'always' | 'never';
  typeAware?: boolean;
}

type Options = [NoUnmanagedPromisesOptions];

export type MessageIds =
  | 'unhandled'
  | 'untracked'
  | 'unusedPromise'
  | 'undrainedCollection'
  | 'promiseArray'
  | 'droppedAsyncCallback'
  | 'suggestAwait'
  | 'suggestTrack'
  | 'suggestVoid';

const nameList: JSONSchema4 = {
  oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }],
};

/**
 * A typescript-eslint specifier object. Keys go in `patternProperties` (same validation as
 * `properties`) so eslint-doc-generator does not list `from` / `name` / … as top-level options.
 */
const specifierObject = (from: string, keys: Record<string, JSONSchema4>, required: string[]): JSONSchema4 => {
  const all: Record<string, JSONSchema4> = { from: { type: 'string', enum: [from] }, ...keys };
  const patternProperties: Record<string, JSONSchema4> = {};
  for (const [key, schema] of Object.entries(all)) patternProperties[`^${key}$`] = schema;
  return { type: 'object', additionalProperties: false, patternProperties, required: ['from', ...required] };
};

const specifierList = (description: string): JSONSchema4 => ({
  type: 'array',
  description,
  items: {
    oneOf: [
      { type: 'string' },
      specifierObject('file', { name: nameList, path: { type: 'string' } }, ['name']),
      specifierObject('lib', { name: nameList }, ['name']),
      specifierObject('package', { name: nameList, package: { type: 'string' } }, ['name', 'package']),
    ],
  },
});

const DEFAULT_OPTIONS: Required<NoUnmanagedPromisesOptions> = {
  ignoreVoid: true,
  ignoreIIFE: false,
  checkThenables: false,
  allowForKnownSafeCalls: [],
  allowForKnownSafePromises: [],
  trackers: ['track', 'waitUntil'],
  checkUntracked: 'entrypoints',
  typeAware: false,
};

const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);
const LISTENER_METHODS = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
]);
const COLLECTION_ADDERS = new Set(['push', 'unshift', 'add']);
/** Collection methods that neither drain nor hand the collection over. */
const NEUTRAL_METHODS = new Set([
  'push',
  'unshift',
  'add',
  'delete',
  'clear',
  'has',
  'includes',
  'indexOf',
  'lastIndexOf',
  'at',
  'join',
  'keys',
  'toString',
]);
/** Collection methods whose result still holds the promises (`Promise.all(tasks.splice(0))`). */
const DERIVING_METHODS = new Set([
  'map',
  'filter',
  'slice',
  'splice',
  'concat',
  'values',
  'flat',
  'flatMap',
  'toSorted',
  'toReversed',
  'toSpliced',
]);
const WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ChainExpression',
  'TSInstantiationExpression',
]);
/** `ts.TypeFlags.Any | ts.TypeFlags.Unknown` (the rule imports TypeScript's types only, not its runtime). */
const ANY_OR_UNKNOWN = 1 | 2;
/** Type assertions whose result type is the asserted one (parentheses are not nodes). */
const ASSERTIONS = new Set(['TSAsExpression', 'TSTypeAssertion', 'TSNonNullExpression', 'TSSatisfiesExpression']);
const ENTRYPOINT_CONTEXT = 'this file is an entrypoint';
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
/** Expressions `await`/`void` can prefix without parentheses. */
const UNARY_SAFE = new Set([
  'Identifier',
  'MemberExpression',
  'CallExpression',
  'NewExpression',
  'ChainExpression',
  'ImportExpression',
  'ArrayExpression',
  'ObjectExpression',
  'Literal',
  'TemplateLiteral',
  'TaggedTemplateExpression',
  'ThisExpression',
  'AwaitExpression',
  'UnaryExpression',
  'TSNonNullExpression',
  'ClassExpression',
  'FunctionExpression',
  'MetaProperty',
  'Super',
]);

const asAny = (node: TSESTree.Node): AnyNode => node as unknown as AnyNode;
const asEstree = (node: AnyNode): TSESTree.Node => node as unknown as TSESTree.Node;

type Usage =
  'managed' | 'escaped' | 'dropped' | 'neutral' | { readonly method: string; readonly call: TSESTree.CallExpression };

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
    messages: {
      unhandled:
        'This promise floats and nothing handles its rejection{{handlerNote}}: await it, return it, pass it to track(), or end it with .catch(handler).',
      untracked:
        'This promise runs in the background and shutdown will not wait for it ({{where}}): await it, or pass it to track() so the drain includes it.',
      unusedPromise:
        "'{{name}}' holds a promise that is never used afterwards: nothing awaits it, tracks it or handles its rejection.",
      undrainedCollection:
        "Promises are added to '{{name}}', but it is never awaited, passed to Promise.all/allSettled/race/any or tracked: shutdown cannot wait for them.",
      promiseArray:
        'An array of promises as a statement: nothing waits for them or handles their rejections. Await Promise.all(…) or allSettled(…), or track() each one.',
      droppedAsyncCallback:
        '{{callee}} ignores the promise this callback returns: its rejection goes unhandled and shutdown cannot wait for it.',
      suggestAwait: 'Add `await`.',
      suggestTrack: 'Pass it to `{{tracker}}(…)` so shutdown waits for it.',
      suggestVoid: 'Mark it as deliberately ignored with `void`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignoreVoid: {
            type: 'boolean',
            description:
              'Whether `void promise` counts as handled (it is still reported as untracked where untracked promises are checked).',
          },
          ignoreIIFE: {
            type: 'boolean',
            description: 'Whether to ignore async IIFEs (Immediately Invoked Function Expressions).',
          },
          checkThenables: {
            type: 'boolean',
            description: 'With `typeAware`: whether to check every "Thenable", not just the built-in Promise type.',
          },
          allowForKnownSafeCalls: specifierList(
            'Functions whose calls are safe to float (type-or-value specifiers, as in typescript-eslint; without types only names are matched).',
          ),
          allowForKnownSafePromises: specifierList(
            'With `typeAware`: type specifiers of promises that are safe to float.',
          ),
          trackers: {
            type: 'array',
            description:
              'Calls that hand a promise to shutdown, as names or member paths (`ctx.waitUntil`, `this.pending.add`). Extends the default `track` and `waitUntil`.',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
          },
          checkUntracked: {
            type: 'string',
            enum: ['entrypoints', 'always', 'never'],
            description:
              'Where promises whose rejection is handled but that nothing waits for are reported: in entrypoints and wherever a MainContext is in scope, everywhere, or nowhere.',
          },
          typeAware: {
            type: 'boolean',
            description:
              'Use the type checker to decide what is a promise (requires typed linting; set by `recommended-type-checked`).',
          },
        },
      },
    ],
    defaultOptions: [DEFAULT_OPTIONS],
  },
  defaultOptions: [DEFAULT_OPTIONS],
  create(context, [rawOptions]) {
    const options = { ...DEFAULT_OPTIONS, ...rawOptions };
    const { sourceCode } = context;
    const program = sourceCode.ast;
    const services = options.typeAware ? requireTypeInformation('no-unmanaged-promises', context) : undefined;
    if (!services && !mayProducePromise(sourceCode.text)) return {};

    const trackers = trackerList(options.trackers);
    let imports: ImportMap | undefined;
    // Where top-level `await` is legal (the `await` suggestion).
    const isModule =
      program.sourceType === 'module' &&
      context.languageOptions.sourceType !== 'commonjs' &&
      !/\.c[jt]s$/i.test(context.filename);

    // ---- name resolution (ESLint scope analysis), cached per variable ----
    const variableOf = (identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null =>
      ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);

    const resolve = eslintScopeResolver(sourceCode, () => scope.imports);

    let asyncMemberNames: Set<string> | undefined;
    const scope: PromiseScope = {
      get imports() {
        return (imports ??= programImports(asAny(program)));
      },
      mayBeAsyncMember: (name) => (asyncMemberNames ??= asyncMemberNamesIn(sourceCode.text)).has(name),
      resolve,
      isAsyncThisMethod(member) {
        const name = propertyName(member);
        if (name === undefined) return false;
        const owner = thisOwner(asEstree(member));
        if (!owner) return false;
        return owner.kind === 'object'
          ? objectHasAsyncMethod(asAny(owner.node), name)
          : classHasAsyncMethod(asAny(owner.node), name, owner.isStatic);
      },
      thisMethod(member) {
        const name = propertyName(member);
        const owner = name === undefined ? undefined : thisOwner(asEstree(member));
        if (!owner) return undefined;
        return owner.kind === 'object'
          ? objectMethod(asAny(owner.node), name!)
          : classMethod(asAny(owner.node), name!, owner.isStatic);
      },
    };

    // ---- promise predicates: syntactic, or from the type checker ----
    const typed = services ? typedPredicates(services, options) : undefined;
    const isSafeCall = (call: AnyNode): boolean =>
      isTrackerCallee(memberPath(call.callee as AnyNode), trackers) ||
      (options.allowForKnownSafeCalls.length > 0 &&
        (typed ? typed.isKnownSafeCall(asEstree(call) as TSESTree.CallExpression) : syntacticSafeCall(call)));
    const predicates: PromisePredicates = typed
      ? {
          isPromise: (node) => typed.isPromise(asEstree(node)),
          isPromiseArray: (node) => typed.isPromiseArray(asEstree(node)),
          isFunctionHandler: (node) => typed.isFunctionHandler(asEstree(node)),
          isSafeCall,
          logicalMayHoldPromise: (node) => typed.isPromise(asEstree(node)) || typed.isPromiseArray(asEstree(node)),
        }
      : {
          isPromise: (node) => isSyntacticPromise(node, scope),
          isPromiseArray: (node) => isSyntacticPromiseArray(node, scope),
          isFunctionHandler: (node) => isSyntacticFunctionHandler(node, scope),
          isSafeCall,
        };
    /** Whether calling `callback` yields a promise nobody handles: an async function, or an arrow whose expression body floats unhandled. */
    const returnsUnhandledPromise = (callback: TSESTree.Node): boolean => {
      if (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression') {
        if (callback.async) return !callback.generator;
        // `(t) => t.catch(log)` returns a handled promise; `(x) => save(x)` an unhandled one.
        if (callback.body.type !== 'BlockStatement') {
          const verdict = classifyFloating(asAny(callback.body), predicates, { ignoreVoid: true });
          return verdict?.kind === 'unhandled' || verdict?.kind === 'promiseArray';
        }
        return typed ? typed.returnsPromise(callback) : false;
      }
      return typed ? typed.returnsPromise(callback) : isAsyncCallable(asAny(callback), scope);
    };

    /** allowForKnownSafeCalls without types: names only (`'name'`, `{ from: 'package', name, package }`, …). */
    function syntacticSafeCall(call: AnyNode): boolean {
      const callee = unwrap(call.callee as AnyNode);
      if (!callee) return false;
      const path = memberPath(callee);
      return options.allowForKnownSafeCalls.some((specifier) => {
        if (typeof specifier === 'string')
          return path === specifier || (callee.type === 'Identifier' && callee.name === specifier);
        const names = typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
        if (callee.type !== 'Identifier' || !names.includes(String(callee.name))) return false;
        const resolution = scope.resolve(callee);
        if (specifier.from === 'lib') return resolution.kind === 'global';
        if (specifier.from === 'file') return resolution.kind !== 'global' && resolution.kind !== 'import';
        const binding = moduleExportOf(callee, scope);
        return binding !== undefined && binding.source === normalizeModule(specifier.package);
      });
    }

    // ---- entrypoint verdict: lazily, once per file, only when something untracked was found ----
    let entrypointResult: EntrypointResult | undefined;
    const entrypoint = (): EntrypointResult =>
      (entrypointResult ??= detectEntrypoint({
        filename: context.filename,
        program: asAny(program),
        text: sourceCode.text,
        cwd: context.cwd,
        globs: readSettings(context.settings).entrypoints,
      }));

    /** Why untracked promises are checked here, or undefined when they are not. */
    function untrackedContext(node: TSESTree.Node): string | undefined {
      if (options.checkUntracked === 'never') return undefined;
      if (options.checkUntracked === 'always') return 'checkUntracked is "always"';
      if (hasMainContextInScope(sourceCode.getAncestors(node).map(asAny))) return 'a MainContext is in scope';
      return entrypoint().isEntrypoint ? ENTRYPOINT_CONTEXT : undefined;
    }

    /**
     * The entrypoint's root call (`main()`, `main().catch(…)`, `void run()`, the async IIFE) is the program's
     * lifetime, not background work. The detector counts any top-level `f().catch(…)` / `void f()` as a
     * main call; only calls of the program's own functions are exempt (`fetch(url).catch(log)` is work).
     */
    function isRootCall(statement: TSESTree.Node): boolean {
      for (let node = statement.parent; node; node = node.parent) if (FUNCTION_TYPES.has(node.type)) return false;
      if (failureEndsTheProcess(statement)) return true;
      const reason = entrypoint().reasons.find(
        (candidate) =>
          (candidate.kind === 'main-call' || candidate.kind === 'async-iife') && candidate.node === asAny(statement),
      );
      if (!reason) return false;
      if (reason.kind === 'async-iife') return true;
      const expression = peelEntryGuard(asAny((statement as TSESTree.ExpressionStatement).expression));
      return isOwnRootCallee(unwrap(rootCallOf(expression).call?.callee as AnyNode | undefined));
    }

    /**
     * A top-level chain whose rejection handler exits the process (`runner(options).then(…).catch((error) => {
     * …; process.exit(1) })`): the program's whole work, written without a `main`, so its lifetime.
     */
    function failureEndsTheProcess(statement: TSESTree.Node): boolean {
      if (statement.type !== 'ExpressionStatement') return false;
      const { links } = entryCallChain(peelEntryGuard(asAny(statement.expression)));
      return links.some(({ call, method }) => {
        const handler = (call.arguments as AnyNode[] | undefined)?.[
          method === 'catch' ? 0 : method === 'then' ? 1 : -1
        ];
        if (!handler || !FUNCTION_TYPES.has(handler.type)) return false;
        let exits = false;
        walk(handler, (node) => {
          if (!exits && node.type === 'CallExpression' && exitCallOf(node, scope.imports) !== undefined) exits = true;
          return !exits;
        });
        return exits;
      });
    }

    /** A root call's callee that is the program's own function (`main`, `run` imported from the app), not a library's promise API. */
    function isOwnRootCallee(callee: AnyNode | undefined): boolean {
      if (callee?.type !== 'Identifier') return true; // `program.parseAsync()`
      const resolution = scope.resolve(callee);
      return (
        resolution.kind === 'function' ||
        resolution.kind === 'value' ||
        resolution.kind === 'unknown' ||
        (resolution.kind === 'import' && nodePromiseApi(callee, scope) === undefined)
      );
    }

    /**
     * Main's own path: the top level and the functions it calls directly (`main` of `main().catch(…)`,
     * `await run()`, a guarded `main()`, the async IIFE, a plain `start()`).
     */
    let rootFunctions: ReadonlySet<AnyNode> | undefined;
    function mainOwnFunctions(): ReadonlySet<AnyNode> {
      if (rootFunctions) return rootFunctions;
      const found = new Set<AnyNode>();
      const statements = new Set<AnyNode>(asAny(program).body as AnyNode[]);
      for (const reason of entrypoint().reasons) if (reason.node) statements.add(reason.node as AnyNode);
      for (const statement of statements) {
        if (statement.type !== 'ExpressionStatement') continue;
        let expression = peelEntryGuard(statement.expression as AnyNode);
        while (expression?.type === 'AwaitExpression' || expression?.type === 'UnaryExpression')
          expression = expression.argument as AnyNode;
        const { call } = rootCallOf(expression);
        const main =
          asyncIifeFunction(call) ??
          (call?.type === 'CallExpression'
            ? resolveFunctionInScope(call.callee as AnyNode, [], asAny(program))
            : undefined);
        if (main) found.add(main);
      }
      return (rootFunctions = found);
    }

    /**
     * A handled promise floated off main's own path (in an interval, a request handler, a helper) where
     * no tracker is in scope: shutdown cannot be made to wait for it without restructuring, and its
     * rejection is handled, so only `checkUntracked: "always"` reports it (docs/architecture.md, "managed").
     */
    function handledOffMainPath(expression: TSESTree.Node, statement: TSESTree.Node): boolean {
      if (expression.type === 'UnaryExpression' && expression.operator === 'void') return false;
      let enclosing: TSESTree.Node | undefined = statement.parent;
      while (enclosing && !FUNCTION_TYPES.has(enclosing.type)) enclosing = enclosing.parent;
      if (!enclosing || mainOwnFunctions().has(asAny(enclosing))) return false;
      return trackerInScope(statement) === undefined;
    }

    // ---- how a value is used: climbs from an expression to what consumes it ----
    function usageOf(start: TSESTree.Node): Usage {
      let node = start;
      for (;;) {
        const parent = node.parent;
        if (!parent) return 'neutral';
        if (WRAPPERS.has(parent.type)) {
          node = parent;
          continue;
        }
        switch (parent.type) {
          case 'AwaitExpression':
          case 'YieldExpression':
          case 'ReturnStatement':
            return 'managed';
          case 'ArrowFunctionExpression':
            return parent.body === node ? 'managed' : 'neutral';
          case 'ConditionalExpression':
            if (parent.test === node) return 'neutral';
            node = parent;
            continue;
          case 'LogicalExpression':
          case 'SpreadElement':
          case 'ArrayExpression':
            node = parent;
            continue;
          case 'SequenceExpression':
            if (parent.expressions.at(-1) !== node) return 'neutral';
            node = parent;
            continue;
          case 'MemberExpression': {
            if (parent.object !== node) return 'neutral';
            const call = parent.parent;
            if (call?.type !== 'CallExpression' || call.callee !== parent) return 'neutral';
            const method = propertyName(asAny(parent)) ?? '';
            if (PROMISE_CHAIN_METHODS.has(method)) {
              node = call;
              continue;
            }
            return { method, call };
          }
          case 'CallExpression':
          case 'NewExpression': {
            if (parent.callee === node) return 'neutral';
            const calleePath = memberPath(asAny(parent.callee));
            if (isTrackerCallee(calleePath, trackers)) return 'managed';
            if (calleePath?.startsWith('Promise.') && PROMISE_AGGREGATORS.has(calleePath.slice(8))) return 'managed';
            return 'escaped';
          }
          case 'ForOfStatement':
            return parent.right === node ? 'managed' : 'neutral';
          case 'VariableDeclarator':
            return parent.init === node ? 'escaped' : 'neutral';
          case 'AssignmentExpression':
            return parent.right === node ? 'escaped' : 'neutral';
          case 'Property':
          case 'PropertyDefinition':
          case 'JSXExpressionContainer':
          case 'ExportDefaultDeclaration':
          case 'ExportSpecifier':
          case 'TSExportAssignment':
            return 'escaped';
          case 'ExpressionStatement':
            return 'dropped';
          default:
            return 'neutral';
        }
      }
    }

    const isHandedOver = (usage: Usage): boolean => usage === 'managed' || usage === 'escaped';

    /** `p.catch(fn)` / `void p` where another use of `p` awaits, tracks, returns or hands it over. */
    function managedElsewhere(expression: TSESTree.Node): boolean {
      let target: AnyNode | undefined = unwrap(asAny(expression));
      if (target?.type === 'UnaryExpression' && target.operator === 'void') target = unwrap(target.argument as AnyNode);
      const root = chainRoot(target);
      if (root?.type !== 'Identifier') return false;
      const identifier = asEstree(root) as TSESTree.Identifier;
      const variable = variableOf(identifier);
      if (!variable || variable.defs.length === 0) return false;
      return variable.references.some(
        (reference) =>
          reference.identifier !== identifier && reference.isRead() && isHandedOver(usageOf(reference.identifier)),
      );
    }

    // ---- suggestions ----
    function awaitIsLegal(node: TSESTree.Node): boolean {
      for (let current = node.parent; current; current = current.parent) {
        if (
          current.type === 'FunctionDeclaration' ||
          current.type === 'FunctionExpression' ||
          current.type === 'ArrowFunctionExpression'
        )
          return current.async;
        if (
          current.type === 'PropertyDefinition' ||
          current.type === 'StaticBlock' ||
          current.type === 'AccessorProperty'
        )
          return false;
      }
      return isModule;
    }

    const needsParens = (node: TSESTree.Node): boolean =>
      !UNARY_SAFE.has(node.type) && !ASTUtils.isParenthesized(node, sourceCode);

    /** The tracker callable here: a destructured `track`, `ctx.track` on a MainContext parameter, or a tracker name in scope. */
    function trackerInScope(node: TSESTree.Node): string | undefined {
      const ancestors = sourceCode.getAncestors(node);
      for (let i = ancestors.length - 1; i >= 0; i--) {
        const fn = ancestors[i]!;
        if (
          !FUNCTION_TYPES.has(fn.type) ||
          !providesMainContext(asAny(fn), ancestors[i - 1] && asAny(ancestors[i - 1]!))
        )
          continue;
        for (const raw of (fn as TSESTree.FunctionLike).params) {
          const param =
            raw.type === 'AssignmentPattern' ? raw.left : raw.type === 'TSParameterProperty' ? raw.parameter : raw;
          if (param.type === 'Identifier') return `${param.name}.track`;
          if (param.type === 'ObjectPattern') {
            for (const property of param.properties) {
              if (
                property.type !== 'Property' ||
                property.key.type !== 'Identifier' ||
                !trackers.includes(property.key.name)
              )
                continue;
              const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
              if (value.type === 'Identifier') return value.name;
            }
          }
        }
      }
      const here = sourceCode.getScope(node);
      for (const tracker of trackers) {
        const root = tracker.split('.')[0]!;
        if (root === 'this' ? thisOwner(node)?.kind === 'class' : ASTUtils.findVariable(here, root)) return tracker;
      }
      return undefined;
    }

    /**
     * Where `void p` is reported as `untracked`: a `void` suggestion would only trade one finding for
     * another. At top level, `void f()` is itself a main call to the entrypoint detector: the file
     * becomes an entrypoint, where the statement is the program's root call only when `f` is its own.
     */
    function wouldBeUntracked(expression: TSESTree.Node, statement: TSESTree.Node): boolean {
      if (options.checkUntracked === 'never') return false;
      if (statement.parent?.type === 'Program' && statement.type === 'ExpressionStatement') {
        const call = rootCallOf(asAny(expression)).call;
        const callee = call?.type === 'CallExpression' ? unwrap(call.callee as AnyNode) : undefined;
        if (
          callee?.type === 'Identifier' ||
          (callee?.type === 'MemberExpression' && propertyName(callee) === 'parseAsync')
        )
          return !isOwnRootCallee(callee);
      }
      return untrackedContext(expression) !== undefined && !isRootCall(statement);
    }

    function suggestionsFor(
      expression: TSESTree.Node,
      kind: 'unhandled' | 'untracked',
      statement: TSESTree.Node,
    ): TSESLint.ReportSuggestionArray<MessageIds> {
      const suggestions: TSESLint.ReportSuggestionArray<MessageIds> = [];
      const isVoid = expression.type === 'UnaryExpression' && expression.operator === 'void';
      const inner = isVoid ? (expression as TSESTree.UnaryExpression).argument : expression;
      // `void [a(), b()]`: awaiting or tracking the array waits for nothing; its promises, gathered, are the work.
      const gathered =
        isVoid && predicates.isPromiseArray(asAny(inner)) ? `Promise.all(${sourceCode.getText(inner)})` : undefined;
      if (awaitIsLegal(expression)) {
        suggestions.push({
          messageId: 'suggestAwait',
          fix: (fixer) => {
            if (gathered !== undefined) return fixer.replaceText(expression, `await ${gathered}`);
            if (isVoid) return fixer.replaceTextRange([expression.range[0], expression.range[0] + 4], 'await');
            return needsParens(expression)
              ? [fixer.insertTextBefore(expression, 'await ('), fixer.insertTextAfter(expression, ')')]
              : fixer.insertTextBefore(expression, 'await ');
          },
        });
      }
      const tracker = trackerInScope(expression);
      if (tracker !== undefined) {
        const text = gathered ?? sourceCode.getText(inner);
        const argumentText =
          inner.type === 'SequenceExpression' && !ASTUtils.isParenthesized(inner, sourceCode) ? `(${text})` : text;
        suggestions.push({
          messageId: 'suggestTrack',
          data: { tracker },
          fix: (fixer) => fixer.replaceText(expression, `${tracker}(${argumentText})`),
        });
      }
      if (kind === 'unhandled' && options.ignoreVoid && !isVoid && !wouldBeUntracked(expression, statement)) {
        suggestions.push({
          messageId: 'suggestVoid',
          fix: (fixer) =>
            needsParens(expression)
              ? [fixer.insertTextBefore(expression, 'void ('), fixer.insertTextAfter(expression, ')')]
              : fixer.insertTextBefore(expression, 'void '),
        });
      }
      return suggestions;
    }

    /** Promises that need no rejection handler (their callee catches its own errors): built on first use, once per file. */
    const rejectionResolver: RejectionResolver = {
      ...(typed?.rejectionResolver ?? {
        functionOf: (callee) => localFunctionOf(callee, scope),
        isFunctionHandler: (node) => isSyntacticFunctionHandler(node, scope),
      }),
      valuesOf: (target) =>
        target.type === 'Identifier'
          ? valuesOfVariable(asEstree(target) as TSESTree.Identifier)
          : thisFieldValues(asEstree(target)),
      readsOf: (identifier) =>
        ownVariableOf(identifier)?.references.flatMap((ref) => (ref.isRead() ? [asAny(ref.identifier)] : [])),
      parameterOf(identifier) {
        const def = ownVariableOf(identifier)?.defs[0];
        return def?.type === 'Parameter' ? asAny(def.node) : undefined;
      },
    };

    /** A variable of this file (not of a function parsed again from another file, typeAware). */
    const ownVariableOf = (identifier: AnyNode): TSESLint.Scope.Variable | null =>
      typed && !typed.isOwnNode(asEstree(identifier)) ? null : variableOf(asEstree(identifier) as TSESTree.Identifier);

    /** `this.x` in a class: what the class stores there (detection/class-fields.ts). */
    function thisFieldValues(member: TSESTree.Node): AnyNode[] | undefined {
      const owner = typed && !typed.isOwnNode(member) ? undefined : thisOwner(member);
      return owner?.kind === 'class' ? classFieldValues(asAny(owner.node), asAny(member)) : undefined;
    }

    /** Every value a local `let`/`const` is given, when each write is a plain assignment (not a parameter, loop or destructuring). */
    function valuesOfVariable(identifier: TSESTree.Identifier): AnyNode[] | undefined {
      // A function parsed again from another file (typeAware) is not in this file's scopes.
      if (typed && !typed.isOwnNode(identifier)) return undefined;
      const variable = variableOf(identifier);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!variable || String(def?.type) !== 'Variable') return undefined;
      const declarator = def!.node as TSESTree.VariableDeclarator;
      const declaration = declarator.parent;
      // `declare const p: Promise<void>` has a value nobody here wrote; a loop variable takes the iterated values.
      if (!declarator.init && declaration.declare === true) return undefined;
      const loop = declaration.parent;
      if (loop?.type === 'ForOfStatement' || loop?.type === 'ForInStatement') return undefined;
      const values: AnyNode[] = declarator.init ? [asAny(declarator.init)] : [];
      for (const reference of variable.references) {
        if (!reference.isWrite() || reference.init) continue;
        const write = reference.identifier.parent;
        if (write?.type !== 'AssignmentExpression' || write.left !== reference.identifier) return undefined;
        values.push(asAny(write.operator === '=' ? write.right : write));
      }
      return values;
    }
    let rejection: CannotRejectAnalysis | undefined;
    const cannotReject = (): CannotRejectAnalysis => (rejection ??= cannotRejectAnalysis(rejectionResolver));

    /** A discarded value floats every item of a sequence, and with `ignoreVoid: false` what `void` discards. */
    function discardedCannotReject(expression: AnyNode): boolean {
      const node = unwrap(expression)!;
      if (node.type === 'SequenceExpression')
        return (node.expressions as AnyNode[]).every((item) => discardedCannotReject(item));
      if (node.type === 'UnaryExpression' && node.operator === 'void')
        return discardedCannotReject(node.argument as AnyNode);
      return cannotReject().droppedValueIsHandled(node);
    }

    // ---- the checks ----
    const isIife = (expression: TSESTree.Expression): boolean =>
      expression.type === 'CallExpression' &&
      (expression.callee.type === 'ArrowFunctionExpression' || expression.callee.type === 'FunctionExpression');

    /** A value discarded by an expression statement or an arrow body `() => void p`. */
    function checkDiscarded(expression: TSESTree.Expression, statement: TSESTree.Node): void {
      if (options.ignoreIIFE && isIife(expression)) return;
      const verdict = classifyFloating(asAny(expression), predicates, options);
      if (!verdict || floatsNothingNew(asAny(expression))) return;
      if (verdict.kind === 'promiseArray') {
        context.report({ node: expression, messageId: 'promiseArray' });
        return;
      }
      if (verdict.kind === 'unhandled' && !discardedCannotReject(asAny(expression))) {
        const handlerNote = verdict.nonFunctionHandler
          ? ' (a rejection handler that is not a function is ignored)'
          : '';
        context.report({
          node: expression,
          messageId: 'unhandled',
          data: { handlerNote },
          suggest: suggestionsFor(expression, 'unhandled', statement),
        });
        return;
      }
      if (options.checkUntracked === 'never' || managedElsewhere(expression)) return;
      const where = untrackedContext(statement);
      if (where === undefined || isRootCall(statement)) return;
      if (where === ENTRYPOINT_CONTEXT && handledOffMainPath(expression, statement)) return;
      context.report({
        node: expression,
        messageId: 'untracked',
        data: { where },
        suggest: suggestionsFor(expression, 'untracked', statement),
      });
    }

    function checkUnused(declarator: TSESTree.VariableDeclarator): void {
      const init = declarator.init;
      if (!init || declarator.id.type !== 'Identifier') return;
      const kind = (declarator.parent as TSESTree.VariableDeclaration).kind;
      if (kind === 'using' || kind === 'await using' || declarator.parent.parent?.type === 'ExportNamedDeclaration')
        return;
      const initType = unwrap(asAny(init))?.type;
      if (
        initType === 'AwaitExpression' ||
        initType === 'Literal' ||
        initType === 'ObjectExpression' ||
        initType === 'ArrowFunctionExpression' ||
        initType === 'FunctionExpression' ||
        initType === 'ClassExpression' ||
        initType === 'TemplateLiteral'
      )
        return;
      const variable = sourceCode.getDeclaredVariables(declarator)[0];
      if (!variable || variable.references.some((reference) => reference.isRead())) return;
      // A classic script's globals are shared with other scripts.
      if (variable.scope.type === 'global' && isClassicScript(context.languageOptions)) return;
      if (!predicates.isPromise(asAny(init)) && !predicates.isPromiseArray(asAny(init))) return;
      context.report({ node: declarator, messageId: 'unusedPromise', data: { name: declarator.id.name } });
    }

    const drainedCollections = new Map<TSESLint.Scope.Variable, boolean>();

    /** Whether any use of the collection drains it (awaits, tracks, `Promise.all*`) or hands it over (returns, passes, stores). */
    function isDrained(variable: TSESLint.Scope.Variable): boolean {
      const drainsAt = (start: TSESTree.Node, depth: number): boolean => {
        const usage = usageOf(start);
        if (typeof usage === 'string') return isHandedOver(usage);
        if (NEUTRAL_METHODS.has(usage.method)) return false;
        if (DERIVING_METHODS.has(usage.method) && depth < 4) return drainsAt(usage.call, depth + 1);
        return true; // forEach, reduce, a method we do not know: assume it drains
      };
      return variable.references.some((reference) => reference.isRead() && drainsAt(reference.identifier, 0));
    }

    function checkCollectionAdd(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): void {
      if (callee.object.type !== 'Identifier' || call.arguments.length === 0) return;
      // The syntactic conditions (a fresh local collection, never drained) before the promise test,
      // which asks the type checker in typed mode.
      const variable = variableOf(callee.object);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!variable || String(def?.type) !== 'Variable') return;
      const declarator = def!.node as TSESTree.VariableDeclarator;
      if (declarator.id.type !== 'Identifier' || !isFreshCollection(declarator.init)) return;
      if (declarator.parent.parent?.type === 'ExportNamedDeclaration') return;
      // A classic script's globals are shared with other scripts.
      if (variable.scope.type === 'global' && isClassicScript(context.languageOptions)) return;
      let drained = drainedCollections.get(variable);
      if (drained === undefined) {
        drained = isDrained(variable);
        drainedCollections.set(variable, drained);
      }
      if (drained) return;
      const addsPromise = call.arguments.some((arg) =>
        arg.type === 'SpreadElement'
          ? predicates.isPromiseArray(asAny(arg.argument))
          : predicates.isPromise(asAny(arg)),
      );
      if (addsPromise)
        context.report({ node: call, messageId: 'undrainedCollection', data: { name: callee.object.name } });
    }

    function checkDroppedCallback(call: TSESTree.CallExpression): void {
      const callee = call.callee;
      let callbackIndex: number | undefined;
      let listener = false;
      if (callee.type === 'Identifier') {
        if (TIMER_FUNCTIONS.has(callee.name) && isTimerFunction(callee)) callbackIndex = 0;
      } else if (callee.type === 'MemberExpression') {
        const method = propertyName(asAny(callee));
        if (method === undefined) return;
        const objectPath = memberPath(asAny(callee.object));
        if (method === 'forEach') callbackIndex = 0;
        else if (
          TIMER_FUNCTIONS.has(method) &&
          (objectPath === 'globalThis' || objectPath === 'window' || isTimerFunction(callee))
        )
          callbackIndex = 0;
        else if (method === 'nextTick' && objectPath === 'process') callbackIndex = 0;
        else if (LISTENER_METHODS.has(method)) {
          callbackIndex = 1;
          listener = true;
        }
      }
      if (callbackIndex === undefined) return;
      const callback = call.arguments[callbackIndex];
      if (!callback || callback.type === 'SpreadElement' || !returnsUnhandledPromise(callback)) return;
      // A callback that catches its own errors leaves nothing unhandled.
      if (cannotReject().callbackCannotReject(asAny(callback))) return;
      if (listener) {
        const objectPath = memberPath(asAny((callee as TSESTree.MemberExpression).object)) ?? '';
        if (objectPath === 'process' || objectPath === 'globalThis.process' || objectPath === 'node:process') {
          const registration = processListenerInScope(
            asAny(call),
            sourceCode.getAncestors(call).map(asAny),
            asAny(program),
          );
          // An async process signal listener is require-signal-cancellation's `unhandledAsyncListener`.
          if (registration && listensToSignal(registration)) return;
        }
      }
      const label =
        memberPath(asAny(callee)) ??
        (callee.type === 'MemberExpression' ? `….${propertyName(asAny(callee)) ?? 'call'}` : 'This call');
      context.report({ node: callback, messageId: 'droppedAsyncCallback', data: { callee: `${label}()` } });
    }

    /** A global timer, or one imported from `timers` (not `timers/promises`, whose first argument is a delay). */
    function isTimerFunction(callee: TSESTree.Node): boolean {
      const root = unwrap(asAny(callee));
      if (root?.type === 'Identifier') {
        const resolution = scope.resolve(root);
        if (resolution.kind === 'global') return true;
      }
      return moduleExportOf(asAny(callee), scope)?.source === 'timers';
    }

    return {
      ExpressionStatement(node) {
        if (isDirective(asAny(node))) return;
        checkDiscarded(node.expression, node);
      },
      'ArrowFunctionExpression > UnaryExpression.body[operator="void"]'(node: TSESTree.UnaryExpression) {
        checkDiscarded(node, node);
      },
      VariableDeclarator: checkUnused,
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'MemberExpression') {
          const method = propertyName(asAny(callee));
          if (method !== undefined && COLLECTION_ADDERS.has(method)) {
            checkCollectionAdd(node, callee);
            return;
          }
          if (
            method !== undefined &&
            (method === 'forEach' ||
              method === 'nextTick' ||
              TIMER_FUNCTIONS.has(method) ||
              LISTENER_METHODS.has(method))
          )
            checkDroppedCallback(node);
        } else if (callee.type === 'Identifier' && TIMER_FUNCTIONS.has(callee.name)) {
          checkDroppedCallback(node);
        }
      },
    };
  },
});

/**
 * Names that may be async methods / async properties in this file, from its text (a cheap superset:
 * `async name(`, `name: async`, `name = async`), so member calls of other names skip name resolution.
 */
function asyncMemberNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  const isNameChar = (code: number): boolean =>
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 36 ||
    code === 95 ||
    code > 127;
  const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;
  for (let at = text.indexOf('async'); at !== -1; at = text.indexOf('async', at + 5)) {
    if (isNameChar(text.charCodeAt(at - 1)) || isNameChar(text.charCodeAt(at + 5))) continue;
    // `async name(`, `async *name(`, `async #name<T>(`
    let i = at + 5;
    while (isSpace(text.charCodeAt(i))) i++;
    if (text[i] === '*') for (i++; isSpace(text.charCodeAt(i));) i++;
    if (text[i] === '#') i++;
    const start = i;
    while (isNameChar(text.charCodeAt(i))) i++;
    while (isSpace(text.charCodeAt(i))) i++;
    if (i > start && (text[i] === '(' || text[i] === '<')) names.add(text.slice(start, i).trim());
    // `name: async`, `name = async`, `'name': async`
    let j = at - 1;
    while (j >= 0 && isSpace(text.charCodeAt(j))) j--;
    if (text[j] !== ':' && text[j] !== '=') continue;
    for (j--; j >= 0 && isSpace(text.charCodeAt(j));) j--;
    if (text[j] === '"' || text[j] === "'") j--;
    const end = j + 1;
    while (j >= 0 && isNameChar(text.charCodeAt(j))) j--;
    if (end > j + 1) names.add(text.slice(j + 1, end));
  }
  return names;
}

/** `[]`, `new Array()`, `new Set()`, `Array.of()` / `Array.from()` — a collection this code owns. */
function isFreshCollection(init: TSESTree.Expression | null): boolean {
  const node = init ? (unwrap(asAny(init)) as unknown as TSESTree.Node | undefined) : undefined;
  if (!node) return false;
  if (node.type === 'ArrayExpression') return true;
  if (node.type === 'NewExpression')
    return node.callee.type === 'Identifier' && (node.callee.name === 'Set' || node.callee.name === 'Array');
  if (node.type === 'CallExpression') {
    const path = memberPath(asAny(node.callee));
    return path === 'Array.of' || path === 'Array.from';
  }
  return false;
}

/** What `this` refers to at `node`: the enclosing class (static or not) or object literal, through arrows. */
function thisOwner(
  node: TSESTree.Node,
):
  | { kind: 'class'; node: TSESTree.Node; isStatic: boolean }
  | { kind: 'object'; node: TSESTree.ObjectExpression }
  | undefined {
  let previous: TSESTree.Node = node;
  for (let current = node.parent; current; previous = current, current = current.parent) {
    switch (current.type) {
      case 'ArrowFunctionExpression':
        continue;
      case 'FunctionExpression': {
        const owner = current.parent;
        if (
          (owner?.type === 'MethodDefinition' || owner?.type === 'TSAbstractMethodDefinition') &&
          owner.value === current
        ) {
          return { kind: 'class', node: owner.parent.parent, isStatic: owner.static };
        }
        if (owner?.type === 'Property' && owner.value === current && owner.parent.type === 'ObjectExpression')
          return { kind: 'object', node: owner.parent };
        return undefined;
      }
      case 'FunctionDeclaration':
        return undefined;
      case 'PropertyDefinition':
      case 'AccessorProperty':
        return previous === current.value
          ? { kind: 'class', node: current.parent.parent, isStatic: current.static }
          : undefined;
      case 'StaticBlock':
        return { kind: 'class', node: current.parent.parent, isStatic: true };
      default:
        continue;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Type-aware predicates (typescript-eslint's no-floating-promises, without its dependencies)
// ---------------------------------------------------------------------------------------------

function typedPredicates(services: ParserServicesWithTypeInformation, options: Required<NoUnmanagedPromisesOptions>) {
  const program = services.program;
  const checker = program.getTypeChecker();
  const typeAt = (node: TSESTree.Node): ts.Type | undefined => {
    try {
      return services.getTypeAtLocation(node);
    } catch {
      return undefined; // typescript-eslint#11947: the checker throws on some nodes
    }
  };
  const parts = (type: ts.Type): readonly ts.Type[] => (type.isUnion() ? type.types : [type]);
  const fromDefaultLibrary = (symbol: ts.Symbol | undefined): boolean =>
    (symbol?.getDeclarations() ?? []).some((declaration) =>
      program.isSourceFileDefaultLibrary(declaration.getSourceFile()),
    );

  function isBuiltinPromise(type: ts.Type, depth = 0): boolean {
    if (depth > 8) return false;
    if (type.isIntersection()) return type.types.some((part) => isBuiltinPromise(part, depth + 1));
    if (type.isUnion()) return type.types.every((part) => isBuiltinPromise(part, depth + 1));
    const plain: ts.Type = type;
    if (plain.isTypeParameter()) {
      const constraint = plain.getConstraint();
      return constraint ? isBuiltinPromise(constraint, depth + 1) : false;
    }
    const symbol = type.getSymbol();
    if (symbol?.getName() === 'Promise' && fromDefaultLibrary(symbol)) return true;
    // A subclass (`class Task<T> extends Promise<T>`): an instantiation's bases are its generic target's.
    const declared = (type as ts.Type & { target?: ts.Type }).target ?? type;
    return (
      declared.isClassOrInterface() && checker.getBaseTypes(declared).some((base) => isBuiltinPromise(base, depth + 1))
    );
  }

  const hasCallSignature = (type: ts.Type): boolean =>
    parts(checker.getApparentType(type)).some((part) => part.getCallSignatures().length > 0);

  function isPromiseType(type: ts.Type, tsNode: ts.Node): boolean {
    if (typeMatchesSomeSpecifier(type, options.allowForKnownSafePromises, program)) return false;
    const typeParts = parts(checker.getApparentType(type));
    if (typeParts.some((part) => isBuiltinPromise(part))) return true;
    if (!options.checkThenables) return false;
    // A thenable whose `then` takes both callbacks (so it can be rejected and handled).
    return typeParts.some((part) => {
      const then = part.getProperty('then');
      if (!then) return false;
      const thenType = checker.getTypeOfSymbolAtLocation(then, tsNode);
      return parts(thenType).some((candidate) =>
        candidate
          .getCallSignatures()
          .some(
            (signature) =>
              signature.parameters.length >= 2 &&
              signature.parameters
                .slice(0, 2)
                .every((parameter) => hasCallSignature(checker.getTypeOfSymbolAtLocation(parameter, tsNode))),
          ),
      );
    });
  }

  const isFunctionHandler = (node: TSESTree.Node): boolean => {
    const type = typeAt(node);
    return type === undefined || type.getCallSignatures().length > 0;
  };

  const functionByDeclaration = new WeakMap<ts.Declaration, AnyNode | null>();
  /** Same file: the ESTree function; another file: its parameters and body parsed again (the analysis needs no types there). */
  function functionOfDeclaration(declaration: ts.Declaration): AnyNode | undefined {
    let cached = functionByDeclaration.get(declaration);
    if (cached === undefined) {
      cached = parsedFunctionOf(declaration) ?? null;
      functionByDeclaration.set(declaration, cached);
    }
    return cached ?? undefined;
  }

  function parsedFunctionOf(declaration: ts.Declaration): AnyNode | undefined {
    const local = services.tsNodeToESTreeNodeMap.get(declaration as ts.Node) as TSESTree.Node | undefined;
    if (local) {
      const fn = local.type === 'MethodDefinition' || local.type === 'Property' ? local.value : local;
      return FUNCTION_TYPES.has(fn.type) ? asAny(fn) : undefined;
    }
    const like = declaration as ts.Declaration & {
      body?: ts.Node;
      parameters?: readonly ts.Node[];
      asteriskToken?: unknown;
      modifiers?: readonly ts.Node[];
    };
    if (!like.body || !like.parameters || like.asteriskToken !== undefined) return undefined;
    const async = (like.modifiers ?? []).some((modifier) => modifier.getText() === 'async') ? 'async ' : '';
    const body = like.body.getText();
    const block = body.startsWith('{') ? body : `{ return (${body}); }`;
    const text = `(${async}function (${like.parameters.map((p) => p.getText()).join(', ')}) ${block})`;
    try {
      const statement = parseTypeScript(text).body[0];
      return statement?.type === 'ExpressionStatement' ? asAny(statement.expression) : undefined;
    } catch {
      return undefined;
    }
  }

  /** What the cannot-reject analysis asks: a callee's declaration wherever it is, and types that are no thenable. */
  const rejectionResolver: RejectionResolver = {
    functionOf(node) {
      if (FUNCTION_TYPES.has(node.type)) return node;
      const callee = asEstree(node);
      const tsNode = services.esTreeNodeToTSNodeMap.get(callee) as ts.Node | undefined;
      if (!tsNode) return undefined; // a function parsed again from another file: no types there
      let declaration: ts.Declaration | undefined;
      try {
        const call =
          callee.parent?.type === 'CallExpression' && callee.parent.callee === callee ? callee.parent : undefined;
        if (call)
          declaration = checker.getResolvedSignature(services.esTreeNodeToTSNodeMap.get(call))?.getDeclaration();
        else {
          const signatures = parts(checker.getTypeAtLocation(tsNode)).flatMap((part) => part.getCallSignatures());
          declaration = signatures.length === 1 ? signatures[0]!.getDeclaration() : undefined;
        }
      } catch {
        return undefined; // typescript-eslint#11947: the checker throws on some nodes
      }
      return declaration ? functionOfDeclaration(declaration) : undefined;
    },
    isFunctionHandler: (node) => isFunctionHandler(asEstree(node)),
    callNeverRejects(call) {
      const tsNode = services.esTreeNodeToTSNodeMap.get(asEstree(call)) as ts.CallExpression | undefined;
      try {
        const declaration = tsNode && checker.getResolvedSignature(tsNode)?.getDeclaration();
        return declaration !== undefined && isNeverRejectingDeclaration(declaration);
      } catch {
        return false; // typescript-eslint#11947: the checker throws on some nodes
      }
    },
    isNotThenable(node) {
      const estree = asEstree(node);
      if (!services.esTreeNodeToTSNodeMap.has(estree)) return false;
      const type = typeAt(estree);
      if (!type || (type.flags & ANY_OR_UNKNOWN) !== 0) return false;
      return parts(checker.getApparentType(type)).every(
        (part) => (part.flags & ANY_OR_UNKNOWN) === 0 && part.getProperty('then') === undefined,
      );
    },
  };

  const isPromise = (start: TSESTree.Node): boolean => {
    // The statement `x as Promise<T>` floats what the assertion says, not what `x` was declared as.
    let node = start;
    while (
      node.parent &&
      ASSERTIONS.has(node.parent.type) &&
      (node.parent as { expression?: unknown }).expression === node
    )
      node = node.parent;
    const type = typeAt(node);
    return type !== undefined && isPromiseType(type, services.esTreeNodeToTSNodeMap.get(node));
  };

  return {
    isPromise,
    isPromiseArray(node: TSESTree.Node): boolean {
      const type = typeAt(node);
      if (!type) return false;
      const tsNode = services.esTreeNodeToTSNodeMap.get(node);
      return parts(type).some((part) => {
        const apparent = checker.getApparentType(part);
        if (checker.isArrayType(apparent)) {
          const element = checker.getTypeArguments(apparent as ts.TypeReference)[0];
          return element !== undefined && isPromiseType(element, tsNode);
        }
        return (
          checker.isTupleType(apparent) &&
          checker.getTypeArguments(apparent as ts.TypeReference).some((element) => isPromiseType(element, tsNode))
        );
      });
    },
    isFunctionHandler,
    returnsPromise(fn: TSESTree.Node): boolean {
      const type = typeAt(fn);
      if (!type) return false;
      const tsNode = services.esTreeNodeToTSNodeMap.get(fn);
      const signatures = parts(type).flatMap((part) => part.getCallSignatures());
      return signatures.length > 0 && signatures.some((signature) => isPromiseType(signature.getReturnType(), tsNode));
    },
    rejectionResolver,
    /** A node of the file being linted (not of a function parsed again from another file). */
    isOwnNode: (node: TSESTree.Node): boolean => services.esTreeNodeToTSNodeMap.has(node),
    isKnownSafeCall(call: TSESTree.CallExpression): boolean {
      const type = typeAt(call.callee);
      if (!type) return false;
      return (
        options.allowForKnownSafeCalls.some((specifier) =>
          valueMatchesSpecifier(call.callee, specifier, type, program),
        ) || typeMatchesSomeSpecifier(type, options.allowForKnownSafeCalls, program)
      );
    },
  };
}

const specifierNames = (name: string | readonly string[]): readonly string[] =>
  typeof name === 'string' ? [name] : name;

function nameMatches(type: ts.Type, names: readonly string[]): boolean {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const intrinsic = (type as { intrinsicName?: string }).intrinsicName;
  return names.some((name) => (symbol !== undefined && symbol.escapedName === name) || intrinsic === name);
}

function declaredInPackage(packageName: string, symbol: ts.Symbol | undefined, program: ts.Program): boolean {
  const declarations = symbol?.getDeclarations() ?? [];
  const normalized = packageName.replace(/^node:/, '');
  const typesName = normalized.replace(/^@([^/]+)\//, '$1__');
  return declarations.some((declaration) => {
    // `declare module 'pkg' { … }` (Node's own typings declare their modules this way).
    const ambient = ambientModuleOf(declaration);
    if (ambient === packageName || ambient === normalized || ambient === `node:${normalized}`) return true;
    const file = declaration.getSourceFile();
    if (!program.isSourceFileFromExternalLibrary(file)) return false;
    const path = file.fileName.replace(/\\/g, '/');
    return path.includes(`/node_modules/${normalized}/`) || path.includes(`/node_modules/@types/${typesName}/`);
  });
}

function sourceMatches(
  specifier: Exclude<TypeOrValueSpecifier, string>,
  symbol: ts.Symbol | undefined,
  program: ts.Program,
): boolean {
  const files = (symbol?.getDeclarations() ?? []).map((declaration) => declaration.getSourceFile());
  switch (specifier.from) {
    case 'lib':
      return files.length === 0 || files.some((file) => program.isSourceFileDefaultLibrary(file));
    case 'file': {
      const cwd = program.getCurrentDirectory().replace(/\\/g, '/');
      if (specifier.path === undefined)
        return files.some(
          (file) => file.fileName.replace(/\\/g, '/').startsWith(cwd) && !file.fileName.includes('/node_modules/'),
        );
      const wanted = `${cwd}/${specifier.path.replace(/^\.\//, '')}`;
      return files.some((file) => file.fileName.replace(/\\/g, '/') === wanted);
    }
    case 'package':
      return declaredInPackage(specifier.package, symbol, program);
    default:
      return false;
  }
}

function typeMatchesSpecifier(type: ts.Type, specifier: TypeOrValueSpecifier, program: ts.Program): boolean {
  if (type.isUnion()) return type.types.every((part) => typeMatchesSpecifier(part, specifier, program));
  const names = specifierNames(typeof specifier === 'string' ? specifier : specifier.name);
  if (
    nameMatches(type, names) &&
    (typeof specifier === 'string' || sourceMatches(specifier, type.getSymbol() ?? type.aliasSymbol, program))
  )
    return true;
  return type.isIntersection() && type.types.some((part) => typeMatchesSpecifier(part, specifier, program));
}

function typeMatchesSomeSpecifier(
  type: ts.Type,
  specifiers: readonly TypeOrValueSpecifier[],
  program: ts.Program,
): boolean {
  return specifiers.length > 0 && specifiers.some((specifier) => typeMatchesSpecifier(type, specifier, program));
}

function valueMatchesSpecifier(
  node: TSESTree.Node,
  specifier: TypeOrValueSpecifier,
  type: ts.Type,
  program: ts.Program,
): boolean {
  const name =
    node.type === 'Identifier'
      ? node.name
      : node.type === 'Literal' && typeof node.value === 'string'
        ? node.value
        : undefined;
  if (name === undefined) return false;
  if (typeof specifier === 'string') return specifier === name;
  if (!specifierNames(specifier.name).includes(name)) return false;
  return specifier.from === 'package'
    ? declaredInPackage(specifier.package, type.getSymbol() ?? type.aliasSymbol, program)
    : true;
}
