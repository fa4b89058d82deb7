/**
 * TypeScript's flag values, read from the TypeScript that type-checks the file (docs/architecture.md
 * §5). They are not stable across versions — 6.0 renumbered `TypeFlags` (`Undefined` was 32768, is
 * 4) — and the peer range spans 4.8 to 6.0, so the rules never inline them. TypeScript is loaded on
 * the first typed question only: a plain-JavaScript lint run never loads it.
 */
import { createRequire } from 'node:module';
import type * as ts from 'typescript';

type TypeScript = typeof ts;

/** The masks the typed rules test types and symbols against. */
export interface TypeScriptFlags {
  readonly anyOrUnknown: number;
  readonly stringLike: number;
  /** Every other primitive: numbers, booleans, bigints, symbols, enums, `undefined`, `null`, `void`, `never`. */
  readonly otherPrimitive: number;
  /** `stringLike | otherPrimitive`. */
  readonly primitive: number;
  /** `undefined`, `null`, `void`. */
  readonly nullish: number;
  readonly undefined: number;
  readonly union: number;
  /** Type parameters, indexed access and conditional types: what an instantiation may still change. */
  readonly instantiableNonPrimitive: number;
  readonly object: number;
  readonly mappedObject: number;
  readonly symbolType: number;
  readonly optionalSymbol: number;
}

/** The masks of one TypeScript module (exported for the tests, which feed it several versions). */
export function typeScriptFlagsOf(typescript: TypeScript): TypeScriptFlags {
  const f = typescript.TypeFlags;
  const otherPrimitive =
    f.NumberLike | f.BooleanLike | f.BigIntLike | f.ESSymbolLike | f.EnumLike | f.Undefined | f.Null | f.Void | f.Never;
  return {
    anyOrUnknown: f.Any | f.Unknown,
    stringLike: f.StringLike,
    otherPrimitive,
    primitive: f.StringLike | otherPrimitive,
    nullish: f.Undefined | f.Null | f.Void,
    undefined: f.Undefined,
    union: f.Union,
    instantiableNonPrimitive: f.InstantiableNonPrimitive,
    object: f.Object,
    mappedObject: typescript.ObjectFlags.Mapped,
    symbolType: typescript.SymbolFlags.Type,
    optionalSymbol: typescript.SymbolFlags.Optional,
  };
}

let loaded: TypeScriptFlags | undefined;
const checked = new WeakSet<ts.TypeChecker>();

/**
 * The TypeScript typescript-eslint's parser loads (resolved the way it resolves it: from
 * typescript-estree, through `@typescript-eslint/utils`), else the one next to this plugin.
 */
function loadTypeScript(): TypeScript {
  const fromHere = createRequire(import.meta.url);
  try {
    const fromUtils = createRequire(fromHere.resolve('@typescript-eslint/utils'));
    return createRequire(fromUtils.resolve('@typescript-eslint/typescript-estree'))('typescript') as TypeScript;
  } catch {
    return fromHere('typescript') as TypeScript;
  }
}

/**
 * The flags for this checker's TypeScript. Checked once per checker against types the checker
 * made itself, so two TypeScript versions in one install fail loudly instead of answering wrong.
 */
export function typeScriptFlags(checker: ts.TypeChecker): TypeScriptFlags {
  loaded ??= typeScriptFlagsOf(loadTypeScript());
  if (!checked.has(checker)) {
    if (checker.getUndefinedType().flags !== loaded.undefined)
      throw new Error(
        'graceful-shutdown: the TypeScript that type-checks this file is not the one typescript-eslint resolves ' +
          '(their TypeFlags differ); install one TypeScript version for the project.',
      );
    checked.add(checker);
  }
  return loaded;
}
