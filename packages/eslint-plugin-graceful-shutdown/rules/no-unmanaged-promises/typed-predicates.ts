/**
 * `typeAware: true`: what is a promise, asked of the type checker (typescript-eslint's
 * no-floating-promises, without its dependencies). The rule imports TypeScript's types only, not its
 * runtime.
 */
import { createRequire } from 'node:module';
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { type AnyNode, isFunctionNode } from '../../detection/syntax/ast.js';
import type { RejectionResolver } from '../../detection/cannot-reject.js';
import { isNeverPromiseSyntax } from '../../detection/promise-apis.js';
import { isNeverRejectingDeclaration } from '../../detection/never-rejecting-apis.js';
import { anyNode, estreeNode } from '../estree-nodes.js';
import { type TypeScriptFlags, typeScriptFlags } from '../typescript-flags.js';
import type { NoPromiseProof } from './no-promise-proof.js';
import type { ResolvedOptions } from './options.js';
import { typeMatchesSomeSpecifier, valueMatchesSpecifier } from './type-specifiers.js';

/** Type assertions whose result type is the asserted one (parentheses are not nodes). */
const ASSERTIONS = new Set(['TSAsExpression', 'TSTypeAssertion', 'TSNonNullExpression', 'TSSatisfiesExpression']);

export interface TypedPredicates {
  isPromise(node: TSESTree.Node): boolean;
  isPromiseArray(node: TSESTree.Node): boolean;
  isFunctionHandler(node: TSESTree.Node): boolean;
  returnsPromise(fn: TSESTree.Node): boolean;
  /** What the cannot-reject analysis asks: a callee's declaration wherever it is, and types that are no thenable. */
  readonly rejectionResolver: RejectionResolver;
  /** A node of the file being linted (not of a function parsed again from another file). */
  isOwnNode(node: TSESTree.Node): boolean;
  isKnownSafeCall(call: TSESTree.Node): boolean;
}

/** The checker, and the two ways every predicate reads it. */
interface CheckerView {
  readonly services: ParserServicesWithTypeInformation;
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  /** The flag values of the TypeScript that checks the file. */
  readonly flags: TypeScriptFlags;
  typeAt(node: TSESTree.Node): ts.Type | undefined;
  /** A union's members, or the type itself (a plain function: safe to destructure). */
  parts: (this: void, type: ts.Type) => readonly ts.Type[];
}

function checkerView(services: ParserServicesWithTypeInformation): CheckerView {
  const program = services.program;
  const checker = program.getTypeChecker();
  return {
    services,
    program,
    checker,
    flags: typeScriptFlags(checker),
    typeAt(node) {
      try {
        return services.getTypeAtLocation(node);
      } catch {
        return undefined; // typescript-eslint#11947: the checker throws on some nodes
      }
    },
    parts: (type) => (type.isUnion() ? type.types : [type]),
  };
}

/**
 * `proof`: what syntax proves is no promise (`no-promise-proof.ts`), answered without the checker
 * like `isNeverPromiseSyntax`.
 */
export function typedPredicates(
  services: ParserServicesWithTypeInformation,
  options: ResolvedOptions,
  proof: NoPromiseProof,
): TypedPredicates {
  const view = checkerView(services);
  const isPromiseType = promiseTypeTest(view, options);
  const calleeProvesNoPromise = calleeReturnTest(view);
  const provedNoPromise = (node: TSESTree.Node): boolean =>
    isNeverPromiseSyntax(anyNode(node)) || proof.callValue(node) || calleeProvesNoPromise(node);
  const isFunctionHandler = (node: TSESTree.Node): boolean => {
    const type = view.typeAt(node);
    return type === undefined || type.getCallSignatures().length > 0;
  };
  return {
    isPromise(start) {
      // The statement `x as Promise<T>` floats what the assertion says, not what `x` was declared as.
      let node = start;
      while (
        node.parent &&
        ASSERTIONS.has(node.parent.type) &&
        'expression' in node.parent &&
        node.parent.expression === node
      )
        node = node.parent;
      if (provedNoPromise(node)) return false;
      const type = view.typeAt(node);
      return type !== undefined && isPromiseType(type, services.esTreeNodeToTSNodeMap.get(node));
    },
    isPromiseArray: (node) => !provedNoPromise(node) && isPromiseArray(view, isPromiseType, node),
    isFunctionHandler,
    returnsPromise(fn) {
      if (proof.functionReturnsNothing(fn)) return false;
      const type = view.typeAt(fn);
      if (!type) return false;
      const tsNode = services.esTreeNodeToTSNodeMap.get(fn);
      const signatures = view.parts(type).flatMap((part) => part.getCallSignatures());
      return signatures.length > 0 && signatures.some((signature) => isPromiseType(signature.getReturnType(), tsNode));
    },
    rejectionResolver: typedRejectionResolver(view, isFunctionHandler),
    isOwnNode: (node) => services.esTreeNodeToTSNodeMap.has(node),
    isKnownSafeCall(call) {
      if (call.type !== 'CallExpression') return false;
      const type = view.typeAt(call.callee);
      if (!type) return false;
      const specifiers = options.allowForKnownSafeCalls;
      return (
        specifiers.some((specifier) => valueMatchesSpecifier(call.callee, specifier, type, view.program)) ||
        typeMatchesSomeSpecifier(type, specifiers, view.program)
      );
    },
  };
}

/**
 * Whether a call's callee alone proves its value is no promise, as the checker would type the call:
 * the callee is `any` (the call is `any`), or every signature it has declares a plain return type
 * (`void`, `string`, `boolean`, …, or `any`), which no instantiation changes. Typing the call itself
 * resolves it — checks every argument and contextually types its callbacks — which was most of what
 * the typed rule spent (docs/architecture.md §4). Not for a `require(…)` (TypeScript types a
 * JavaScript `require` as the module it loads) nor `super(…)`.
 */
function calleeReturnTest(view: CheckerView): (node: TSESTree.Node) => boolean {
  const { flags } = view;
  const plainValue = flags.anyOrUnknown | flags.primitive;
  const isPlainValue = (type: ts.Type): boolean =>
    (type.flags & flags.union) !== 0
      ? (type as ts.UnionType).types.every(isPlainValue)
      : (type.flags & ~plainValue) === 0;
  return (node) => {
    if (node.type !== 'CallExpression' || node.optional || node.callee.type === 'Super') return false;
    if (node.callee.type === 'Identifier' && node.callee.name === 'require') return false;
    const callee = view.typeAt(node.callee);
    if (!callee) return false;
    if ((callee.flags & flags.anyOrUnknown) !== 0) return true;
    if (callee.isUnion()) return false;
    const signatures = callee.getCallSignatures();
    return (
      signatures.length > 0 &&
      signatures.every((signature) => isPlainValue(view.checker.getReturnTypeOfSignature(signature)))
    );
  };
}

type PromiseTypeTest = (type: ts.Type, tsNode: ts.Node) => boolean;

/** Whether a type is a promise: the built-in `Promise` (or a subclass), or with `checkThenables` any thenable. */
function promiseTypeTest({ program, checker, parts }: CheckerView, options: ResolvedOptions): PromiseTypeTest {
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

  /** A thenable whose `then` takes both callbacks (so it can be rejected and handled). */
  const isThenable = (part: ts.Type, tsNode: ts.Node): boolean => {
    const then = part.getProperty('then');
    if (!then) return false;
    return parts(checker.getTypeOfSymbolAtLocation(then, tsNode)).some((candidate) =>
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
  };

  return (type, tsNode) => {
    if (typeMatchesSomeSpecifier(type, options.allowForKnownSafePromises, program)) return false;
    const typeParts = parts(checker.getApparentType(type));
    if (typeParts.some((part) => isBuiltinPromise(part))) return true;
    return options.checkThenables && typeParts.some((part) => isThenable(part, tsNode));
  };
}

/** An array or tuple type holding a promise. */
function isPromiseArray(view: CheckerView, isPromiseType: PromiseTypeTest, node: TSESTree.Node): boolean {
  const { checker } = view;
  const type = view.typeAt(node);
  if (!type) return false;
  const tsNode = view.services.esTreeNodeToTSNodeMap.get(node);
  return view.parts(type).some((part) => {
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
}

function typedRejectionResolver(
  view: CheckerView,
  isFunctionHandler: (node: TSESTree.Node) => boolean,
): RejectionResolver {
  const { services, checker, parts } = view;
  const functionOfDeclaration = declaredFunctions(services);
  return {
    functionOf(node) {
      if (isFunctionNode(node)) return node;
      const callee = estreeNode(node);
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
    isFunctionHandler: (node) => isFunctionHandler(estreeNode(node)),
    callNeverRejects(call) {
      const tsNode = services.esTreeNodeToTSNodeMap.get(estreeNode(call)) as ts.CallExpression | undefined;
      try {
        const declaration = tsNode && checker.getResolvedSignature(tsNode)?.getDeclaration();
        return declaration !== undefined && isNeverRejectingDeclaration(declaration);
      } catch {
        return false; // typescript-eslint#11947: the checker throws on some nodes
      }
    },
    isNotThenable(node) {
      const estree = estreeNode(node);
      if (!services.esTreeNodeToTSNodeMap.has(estree)) return false;
      const type = view.typeAt(estree);
      if (!type || (type.flags & view.flags.anyOrUnknown) !== 0) return false;
      return parts(checker.getApparentType(type)).every(
        (part) => (part.flags & view.flags.anyOrUnknown) === 0 && part.getProperty('then') === undefined,
      );
    },
  };
}

/**
 * A declaration's function, cached: same file, the ESTree function; another file, its parameters
 * and body parsed again (the cannot-reject analysis needs no types there).
 */
function declaredFunctions(
  services: ParserServicesWithTypeInformation,
): (declaration: ts.Declaration) => AnyNode | undefined {
  const functionByDeclaration = new WeakMap<ts.Declaration, AnyNode | null>();
  return (declaration) => {
    let cached = functionByDeclaration.get(declaration);
    if (cached === undefined) {
      const local = services.tsNodeToESTreeNodeMap.get(declaration);
      cached = (local ? functionNodeOf(local) : parsedFunctionOf(declaration)) ?? null;
      functionByDeclaration.set(declaration, cached);
    }
    return cached ?? undefined;
  };
}

/** The function a declaration of this file declares (a method's or property's value included). */
function functionNodeOf(declared: TSESTree.Node): AnyNode | undefined {
  const fn = declared.type === 'MethodDefinition' || declared.type === 'Property' ? declared.value : declared;
  return isFunctionNode(anyNode(fn)) ? anyNode(fn) : undefined;
}

type ParseTypeScript = (text: string) => TSESTree.Program;
let parseTypeScript: ParseTypeScript | undefined;

/**
 * typescript-eslint's parser, loaded on first need: it loads TypeScript, which a plain-JavaScript
 * lint run (`recommended` with espree) never needs. Typed mode runs under that parser, so it is there.
 */
function typeScriptParser(): ParseTypeScript {
  parseTypeScript ??= (createRequire(import.meta.url)('@typescript-eslint/parser') as { parse: ParseTypeScript }).parse;
  return parseTypeScript;
}

/** A declaration of another file, parsed again as a function expression. */
function parsedFunctionOf(declaration: ts.Declaration): AnyNode | undefined {
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
    const statement = typeScriptParser()(text).body[0];
    return statement?.type === 'ExpressionStatement' ? anyNode(statement.expression) : undefined;
  } catch {
    return undefined;
  }
}
