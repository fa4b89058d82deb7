/**
 * `require-signal-propagation` (docs/architecture.md §5): an AbortSignal that never reaches the work cannot
 * cancel it. Reports calls to APIs that accept a signal (the shared table in
 * `detection/signal-apis.ts`; with `typeAware`, any callee whose options type has a `signal`
 * accepting an AbortSignal) made without the signal that is in scope.
 */
import {
  ASTUtils,
  type ParserServicesWithTypeInformation,
  type TSESLint,
  type TSESTree,
} from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { type AnyNode, memberPath, propertyName, unwrap } from '../detection/ast.js';
import { typelessEngineReason } from '../detection/engine.js';
import { type ImportMap, programImports } from '../detection/imports.js';
import {
  type ArgumentShape,
  type OptionsLocation,
  type SignalApi,
  type SignalApiReceiver,
  type SignalInScope,
  type SignalTypeHooks,
  SIGNAL_APIS,
  argumentShape,
  createSignalScope,
  findSignalApi,
  isBlockingApi,
  isBlockingName,
  locateOptions,
  objectLiteralSignal,
  placementAt,
  signalApiKey,
} from '../detection/signal-apis.js';
import { mayHaveSignalInScope } from '../detection/text-hints.js';
import { isStoppingName, stopsWork } from '../detection/work-starters.js';
import { createRule } from './create-rule.js';
import { eslintScopeResolver } from './eslint-scope.js';
import { requireTypeInformation } from './type-information.js';

export const RULE_NAME = 'require-signal-propagation';

type MessageIds = 'missingSignal' | 'addSignal' | 'passOptions' | 'wrapOptions';

/** An extra table row, as written in the rule options (same fields as `SignalApi`). */
interface ApiOption {
  module: string;
  name: string;
  optionsIndex: number | 'last';
  fillers?: string[];
  optionsFrom?: number;
  callback?: boolean;
  stringOption?: string;
  receiver?: SignalApiReceiver;
}

export interface RuleOptions {
  apis: ApiOption[];
  ignore: string[];
  typeAware: boolean;
}

type Options = [RuleOptions];

const DEFAULT_OPTIONS: RuleOptions = { apis: [], ignore: [], typeAware: false };

// TypeScript's enum values, inlined so that the syntactic rule never loads `typescript`
// (plain-JS users may not have it). The tests assert they match the installed compiler.
export const TS_FLAGS = {
  /** TypeFlags.Any | TypeFlags.Unknown */
  anyOrUnknown: 1 | 2,
  /** TypeFlags.StringLike */
  stringLike: 12583968,
  /** NumberLike | BooleanLike | BigIntLike | ESSymbolLike | Undefined | Null | Void | EnumLike | Never */
  otherPrimitive: 67648 | 8448 | 4224 | 16896 | 4 | 8 | 16 | 98304 | 262144,
  /** TypeFlags.Undefined | TypeFlags.Null | TypeFlags.Void */
  nullish: 4 | 8 | 16,
  /** TypeFlags.Undefined */
  undefined: 4,
  /** SymbolFlags.Type */
  symbolType: 788968,
  /** SymbolFlags.Optional */
  optionalSymbol: 16777216,
  /** TypeFlags.InstantiableNonPrimitive (type parameters, indexed access, conditional types) */
  instantiableNonPrimitive: 117964800,
  /** TypeFlags.Object */
  object: 1048576,
  /** ObjectFlags.Mapped */
  mappedObject: 32,
} as const;

const LISTENER_REGISTRATIONS = new Set(['addEventListener', 'removeEventListener']);
/** Members of a result that keeps working after the call returned (see `outlivesCall`). */
const ASYNC_HANDLE_MEMBERS = ['then', 'on', 'addListener', 'addEventListener', 'unref'];

const asAny = (node: TSESTree.Node): AnyNode => node as unknown as AnyNode;

/** Type-aware answers for one file (only built when `typeAware` is on). */
interface TypeInformation {
  readonly hooks: SignalTypeHooks;
  /** A shape refined with the argument's type (a `string` variable is a string, an array an array). */
  shape(argument: TSESTree.CallExpressionArgument): ArgumentShape;
  /** The resolved signature's options parameter that takes a `signal`, as a table row. */
  signatureRow(call: TSESTree.CallExpression): SignalApi | undefined;
  /** Whether a value of this expression's type may carry `signal` (false = types prove it lacks one). */
  mayCarrySignal(expression: TSESTree.Node): boolean;
  /** Whether the expression's type is an object type (so `{ ...x, signal }` is a sensible edit). */
  isObjectLike(expression: TSESTree.Node): boolean;
  /** A `*Sync` call whose result is a plain value: it is over before any abort can happen (`isBlockingName`). */
  isBlockingCall(call: TSESTree.CallExpression): boolean;
  /** Whether the call's result keeps working after it returns (`outlivesCall`): a synchronous helper starts nothing to cancel. */
  startsWork(call: TSESTree.CallExpression): boolean;
  /** Whether a value of this expression's type carries its own AbortSignal (a `Request`: a required `signal`). */
  carriesOwnSignal(expression: TSESTree.Node): boolean;
}

function typeInformation(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>): TypeInformation {
  const services = requireTypeInformation(RULE_NAME, context);
  const checker = services.program.getTypeChecker();
  const abortSignalSymbol = checker.resolveName('AbortSignal', undefined, TS_FLAGS.symbolType, false);
  const abortSignalType = abortSignalSymbol ? checker.getDeclaredTypeOfSymbol(abortSignalSymbol) : undefined;

  const isAnyOrUnknown = (type: ts.Type): boolean => (type.flags & TS_FLAGS.anyOrUnknown) !== 0;
  const constituents = (type: ts.Type): ts.Type[] => (type.isUnion() ? type.types : [type]);
  const nonNullish = (type: ts.Type): ts.Type[] => constituents(type).filter((t) => (t.flags & TS_FLAGS.nullish) === 0);
  const isPrimitive = (type: ts.Type): boolean => (type.flags & (TS_FLAGS.stringLike | TS_FLAGS.otherPrimitive)) !== 0;
  const symbolName = (type: ts.Type): string | undefined => (type.aliasSymbol ?? type.getSymbol())?.getName();

  /** A value of this type can be passed as an AbortSignal (the type is one, possibly optional). */
  const isAbortSignal = (type: ts.Type): boolean | undefined => {
    if (isAnyOrUnknown(type)) return undefined;
    const members = nonNullish(type);
    if (members.length === 0) return false;
    return members.every((member) =>
      abortSignalType
        ? !isAnyOrUnknown(member) && checker.isTypeAssignableTo(member, abortSignalType)
        : symbolName(member) === 'AbortSignal',
    );
  };

  /** A property type that accepts an AbortSignal (`signal?: AbortSignal | null`), not `any` nor a signal *name*. */
  const acceptsAbortSignal = (type: ts.Type): boolean => {
    if (isAnyOrUnknown(type)) return false;
    if (abortSignalType) return checker.isTypeAssignableTo(abortSignalType, type);
    return constituents(type).some((member) => symbolName(member) === 'AbortSignal');
  };

  const signalPropertyType = (type: ts.Type, location: ts.Node): ts.Type | undefined => {
    if (isAnyOrUnknown(type) || isPrimitive(type)) return undefined;
    const property = checker.getPropertyOfType(checker.getApparentType(type), 'signal');
    return property ? checker.getTypeOfSymbolAtLocation(property, location) : undefined;
  };

  /**
   * An options parameter type: some object member has an optional `signal` that accepts an
   * AbortSignal. A required `signal` belongs to an object that owns one (a `Request`, a
   * `MainContext`), not to an options bag — and leaving it out is already a type error.
   */
  const takesSignalOptions = (type: ts.Type, location: ts.Node): boolean =>
    nonNullish(type).some((member) => {
      if (isAnyOrUnknown(member) || isPrimitive(member)) return false;
      const property = checker.getPropertyOfType(checker.getApparentType(member), 'signal');
      if (!property || (property.flags & TS_FLAGS.optionalSymbol) === 0) return false;
      return acceptsAbortSignal(checker.getTypeOfSymbolAtLocation(property, location));
    });

  /**
   * A callee whose type is a union (`WorkloadAuth | X509Auth`): every member must take signal
   * options at that position, or the signal cannot be passed without narrowing first.
   */
  const everyCalleeTakesSignalAt = (tsCall: ts.Node, index: number): boolean => {
    const callee = (tsCall as ts.CallExpression).expression as ts.Node | undefined;
    if (!callee) return true;
    const members = nonNullish(checker.getTypeAtLocation(callee));
    if (members.length < 2) return true;
    return members.every((member) =>
      member.getCallSignatures().some((signature) => {
        const parameter = signature.getParameters()[index];
        return (
          parameter !== undefined && takesSignalOptions(checker.getTypeOfSymbolAtLocation(parameter, tsCall), tsCall)
        );
      }),
    );
  };

  const hooks: SignalTypeHooks = {
    isAbortSignal(binding) {
      return isAbortSignal(services.getTypeAtLocation(binding as unknown as TSESTree.Node));
    },
    hasSignalProperty(parameter) {
      const node = parameter as unknown as TSESTree.Node;
      const type = services.getTypeAtLocation(node);
      if (isAnyOrUnknown(type)) return undefined;
      const members = nonNullish(type);
      const location = services.esTreeNodeToTSNodeMap.get(node);
      return (
        members.length > 0 &&
        members.every((member) => {
          const propertyType = signalPropertyType(member, location);
          return propertyType !== undefined && isAbortSignal(propertyType) === true;
        })
      );
    },
  };

  /**
   * A result that outlives the call: a promise or thenable, an emitter or event target (a
   * ChildProcess, a stream, a watcher), an async iterable, a function (a canceller), or a type
   * that cannot be told (`any`, a type parameter).
   */
  const outlivesCall = (type: ts.Type): boolean =>
    isAnyOrUnknown(type) ||
    nonNullish(type).some((member) => {
      if (isAnyOrUnknown(member) || member.isTypeParameter()) return true;
      if (isPrimitive(member)) return false;
      const apparent = checker.getApparentType(member);
      if (ASYNC_HANDLE_MEMBERS.some((name) => checker.getPropertyOfType(apparent, name) !== undefined)) return true;
      return (
        apparent.getCallSignatures().length > 0 ||
        apparent.getProperties().some((property) => String(property.escapedName).startsWith('__@asyncIterator'))
      );
    });

  /**
   * Whether some instantiation of this declared parameter type may have a `signal` property: a
   * superset of `takesSignalOptions` on the resolved signature, checked without resolving it.
   */
  const mayTakeSignalOptions = (type: ts.Type): boolean =>
    nonNullish(type).some((member) => {
      if (isAnyOrUnknown(member) || isPrimitive(member)) return false;
      if ((member.flags & TS_FLAGS.instantiableNonPrimitive) !== 0) return true;
      if (member.isIntersection() && member.types.some(mayTakeSignalOptions)) return true;
      if (
        (member.flags & TS_FLAGS.object) !== 0 &&
        ((member as ts.ObjectType).objectFlags & TS_FLAGS.mappedObject) !== 0
      )
        return true;
      return checker.getPropertyOfType(checker.getApparentType(member), 'signal') !== undefined;
    });

  /**
   * Whether any call signature of the callee's type has a parameter (before a rest parameter) that
   * may take `{ signal }`. Resolving the call's signature checks its arguments (callbacks
   * included); this reads the callee's declared signatures only, so most calls made with a signal
   * in scope (everything inside a `main(ctx)`) are settled without resolving them.
   */
  const calleeMayTakeSignal = (call: TSESTree.CallExpression, location: ts.Node): boolean =>
    nonNullish(services.getTypeAtLocation(call.callee)).some((member) =>
      checker
        .getApparentType(member)
        .getCallSignatures()
        .some((signature) => {
          for (const parameter of signature.getParameters()) {
            if (
              (parameter.valueDeclaration as (ts.Node & { dotDotDotToken?: unknown }) | undefined)?.dotDotDotToken !==
              undefined
            )
              return false;
            if (mayTakeSignalOptions(checker.getTypeOfSymbolAtLocation(parameter, location))) return true;
          }
          return false;
        }),
    );

  /**
   * Whether a value of this type may carry `signal`: an object type with that property or an index
   * signature, `any`, a type parameter — or a promise of one (`O | Promise<O>`, as generated SDK
   * clients take their options: the callee awaits them).
   */
  const typeMayCarrySignal = (type: ts.Type, depth: number): boolean => {
    if (isAnyOrUnknown(type)) return true;
    return nonNullish(type).some((member) => {
      if (isAnyOrUnknown(member) || member.isTypeParameter()) return true;
      if (isPrimitive(member)) return false;
      const apparent = checker.getApparentType(member);
      if (
        checker.getPropertyOfType(apparent, 'signal') !== undefined ||
        checker.getIndexInfosOfType(apparent).length > 0
      )
        return true;
      if (depth > 2 || checker.getPropertyOfType(apparent, 'then') === undefined) return false;
      const awaited = checker.getAwaitedType(member);
      return awaited !== undefined && awaited !== member && typeMayCarrySignal(awaited, depth + 1);
    });
  };

  const isOptionalParameter = (symbol: ts.Symbol, location: ts.Node): boolean => {
    const declaration = symbol.valueDeclaration as
      (ts.Node & { questionToken?: unknown; initializer?: unknown }) | undefined;
    if (declaration?.questionToken !== undefined || declaration?.initializer !== undefined) return true;
    return constituents(checker.getTypeOfSymbolAtLocation(symbol, location)).some(
      (t) => (t.flags & TS_FLAGS.undefined) !== 0,
    );
  };

  return {
    hooks,
    shape(argument) {
      const syntactic = argumentShape(asAny(argument));
      if (syntactic.isObjectLiteral || syntactic.isSpread || syntactic.kind !== undefined) return syntactic;
      const type = services.getTypeAtLocation(argument);
      if (isAnyOrUnknown(type)) return syntactic;
      const members = nonNullish(type);
      if (members.length === 0) return { ...syntactic, kind: 'other' };
      if (members.every((t) => (t.flags & TS_FLAGS.stringLike) !== 0)) return { ...syntactic, kind: 'string' };
      if (members.every((t) => (t.flags & TS_FLAGS.otherPrimitive) !== 0 || symbolName(t) === 'URL'))
        return { ...syntactic, kind: 'other' };
      if (members.every((t) => checker.isArrayType(t) || checker.isTupleType(t)))
        return { ...syntactic, kind: 'array' };
      const isFunction = (t: ts.Type): boolean =>
        t.getCallSignatures().length > 0 &&
        t.getConstructSignatures().length === 0 &&
        checker.getPropertyOfType(t, 'signal') === undefined;
      if (members.every(isFunction)) return { ...syntactic, kind: 'function' };
      return syntactic;
    },
    signatureRow(call) {
      const tsCall = services.esTreeNodeToTSNodeMap.get(call);
      if (!calleeMayTakeSignal(call, tsCall)) return undefined;
      const signature = checker.getResolvedSignature(tsCall);
      if (!signature) return undefined;
      const parameters = signature.getParameters();
      for (let index = 0; index < parameters.length; index++) {
        const parameter = parameters[index]!;
        const declaration = parameter.valueDeclaration as (ts.Node & { dotDotDotToken?: unknown }) | undefined;
        if (declaration?.dotDotDotToken !== undefined) return undefined;
        if (!takesSignalOptions(checker.getTypeOfSymbolAtLocation(parameter, tsCall), tsCall)) continue;
        if (!everyCalleeTakesSignalAt(tsCall, index)) return undefined;
        const fillers: string[] = [];
        for (let before = index - 1; before >= 0 && isOptionalParameter(parameters[before]!, tsCall); before--)
          fillers.push('undefined');
        return { module: 'typed', name: memberPath(asAny(call.callee)) ?? 'call', optionsIndex: index, fillers };
      }
      return undefined;
    },
    mayCarrySignal(expression) {
      return typeMayCarrySignal(services.getTypeAtLocation(expression), 0);
    },
    startsWork(call) {
      const signature = checker.getResolvedSignature(services.esTreeNodeToTSNodeMap.get(call));
      return !signature || outlivesCall(checker.getReturnTypeOfSignature(signature));
    },
    carriesOwnSignal(expression) {
      const type = services.getTypeAtLocation(expression);
      const location = services.esTreeNodeToTSNodeMap.get(expression);
      const members = nonNullish(type);
      return (
        !isAnyOrUnknown(type) &&
        members.length > 0 &&
        members.every((member) => {
          if (isAnyOrUnknown(member) || isPrimitive(member)) return false;
          const property = checker.getPropertyOfType(checker.getApparentType(member), 'signal');
          if (!property || (property.flags & TS_FLAGS.optionalSymbol) !== 0) return false;
          return isAbortSignal(checker.getTypeOfSymbolAtLocation(property, location)) === true;
        })
      );
    },
    isObjectLike(expression) {
      const type = services.getTypeAtLocation(expression);
      const members = nonNullish(type);
      // A promise of options cannot be spread into `{ ...options, signal }`.
      return (
        !isAnyOrUnknown(type) &&
        members.length > 0 &&
        members.every(
          (t) =>
            !isPrimitive(t) &&
            !isAnyOrUnknown(t) &&
            checker.getPropertyOfType(checker.getApparentType(t), 'then') === undefined,
        )
      );
    },
    isBlockingCall(call) {
      const signature = checker.getResolvedSignature(services.esTreeNodeToTSNodeMap.get(call));
      if (!signature) return false;
      // The declared name sees through aliases (`const run = execSync`); the written one through function-typed properties.
      const declared = (
        signature.getDeclaration() as (ts.SignatureDeclaration & { name?: { text?: unknown } }) | undefined
      )?.name?.text;
      const written = calleeLabel(call).split('.').pop()!;
      if (!(typeof declared === 'string' && isBlockingName(declared)) && !isBlockingName(written)) return false;
      return !outlivesCall(checker.getReturnTypeOfSignature(signature));
    },
  };
}

/** A short name for the callee in messages: `fsp.readFile`, `fetch`, `map`. */
function calleeLabel(call: TSESTree.CallExpression): string {
  const callee = asAny(call.callee);
  const path = memberPath(callee);
  if (path !== undefined) return path;
  const target = unwrap(callee);
  return (target && (target.type === 'MemberExpression' ? propertyName(target) : undefined)) ?? 'this call';
}

/** The node to underline when the options are missing: the method name, or the callee. */
function calleeReportNode(call: TSESTree.CallExpression): TSESTree.Node {
  let callee: TSESTree.Node = call.callee;
  while (
    callee.type === 'TSNonNullExpression' ||
    callee.type === 'TSAsExpression' ||
    callee.type === 'TSInstantiationExpression'
  )
    callee = callee.expression;
  return callee.type === 'MemberExpression' ? callee.property : callee;
}

/** Wrappers that leave the value as it is (a stream in `pipeline(src as Readable, …)` is still that stream). */
const TS_WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion']);
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

const unwrapExpression = (node: TSESTree.Node): TSESTree.Node =>
  (unwrap(asAny(node)) ?? asAny(node)) as unknown as TSESTree.Node;

export default createRule<Options, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the AbortSignal in scope to be passed to APIs that accept one',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      missingSignal:
        '`{{callee}}` accepts an AbortSignal but does not get `{{signal}}`: shutdown cannot cancel this work.',
      addSignal: 'Add `{{property}}` to the options.',
      passOptions: 'Pass `{{text}}`.',
      wrapOptions: 'Pass `{{text}}` as the options.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          apis: {
            type: 'array',
            description:
              "Extra APIs that accept `{ signal }`, in the shared table's row format (`module`, `name`, `optionsIndex`, …).",
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['module', 'name', 'optionsIndex'],
              properties: {
                module: {
                  type: 'string',
                  description:
                    "Module specifier as imported (without `node:`), `global`, or `method` for any receiver's method.",
                },
                name: {
                  type: 'string',
                  description: 'Export path (`request`, `Client.request`, `default`), global name, or method name.',
                },
                optionsIndex: {
                  anyOf: [
                    { type: 'integer', minimum: 0 },
                    { type: 'string', enum: ['last'] },
                  ],
                  description:
                    'Position of the options argument when every optional argument before it is written; `last` for variadic APIs.',
                },
                fillers: {
                  type: 'array',
                  items: { type: 'string' },
                  description: 'Texts for the optional arguments right before the options when they are missing.',
                },
                optionsFrom: {
                  type: 'integer',
                  minimum: 0,
                  description:
                    'Earliest position the options may take when optional arguments before them are left out.',
                },
                callback: {
                  type: 'boolean',
                  description: 'A trailing function argument is a callback that stays last.',
                },
                stringOption: {
                  type: 'string',
                  description: 'The option a string in the options position stands for (`encoding`).',
                },
                receiver: {
                  type: 'string',
                  enum: ['readable', 'readline'],
                  description: 'For `method` rows: how the receiver must have been created.',
                },
              },
            },
          },
          ignore: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Callees never reported: as written (`fsp.readFile`), by name (`readFile`), or by table key (`fs/promises#readFile`).',
          },
          typeAware: {
            type: 'boolean',
            description:
              'Use type information: any callee whose options parameter has a `signal` accepting an AbortSignal, and options passed as variables. Requires type information for every linted file.',
          },
        },
      },
    ],
    defaultOptions: [DEFAULT_OPTIONS],
  },
  defaultOptions: [DEFAULT_OPTIONS],
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const typed = options.typeAware ? typeInformation(context) : undefined;
    // Without types, every signal in scope is named in the text: skip files that cannot have one.
    if (!typed && !mayHaveSignalInScope(sourceCode.text)) return {};
    const apis: readonly SignalApi[] = options.apis.length > 0 ? [...SIGNAL_APIS, ...options.apis] : SIGNAL_APIS;
    const ignore = new Set(options.ignore);
    let imports: ImportMap = new Map();
    // Fed by this rule's listeners, so it never walks the tree itself. Calls are checked on
    // `Program:exit`, when every process listener registration in the file has been seen.
    const scope = createSignalScope(asAny(sourceCode.ast), typed?.hooks, {
      parentOf: (node) => ((node as unknown as TSESTree.Node).parent as unknown as AnyNode | null) ?? undefined,
    });
    const collect = (node: TSESTree.Node): void => scope.collect(asAny(node));
    const calls: TSESTree.CallExpression[] = [];

    // The file's import map is filled on `Program`, before any name is resolved.
    const resolve = eslintScopeResolver(sourceCode, () => imports);

    function isIgnored(call: TSESTree.CallExpression, api: SignalApi | undefined): boolean {
      if (ignore.size === 0) return false;
      const path = memberPath(asAny(call.callee));
      const last =
        path?.split('.').pop() ??
        (call.callee.type === 'MemberExpression' ? propertyName(asAny(call.callee)) : undefined);
      if ((path !== undefined && ignore.has(path)) || (last !== undefined && ignore.has(last))) return true;
      return api !== undefined && (ignore.has(signalApiKey(api)) || ignore.has(api.name));
    }

    /** `signal.addEventListener('abort', …)`, `signal.throwIfAborted()`: the signal's own machinery, not work to cancel. */
    function isSignalMachinery(call: TSESTree.CallExpression, signal: SignalInScope): boolean {
      if (call.callee.type !== 'MemberExpression') return false;
      const name = propertyName(asAny(call.callee));
      const first = call.arguments[0];
      if (
        (name === 'addEventListener' || name === 'removeEventListener') &&
        first?.type === 'Literal' &&
        first.value === 'abort'
      )
        return true;
      return memberPath(asAny(call.callee.object)) === signal.expression.replace('?.', '.');
    }

    function report(
      call: TSESTree.CallExpression,
      api: SignalApi,
      location: OptionsLocation,
      signal: SignalInScope,
      node: TSESTree.Node,
    ): void {
      const placement = placementAt(api, location);
      const args = call.arguments;
      const optionsText = `{ ${signal.property} }`;
      const suggest: Array<TSESLint.SuggestionReportDescriptor<MessageIds>> = [];
      switch (placement.kind) {
        case 'add-property': {
          const object = unwrapExpression(args[placement.index]!);
          if (object.type === 'ObjectExpression') {
            suggest.push({
              messageId: 'addSignal',
              data: { property: signal.property },
              fix: (fixer) => addProperty(fixer, object, signal.property),
            });
          }
          break;
        }
        case 'append-argument': {
          const text = [...placement.fillers, optionsText].join(', ');
          suggest.push({
            messageId: 'passOptions',
            data: { text },
            fix: (fixer) => insertArguments(fixer, call, placement.index, text),
          });
          break;
        }
        case 'wrap-argument': {
          const argument = args[placement.index]!;
          const original = sourceCode.getText(argument);
          if (placement.property === undefined && !(typed?.isObjectLike(argument) ?? false)) break;
          const text =
            placement.property === undefined
              ? `{ ...${original}, ${signal.property} }`
              : `{ ${placement.property}: ${original}, ${signal.property} }`;
          suggest.push({ messageId: 'wrapOptions', data: { text }, fix: (fixer) => fixer.replaceText(argument, text) });
          break;
        }
        default:
          break;
      }
      context.report({
        node,
        messageId: 'missingSignal',
        data: { callee: calleeLabel(call), signal: signal.expression },
        suggest,
      });
    }

    function addProperty(
      fixer: TSESLint.RuleFixer,
      object: TSESTree.ObjectExpression,
      property: string,
    ): TSESLint.RuleFix {
      const last = object.properties.at(-1);
      if (!last) return fixer.replaceText(object, `{ ${property} }`);
      const after = sourceCode.getTokenAfter(last);
      const trailingComma = after?.value === ',' ? after : undefined;
      const closing = sourceCode.getLastToken(object)!;
      if (last.loc.end.line < closing.loc.start.line) {
        // One property per line: keep the style.
        const line = sourceCode.lines[last.loc.start.line - 1] ?? '';
        const indent = /^\s*/.exec(line)?.[0] ?? '';
        return trailingComma
          ? fixer.insertTextAfter(trailingComma, `\n${indent}${property},`)
          : fixer.insertTextAfter(last, `,\n${indent}${property}`);
      }
      return trailingComma
        ? fixer.insertTextAfter(trailingComma, ` ${property},`)
        : fixer.insertTextAfter(last, `, ${property}`);
    }

    function insertArguments(
      fixer: TSESLint.RuleFixer,
      call: TSESTree.CallExpression,
      index: number,
      text: string,
    ): TSESLint.RuleFix {
      const args = call.arguments;
      const before = args[index];
      if (before) return fixer.insertTextBefore(before, `${text}, `);
      const last = args.at(-1);
      if (last) return fixer.insertTextAfter(last, `, ${text}`);
      const open = sourceCode.getTokenAfter(call.typeArguments ?? call.callee, {
        filter: (token) => token.value === '(',
      })!;
      return fixer.insertTextAfter(open, text);
    }

    /** With types: refine a table location (variadic options, ambiguous first arguments). */
    function refineWithTypes(
      call: TSESTree.CallExpression,
      api: SignalApi,
      location: OptionsLocation,
      shapes: ArgumentShape[],
    ): { api: SignalApi; location: OptionsLocation } {
      if (!typed) return { api, location };
      if (location.kind === 'ambiguous' || (api.optionsIndex === 'last' && location.kind === 'absent')) {
        const row = typed.signatureRow(call);
        if (!row || typeof row.optionsIndex !== 'number') return { api, location };
        if (api.optionsIndex === 'last') {
          const last = call.arguments.length - 1;
          return row.optionsIndex === last && location.kind === 'absent'
            ? { api, location: { kind: 'expression', index: last, shape: shapes[last]! } }
            : { api, location };
        }
        // The resolved overload says where the options are: no type dispatch left to guess. The
        // table's fillers stay: it leaves some out on purpose (`reduce(fn)`: an explicit
        // `undefined` initial value is not the same as none).
        const merged: SignalApi = {
          module: api.module,
          name: api.name,
          optionsIndex: row.optionsIndex,
          fillers: [...(api.fillers ?? [])],
          ...(api.stringOption === undefined ? {} : { stringOption: api.stringOption }),
        };
        return { api: merged, location: locateOptions(merged, shapes) };
      }
      return { api, location };
    }

    /** The call a value is handed to as an argument, through `await`-free wrappers: `pipeline(createReadStream(p), …)`. */
    function consumingCall(node: TSESTree.Node): TSESTree.CallExpression | undefined {
      let current = node;
      while (current.parent && TS_WRAPPERS.has(current.parent.type)) current = current.parent;
      const parent = current.parent;
      return parent?.type === 'CallExpression' && parent.arguments.includes(current as TSESTree.CallExpressionArgument)
        ? parent
        : undefined;
    }

    /** The variable a call's result is bound to: `const child = spawn(…)`, `child = spawn(…)`. */
    function boundVariable(call: TSESTree.CallExpression): TSESLint.Scope.Variable | undefined {
      let node: TSESTree.Node = call;
      while (node.parent && TS_WRAPPERS.has(node.parent.type)) node = node.parent;
      const parent = node.parent;
      if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier')
        return sourceCode.getDeclaredVariables(parent)[0];
      if (parent?.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'Identifier')
        return ASTUtils.findVariable(sourceCode.getScope(parent), parent.left) ?? undefined;
      return undefined;
    }

    const ownsItsArguments = (call: TSESTree.CallExpression | undefined): boolean =>
      call !== undefined && findSignalApi(asAny(call), imports, { apis, resolve })?.ownsArguments === true;

    /**
     * A stream handed to `pipeline(…)`, directly or through a local used only there: the pipeline
     * destroys it on abort, so the signal belongs to the pipeline (reported there when missing).
     */
    function isOwnedByCall(call: TSESTree.CallExpression): boolean {
      if (ownsItsArguments(consumingCall(call))) return true;
      const reads = boundVariable(call)?.references.filter((reference) => reference.isRead()) ?? [];
      return reads.length > 0 && reads.every((reference) => ownsItsArguments(consumingCall(reference.identifier)));
    }

    /**
     * `fetch(new Request(url, init))`, `const request = new Request(url, init); fetch(request)`,
     * or (types) `fetch(request)`: the request carries the signal.
     */
    function carriesRequestSignal(call: TSESTree.CallExpression, api: SignalApi): boolean {
      if (api.requestArgument === undefined) return false;
      const argument = call.arguments[api.requestArgument];
      if (!argument) return false;
      const request = constInitializer(unwrapExpression(argument));
      if (
        request.type === 'NewExpression' &&
        request.callee.type === 'Identifier' &&
        request.callee.name === 'Request'
      ) {
        const init = request.arguments[1];
        if (!init) return false;
        const literal = unwrapExpression(init);
        return literal.type !== 'ObjectExpression' || objectLiteralSignal(asAny(literal)) !== 'absent';
      }
      return typed?.carriesOwnSignal(argument) ?? false;
    }

    /** A `const` name's initializer (`const request = new Request(…)`), else the expression itself. */
    function constInitializer(expression: TSESTree.Node): TSESTree.Node {
      if (expression.type !== 'Identifier') return expression;
      const variable = ASTUtils.findVariable(sourceCode.getScope(expression), expression);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (
        definition?.type !== 'Variable' ||
        definition.parent.kind !== 'const' ||
        definition.node.id.type !== 'Identifier' ||
        !definition.node.init
      )
        return expression;
      return unwrapExpression(definition.node.init);
    }

    /**
     * The work is stopped by hand at shutdown: its handle is closed in cleanup code (an abort
     * listener, `onabort`, a `defer`red closer, a process signal listener) —
     * `const child = spawn(…)`, `signal.addEventListener('abort', () => child.kill())`.
     */
    function isStoppedByHand(call: TSESTree.CallExpression): boolean {
      const variable = boundVariable(call);
      return (
        variable?.references.some(
          (reference) =>
            reference.isRead() &&
            reference.identifier.type === 'Identifier' &&
            isStoppedInCleanup(reference.identifier),
        ) ?? false
      );
    }

    function isStoppedInCleanup(handle: TSESTree.Identifier): boolean {
      const parent = handle.parent;
      const stops =
        (parent.type === 'MemberExpression' &&
          parent.object === handle &&
          parent.parent.type === 'CallExpression' &&
          parent.parent.callee === parent &&
          isStoppingName(propertyName(asAny(parent)) ?? '')) ||
        (parent.type === 'CallExpression' && parent.callee !== handle && stopsWork(asAny(parent), imports));
      if (!stops) return false;
      for (let node: TSESTree.Node | undefined = parent; node; node = node.parent)
        if (FUNCTION_TYPES.has(node.type) && scope.isCleanupFunction(asAny(node), node.parent && asAny(node.parent)))
          return true;
      return false;
    }

    /**
     * Cheap questions first (the table, `ignore`), then the signal in scope, then — with types,
     * for calls not in the table — the callee's signature. Asking types about every callee
     * first costs more than the scope search: typing a callee types its receiver (in JavaScript,
     * whole CommonJS modules), while the scope search types each enclosing function's parameters
     * once per function and runs after the traversal, when other typed rules have filled the
     * checker's caches.
     */
    function check(call: TSESTree.CallExpression): void {
      if (call.callee.type === 'Super') return;
      const row = findSignalApi(asAny(call), imports, { apis, resolve });
      if (row ? isBlockingApi(row) || isIgnored(call, row) : !typed || isIgnored(call, undefined)) return;
      // Event listeners take `{ signal }` too, but removing a listener at shutdown is not cancelling work.
      if (
        !row &&
        call.callee.type === 'MemberExpression' &&
        LISTENER_REGISTRATIONS.has(propertyName(asAny(call.callee)) ?? '')
      )
        return;
      const signal = scope.find(asAny(call), sourceCode.getAncestors(call) as unknown as AnyNode[]);
      if (!signal || isSignalMachinery(call, signal)) return;
      const found = row ?? typed!.signatureRow(call);
      if (!found) return;
      // Found by its signature only: a synchronous helper whose options type happens to have `signal` starts nothing.
      if (!row && !typed!.startsWork(call)) return;
      if (isOwnedByCall(call) || carriesRequestSignal(call, found) || isStoppedByHand(call)) return;
      // A callee found by its signature, or a library's `*Sync` row added in `apis`: types tell whether it blocks.
      if (typed && (!row || isBlockingName(row.name.split('.').pop()!)) && typed.isBlockingCall(call)) return;
      const shapes = call.arguments.map((argument) => (typed ? typed.shape(argument) : argumentShape(asAny(argument))));
      const { api, location } = row
        ? refineWithTypes(call, row, locateOptions(row, shapes), shapes)
        : { api: found, location: locateOptions(found, shapes) };
      decide(call, api, location, signal);
    }

    function decide(
      call: TSESTree.CallExpression,
      api: SignalApi,
      location: OptionsLocation,
      signal: SignalInScope,
    ): void {
      switch (location.kind) {
        case 'absent':
          report(call, api, location, signal, calleeReportNode(call));
          return;
        case 'literal': {
          const argument = call.arguments[location.index]!;
          const object = unwrapExpression(argument);
          if (object.type !== 'ObjectExpression') return;
          const state = objectLiteralSignal(asAny(object));
          if (state === 'present') return;
          if (state === 'spread') {
            // A spread may carry `signal`: only types can prove it does not.
            if (!typed) return;
            if (object.properties.some((property) => property.type === 'Property' && property.computed)) return;
            const spreads = object.properties.filter(
              (property): property is TSESTree.SpreadElement => property.type === 'SpreadElement',
            );
            if (spreads.some((spread) => typed.mayCarrySignal(spread.argument))) return;
          }
          report(call, api, location, signal, argument);
          return;
        }
        case 'expression': {
          const argument = call.arguments[location.index]!;
          if (location.shape.kind === 'string') {
            if (api.stringOption !== undefined) report(call, api, location, signal, argument);
            return;
          }
          if (!typed || location.shape.kind !== undefined) return;
          if (!typed.mayCarrySignal(argument)) report(call, api, location, signal, argument);
          return;
        }
        default:
          return;
      }
    }

    return {
      Program(program) {
        imports = programImports(asAny(program));
      },
      CallExpression(call) {
        collect(call);
        calls.push(call);
      },
      FunctionDeclaration: collect,
      MemberExpression: collect,
      BinaryExpression: collect,
      SwitchStatement: collect,
      'Program:exit'() {
        for (const call of calls) check(call);
      },
    };
  },
});
