/**
 * What `require-signal-propagation` asks the type checker with `typeAware: true`
 * (docs/architecture.md §5): which bindings are AbortSignals, which callees take `{ signal }`, and
 * whether a call starts work that outlives it.
 */
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { memberPath } from '../../detection/syntax/ast.js';
import { type ArgumentShape, type SignalApi, argumentShape, isBlockingName } from '../../detection/signal-apis.js';
import type { SignalTypeHooks } from '../../detection/signal-scope.js';
import { anyNode, estreeNode } from '../estree-nodes.js';
import { type TypeScriptFlags, typeScriptFlags } from '../typescript-flags.js';
import { calleeLabel } from './callee.js';

/**
 * Array methods whose callback receives `(value: T, index: number, array)` for an array of `T`
 * (lib.es5, es2019, es2023), whatever overload the call resolves to.
 */
const ELEMENT_CALLBACK_METHODS = new Set([
  'every',
  'some',
  'forEach',
  'map',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
]);

/** Members of a result that keeps working after the call returned (see `outlivesCall`). */
const ASYNC_HANDLE_MEMBERS = ['then', 'on', 'addListener', 'addEventListener', 'unref'];

/** Type-aware answers for one file (only built when `typeAware` is on). */
export interface TypeInformation {
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

/** Set by `createTypeInformation`, before any question: the flags of the TypeScript that checks the files. */
let tsFlags: TypeScriptFlags;
const isAnyOrUnknown = (type: ts.Type): boolean => (type.flags & tsFlags.anyOrUnknown) !== 0;
const constituents = (type: ts.Type): ts.Type[] => (type.isUnion() ? type.types : [type]);
const nonNullish = (type: ts.Type): ts.Type[] => constituents(type).filter((t) => (t.flags & tsFlags.nullish) === 0);
const isPrimitive = (type: ts.Type): boolean => (type.flags & tsFlags.primitive) !== 0;
const symbolName = (type: ts.Type): string | undefined => (type.aliasSymbol ?? type.getSymbol())?.getName();
const isRestParameter = (symbol: ts.Symbol): boolean =>
  (symbol.valueDeclaration as (ts.Node & { dotDotDotToken?: unknown }) | undefined)?.dotDotDotToken !== undefined;

export function createTypeInformation(services: ParserServicesWithTypeInformation): TypeInformation {
  tsFlags = typeScriptFlags(services.program.getTypeChecker());
  return new SignalTypes(services);
}

/** The checker's answers, each question one method. */
class SignalTypes implements TypeInformation {
  readonly hooks: SignalTypeHooks;
  private readonly checker: ts.TypeChecker;
  private readonly abortSignalType: ts.Type | undefined;
  /** The global `Promise` interface, looked up on first need (`null`: none). */
  private promiseType: ts.Type | null | undefined;

  constructor(private readonly services: ParserServicesWithTypeInformation) {
    this.checker = services.program.getTypeChecker();
    this.abortSignalType = this.globalType('AbortSignal');
    this.hooks = {
      isAbortSignal: (binding) => this.isAbortSignal(this.bindingType(estreeNode(binding))),
      hasSignalProperty: (parameter) => this.hasSignalProperty(estreeNode(parameter)),
    };
  }

  /** A global type's declaration (`AbortSignal`; `Promise`, generic: the target of every `Promise<T>`). */
  private globalType(name: string): ts.Type | undefined {
    const symbol = this.checker.resolveName(name, undefined, tsFlags.symbolType, false);
    return symbol ? this.checker.getDeclaredTypeOfSymbol(symbol) : undefined;
  }

  /** A value of this type can be passed as an AbortSignal (the type is one, possibly optional). */
  private isAbortSignal(type: ts.Type): boolean | undefined {
    if (isAnyOrUnknown(type)) return undefined;
    const members = nonNullish(type);
    if (members.length === 0) return false;
    const abortSignalType = this.abortSignalType;
    return members.every((member) =>
      abortSignalType
        ? !isAnyOrUnknown(member) && this.checker.isTypeAssignableTo(member, abortSignalType)
        : symbolName(member) === 'AbortSignal',
    );
  }

  /** A property type that accepts an AbortSignal (`signal?: AbortSignal | null`), not `any` nor a signal *name*. */
  private acceptsAbortSignal(type: ts.Type): boolean {
    if (isAnyOrUnknown(type)) return false;
    if (this.abortSignalType) return this.checker.isTypeAssignableTo(this.abortSignalType, type);
    return constituents(type).some((member) => symbolName(member) === 'AbortSignal');
  }

  /** The `signal` property of an object type, when it has one. */
  private signalProperty(type: ts.Type): ts.Symbol | undefined {
    if (isAnyOrUnknown(type) || isPrimitive(type)) return undefined;
    return this.checker.getPropertyOfType(this.checker.getApparentType(type), 'signal');
  }

  /** Each binding's type, once: the scope search asks `isAbortSignal` and then `hasSignalProperty` of the same parameter. */
  private readonly bindingTypes = new WeakMap<TSESTree.Node, ts.Type>();
  /** Whether the linted file is JavaScript (decided on first need). */
  private javaScriptFile: boolean | undefined;

  private bindingType(binding: TSESTree.Node): ts.Type {
    let type = this.bindingTypes.get(binding);
    if (!type) {
      type = this.isUntypedJavaScriptParameter(binding)
        ? this.checker.getAnyType()
        : (this.callbackParameterType(binding) ?? this.services.getTypeAtLocation(binding));
      this.bindingTypes.set(binding, type);
    }
    return type;
  }

  /**
   * A parameter the checker types `any` without looking further: in a JavaScript file, a plain name
   * (no default, not destructured) of a function declaration, a class constructor or a class method
   * (not a setter, typed from its getter), with no JSDoc on the function or the parameter. Nothing
   * gives such a parameter a type (no annotation, no context), so the answer is known and the scope
   * search, which asks about every parameter of every function around a call, skips the query.
   */
  private isUntypedJavaScriptParameter(binding: TSESTree.Node): boolean {
    const fn = binding.parent;
    if (binding.type !== 'Identifier' || !fn) return false;
    const declared =
      fn.type === 'FunctionDeclaration' ||
      (fn.type === 'FunctionExpression' &&
        fn.parent.type === 'MethodDefinition' &&
        fn.parent.value === fn &&
        fn.parent.kind !== 'set');
    if (!declared || !fn.params.includes(binding) || !this.isJavaScriptFile(binding)) return false;
    return !this.hasJSDoc(fn) && !this.hasJSDoc(binding);
  }

  private isJavaScriptFile(node: TSESTree.Node): boolean {
    this.javaScriptFile ??= /\.[cm]?jsx?$/i.test(
      this.services.esTreeNodeToTSNodeMap.get(node).getSourceFile().fileName,
    );
    return this.javaScriptFile;
  }

  /**
   * The type of an unannotated parameter of a callback, when it can be told without resolving the
   * call: given to an array's `map`/`some`/… or a promise's `then`/`catch`, read from the receiver's
   * type; given to an untyped callee, `any`; else from the callee's declaration. The checker would
   * type it from the context, which resolves the whole call and so types the callback's body (its
   * return type is inferred): the costliest question the scope search asks when no other query
   * resolved that call.
   */
  private callbackParameterType(binding: TSESTree.Node): ts.Type | undefined {
    const fn = binding.parent;
    if (binding.type !== 'Identifier' || binding.typeAnnotation || binding.optional) return undefined;
    if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression') return undefined;
    const call = fn.parent;
    if (
      fn.typeParameters ||
      (call?.type !== 'CallExpression' && call?.type !== 'NewExpression') ||
      call.callee.type === 'Super' ||
      fn.params.some((param) => param.type === 'Identifier' && param.name === 'this')
    )
      return undefined;
    const position = fn.params.indexOf(binding);
    const argumentIndex = call.arguments.indexOf(fn);
    if (position < 0 || argumentIndex < 0 || this.hasJSDoc(fn) || this.hasJSDoc(binding)) return undefined;
    const method =
      call.type === 'CallExpression' &&
      call.callee.type === 'MemberExpression' &&
      call.callee.property.type === 'Identifier'
        ? call.callee.property.name
        : undefined;
    const fromArray =
      method !== undefined && ELEMENT_CALLBACK_METHODS.has(method) && argumentIndex === 0 && position <= 2;
    const onRejected = (method === 'catch' && argumentIndex === 0) || (method === 'then' && argumentIndex === 1);
    const fromPromise = position === 0 && (onRejected || (method === 'then' && argumentIndex === 0));
    if ((fromArray || fromPromise) && call.callee.type === 'MemberExpression') {
      const receiver = this.services.getTypeAtLocation(call.callee.object);
      const fromReceiver = fromArray
        ? this.arrayCallbackParameterType(receiver, position)
        : this.promiseCallbackParameterType(receiver, onRejected);
      if (fromReceiver) return fromReceiver;
    }
    return this.declaredCallbackParameterType(call, argumentIndex, position);
  }

  /**
   * A callback's parameter type read from the callee's declaration, when that is what the checker
   * would give it: the callee has one signature, not generic, whose parameter at the callback's
   * position is one non-generic function type. Nothing is inferred then, so the call need not be
   * resolved (which checks every argument and infers the callback's return type from its body).
   */
  private declaredCallbackParameterType(
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    argumentIndex: number,
    position: number,
  ): ts.Type | undefined {
    if (call.arguments.slice(0, argumentIndex).some((argument) => argument.type === 'SpreadElement')) return undefined;
    const calleeType = this.services.getTypeAtLocation(call.callee);
    // An untyped call (the callee is `any`, unresolved, or `unknown` and so not callable): the
    // checker types its callbacks' unannotated parameters `any` without context, after checking
    // every argument.
    if (isAnyOrUnknown(calleeType)) return this.checker.getAnyType();
    const callee = nonNullish(calleeType);
    if (callee.length !== 1) return undefined;
    const apparent = this.checker.getApparentType(callee[0]!);
    const signatures = call.type === 'NewExpression' ? apparent.getConstructSignatures() : apparent.getCallSignatures();
    return (
      this.plainCallbackParameterType(signatures, argumentIndex, position) ??
      this.signalFreeCallbackParameterType(signatures, argumentIndex, position)
    );
  }

  /** One non-generic signature taking one non-generic function type there: its parameter's type. */
  private plainCallbackParameterType(
    signatures: readonly ts.Signature[],
    argumentIndex: number,
    position: number,
  ): ts.Type | undefined {
    const parameter = this.onlyPlainSignature(signatures)?.getParameters()[argumentIndex];
    if (!parameter || isRestParameter(parameter)) return undefined;
    const expected = nonNullish(this.checker.getTypeOfSymbol(parameter));
    if (expected.length !== 1 || isAnyOrUnknown(expected[0]!)) return undefined;
    const contextual = this.onlyPlainSignature(this.checker.getApparentType(expected[0]!).getCallSignatures());
    const received = contextual?.getParameters()[position];
    if (!received || isRestParameter(received)) return undefined;
    return this.checker.getTypeOfSymbol(received);
  }

  /**
   * Overloads or generics: when every signature takes there one function type whose parameter at
   * the callback's position can be no AbortSignal and carry none, whatever the call infers (no type
   * parameter, no `signal`, no index signature), the checker's exact answer cannot change what the
   * scope search asks of it, so one of those types stands for it and the call is not resolved
   * (an Express handler's `req`, an emitter listener's arguments).
   */
  private signalFreeCallbackParameterType(
    signatures: readonly ts.Signature[],
    argumentIndex: number,
    position: number,
  ): ts.Type | undefined {
    let answer: ts.Type | undefined;
    for (const signature of signatures) {
      const parameter = signature.getParameters()[argumentIndex];
      if (!parameter || isRestParameter(parameter)) return undefined;
      const expected = nonNullish(this.checker.getTypeOfSymbol(parameter));
      if (expected.length !== 1 || isAnyOrUnknown(expected[0]!) || this.isInstantiable(expected[0]!)) return undefined;
      const [callback, ...others] = this.checker.getApparentType(expected[0]!).getCallSignatures();
      const received = others.length === 0 ? callback?.getParameters()[position] : undefined;
      if (!received || isRestParameter(received)) return undefined;
      const type = this.checker.getTypeOfSymbol(received);
      if (!this.holdsNoSignal(type)) return undefined;
      answer ??= type;
    }
    return answer;
  }

  /** A type an instantiation may still change: a type parameter, indexed access, conditional or mapped type, or an intersection with one. */
  private isInstantiable(type: ts.Type): boolean {
    if ((type.flags & tsFlags.instantiableNonPrimitive) !== 0) return true;
    if (type.isUnionOrIntersection()) return type.types.some((part) => this.isInstantiable(part));
    return (type.flags & tsFlags.object) !== 0 && ((type as ts.ObjectType).objectFlags & tsFlags.mappedObject) !== 0;
  }

  /** Neither an AbortSignal nor a value that may carry one (`typeMayCarrySignal`), for every instantiation. */
  private holdsNoSignal(type: ts.Type): boolean {
    return (
      !this.isInstantiable(type) &&
      !this.typeMayCarrySignal(type, 0) &&
      nonNullish(type).every((member) => isPrimitive(member) || this.isAbortSignal(member) === false)
    );
  }

  /** The one signature of a list, when it has no type parameters. */
  private onlyPlainSignature(signatures: readonly ts.Signature[]): ts.Signature | undefined {
    const [only] = signatures;
    return signatures.length === 1 && !only!.getTypeParameters()?.length ? only : undefined;
  }

  /** `(value, index, array)` of an array's callback: the element type, `number`, the array. */
  private arrayCallbackParameterType(receiver: ts.Type, position: number): ts.Type | undefined {
    if (!this.checker.isArrayType(receiver)) return undefined;
    if (position === 1) return this.checker.getNumberType();
    return position === 0 ? this.checker.getTypeArguments(receiver as ts.TypeReference)[0] : receiver;
  }

  /** A built-in promise's `then(value => …)` gets its value type, `catch(reason => …)` / `then(_, reason => …)` `any`. */
  private promiseCallbackParameterType(receiver: ts.Type, onRejected: boolean): ts.Type | undefined {
    this.promiseType ??= this.globalType('Promise') ?? null;
    if (!this.promiseType || (receiver as ts.Type & { target?: ts.Type }).target !== this.promiseType) return undefined;
    return onRejected ? this.checker.getAnyType() : this.checker.getTypeArguments(receiver as ts.TypeReference)[0];
  }

  /** JSDoc on a JavaScript function or parameter (on the declaration around a parameter's name) can type it in place of the context. */
  private hasJSDoc(node: TSESTree.Node): boolean {
    type Documented = ts.Node & { jsDoc?: readonly unknown[] };
    const tsNode = this.services.esTreeNodeToTSNodeMap.get(node) as Documented;
    return (tsNode.jsDoc?.length ?? 0) > 0 || ((tsNode.parent as Documented | undefined)?.jsDoc?.length ?? 0) > 0;
  }

  /** `param.signal` is an AbortSignal for every non-nullish member of the parameter's type. */
  private hasSignalProperty(node: TSESTree.Node): boolean | undefined {
    const type = this.bindingType(node);
    if (isAnyOrUnknown(type)) return undefined;
    const members = nonNullish(type);
    const location = this.services.esTreeNodeToTSNodeMap.get(node);
    return (
      members.length > 0 &&
      members.every((member) => {
        const property = this.signalProperty(member);
        const propertyType = property && this.checker.getTypeOfSymbolAtLocation(property, location);
        return propertyType !== undefined && this.isAbortSignal(propertyType) === true;
      })
    );
  }

  /**
   * An options parameter type: some object member has an optional `signal` that accepts an
   * AbortSignal. A required `signal` belongs to an object that owns one (a `Request`, a
   * `MainContext`), not to an options bag — and leaving it out is already a type error.
   */
  private takesSignalOptions(type: ts.Type, location: ts.Node): boolean {
    return nonNullish(type).some((member) => {
      const property = this.signalProperty(member);
      if (!property || (property.flags & tsFlags.optionalSymbol) === 0) return false;
      return this.acceptsAbortSignal(this.checker.getTypeOfSymbolAtLocation(property, location));
    });
  }

  /**
   * A callee whose type is a union (`WorkloadAuth | X509Auth`): every member must take signal
   * options at that position, or the signal cannot be passed without narrowing first.
   */
  private everyCalleeTakesSignalAt(tsCall: ts.Node, index: number): boolean {
    const callee = (tsCall as ts.CallExpression).expression as ts.Node | undefined;
    if (!callee) return true;
    const members = nonNullish(this.checker.getTypeAtLocation(callee));
    if (members.length < 2) return true;
    return members.every((member) =>
      member.getCallSignatures().some((signature) => {
        const parameter = signature.getParameters()[index];
        return (
          parameter !== undefined &&
          this.takesSignalOptions(this.checker.getTypeOfSymbolAtLocation(parameter, tsCall), tsCall)
        );
      }),
    );
  }

  /**
   * A result that outlives the call: a promise or thenable, an emitter or event target (a
   * ChildProcess, a stream, a watcher), an async iterable, a function (a canceller), or a type
   * that cannot be told (`any`, a type parameter).
   */
  private outlivesCall(type: ts.Type): boolean {
    return (
      isAnyOrUnknown(type) ||
      nonNullish(type).some((member) => {
        if (isAnyOrUnknown(member) || member.isTypeParameter()) return true;
        if (isPrimitive(member)) return false;
        const apparent = this.checker.getApparentType(member);
        if (ASYNC_HANDLE_MEMBERS.some((name) => this.checker.getPropertyOfType(apparent, name) !== undefined))
          return true;
        return (
          apparent.getCallSignatures().length > 0 ||
          apparent.getProperties().some((property) => String(property.escapedName).startsWith('__@asyncIterator'))
        );
      })
    );
  }

  /**
   * Whether some instantiation of this declared parameter type may have a `signal` property: a
   * superset of `takesSignalOptions` on the resolved signature, checked without resolving it.
   */
  private mayTakeSignalOptions(type: ts.Type): boolean {
    return nonNullish(type).some((member) => {
      if (isAnyOrUnknown(member) || isPrimitive(member)) return false;
      if (this.isInstantiable(member)) return true;
      return this.checker.getPropertyOfType(this.checker.getApparentType(member), 'signal') !== undefined;
    });
  }

  /**
   * Whether any call signature of the callee's type has a parameter (before a rest parameter) that
   * may take `{ signal }`. Resolving the call's signature checks its arguments (callbacks
   * included); this reads the callee's declared signatures only, so most calls made with a signal
   * in scope (everything inside a `main(ctx)`) are settled without resolving them.
   */
  private calleeMayTakeSignal(call: TSESTree.CallExpression, location: ts.Node): boolean {
    return nonNullish(this.services.getTypeAtLocation(call.callee)).some((member) =>
      this.checker
        .getApparentType(member)
        .getCallSignatures()
        .some((signature) => {
          for (const parameter of signature.getParameters()) {
            if (isRestParameter(parameter)) return false;
            if (this.mayTakeSignalOptions(this.checker.getTypeOfSymbolAtLocation(parameter, location))) return true;
          }
          return false;
        }),
    );
  }

  /**
   * Whether a value of this type may carry `signal`: an object type with that property or an index
   * signature, `any`, a type parameter — or a promise of one (`O | Promise<O>`, as generated SDK
   * clients take their options: the callee awaits them).
   */
  private typeMayCarrySignal(type: ts.Type, depth: number): boolean {
    if (isAnyOrUnknown(type)) return true;
    return nonNullish(type).some((member) => {
      if (isAnyOrUnknown(member) || member.isTypeParameter()) return true;
      if (isPrimitive(member)) return false;
      const apparent = this.checker.getApparentType(member);
      if (
        this.checker.getPropertyOfType(apparent, 'signal') !== undefined ||
        this.checker.getIndexInfosOfType(apparent).length > 0
      )
        return true;
      if (depth > 2 || this.checker.getPropertyOfType(apparent, 'then') === undefined) return false;
      const awaited = this.checker.getAwaitedType(member);
      return awaited !== undefined && awaited !== member && this.typeMayCarrySignal(awaited, depth + 1);
    });
  }

  private isOptionalParameter(symbol: ts.Symbol, location: ts.Node): boolean {
    const declaration = symbol.valueDeclaration as
      (ts.Node & { questionToken?: unknown; initializer?: unknown }) | undefined;
    if (declaration?.questionToken !== undefined || declaration?.initializer !== undefined) return true;
    return constituents(this.checker.getTypeOfSymbolAtLocation(symbol, location)).some(
      (t) => (t.flags & tsFlags.undefined) !== 0,
    );
  }

  shape(argument: TSESTree.CallExpressionArgument): ArgumentShape {
    const syntactic = argumentShape(anyNode(argument));
    if (syntactic.isObjectLiteral || syntactic.isSpread || syntactic.kind !== undefined) return syntactic;
    const type = this.services.getTypeAtLocation(argument);
    if (isAnyOrUnknown(type)) return syntactic;
    const members = nonNullish(type);
    if (members.length === 0) return { ...syntactic, kind: 'other' };
    if (members.every((t) => (t.flags & tsFlags.stringLike) !== 0)) return { ...syntactic, kind: 'string' };
    if (members.every((t) => (t.flags & tsFlags.otherPrimitive) !== 0 || symbolName(t) === 'URL'))
      return { ...syntactic, kind: 'other' };
    if (members.every((t) => this.checker.isArrayType(t) || this.checker.isTupleType(t)))
      return { ...syntactic, kind: 'array' };
    const isFunction = (t: ts.Type): boolean =>
      t.getCallSignatures().length > 0 &&
      t.getConstructSignatures().length === 0 &&
      this.checker.getPropertyOfType(t, 'signal') === undefined;
    if (members.every(isFunction)) return { ...syntactic, kind: 'function' };
    return syntactic;
  }

  signatureRow(call: TSESTree.CallExpression): SignalApi | undefined {
    const tsCall = this.services.esTreeNodeToTSNodeMap.get(call);
    if (!this.calleeMayTakeSignal(call, tsCall)) return undefined;
    const signature = this.checker.getResolvedSignature(tsCall);
    if (!signature) return undefined;
    const parameters = signature.getParameters();
    for (let index = 0; index < parameters.length; index++) {
      const parameter = parameters[index]!;
      if (isRestParameter(parameter)) return undefined;
      if (!this.takesSignalOptions(this.checker.getTypeOfSymbolAtLocation(parameter, tsCall), tsCall)) continue;
      if (!this.everyCalleeTakesSignalAt(tsCall, index)) return undefined;
      const fillers: string[] = [];
      for (let before = index - 1; before >= 0 && this.isOptionalParameter(parameters[before]!, tsCall); before--)
        fillers.push('undefined');
      return { module: 'typed', name: memberPath(anyNode(call.callee)) ?? 'call', optionsIndex: index, fillers };
    }
    return undefined;
  }

  mayCarrySignal(expression: TSESTree.Node): boolean {
    return this.typeMayCarrySignal(this.services.getTypeAtLocation(expression), 0);
  }

  startsWork(call: TSESTree.CallExpression): boolean {
    const signature = this.checker.getResolvedSignature(this.services.esTreeNodeToTSNodeMap.get(call));
    return !signature || this.outlivesCall(this.checker.getReturnTypeOfSignature(signature));
  }

  carriesOwnSignal(expression: TSESTree.Node): boolean {
    const type = this.services.getTypeAtLocation(expression);
    const location = this.services.esTreeNodeToTSNodeMap.get(expression);
    const members = nonNullish(type);
    return (
      !isAnyOrUnknown(type) &&
      members.length > 0 &&
      members.every((member) => {
        const property = this.signalProperty(member);
        if (!property || (property.flags & tsFlags.optionalSymbol) !== 0) return false;
        return this.isAbortSignal(this.checker.getTypeOfSymbolAtLocation(property, location)) === true;
      })
    );
  }

  isObjectLike(expression: TSESTree.Node): boolean {
    const type = this.services.getTypeAtLocation(expression);
    const members = nonNullish(type);
    // A promise of options cannot be spread into `{ ...options, signal }`.
    return (
      !isAnyOrUnknown(type) &&
      members.length > 0 &&
      members.every(
        (t) =>
          !isPrimitive(t) &&
          !isAnyOrUnknown(t) &&
          this.checker.getPropertyOfType(this.checker.getApparentType(t), 'then') === undefined,
      )
    );
  }

  isBlockingCall(call: TSESTree.CallExpression): boolean {
    const signature = this.checker.getResolvedSignature(this.services.esTreeNodeToTSNodeMap.get(call));
    if (!signature) return false;
    // The declared name sees through aliases (`const run = execSync`); the written one through function-typed properties.
    const declared = (
      signature.getDeclaration() as (ts.SignatureDeclaration & { name?: { text?: unknown } }) | undefined
    )?.name?.text;
    const written = calleeLabel(call).split('.').pop()!;
    if (!(typeof declared === 'string' && isBlockingName(declared)) && !isBlockingName(written)) return false;
    return !this.outlivesCall(this.checker.getReturnTypeOfSignature(signature));
  }
}
