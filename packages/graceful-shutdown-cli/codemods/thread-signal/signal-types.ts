/**
 * Type questions about AbortSignal, asked of the checker of ts-morph's own TypeScript (never the
 * repo's `typescript` package: their nodes and types do not mix).
 */
import { ts } from 'ts-morph';

export class SignalTypes {
  private constructor(
    readonly checker: ts.TypeChecker,
    private readonly abortSignal: ts.Type,
    readonly exactOptionalPropertyTypes: boolean,
  ) {}

  /** Undefined when the program has no global `AbortSignal` type (no DOM lib and no @types/node). */
  static create(program: ts.Program): SignalTypes | undefined {
    const checker = program.getTypeChecker();
    const anchor = program.getSourceFiles().find((file) => !file.isDeclarationFile) ?? program.getSourceFiles()[0];
    if (!anchor) return undefined;
    const symbol = checker.resolveName('AbortSignal', anchor, ts.SymbolFlags.Type, false);
    if (!symbol) return undefined;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    return new SignalTypes(checker, type, program.getCompilerOptions().exactOptionalPropertyTypes === true);
  }

  private parts(type: ts.Type): ts.Type[] {
    return type.isUnion() ? type.types : [type];
  }

  private static loose(type: ts.Type): boolean {
    return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) !== 0;
  }

  private static nullish(type: ts.Type): boolean {
    return (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) !== 0;
  }

  private isAbortSignalPart(type: ts.Type): boolean {
    if (SignalTypes.loose(type)) return false;
    const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
    return name === 'AbortSignal' && this.checker.isTypeAssignableTo(type, this.abortSignal);
  }

  /** A value of this type is an AbortSignal (possibly `undefined`/`null`): `AbortSignal`, `AbortSignal | undefined`. */
  isSignalValue(type: ts.Type): boolean {
    const parts = this.parts(type).filter((part) => !SignalTypes.nullish(part));
    return parts.length > 0 && parts.every((part) => this.isAbortSignalPart(part));
  }

  /** A slot of this type takes an AbortSignal: `AbortSignal`, `AbortSignal | undefined`, `AbortSignal | null`. */
  acceptsSignal(type: ts.Type): boolean {
    return this.parts(type).some((part) => this.isAbortSignalPart(part));
  }

  mayBeNullish(type: ts.Type): boolean {
    return SignalTypes.loose(type) || this.parts(type).some((part) => SignalTypes.nullish(part));
  }

  acceptsUndefined(type: ts.Type): boolean {
    return (
      SignalTypes.loose(type) ||
      this.parts(type).some((part) => (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0)
    );
  }

  acceptsNull(type: ts.Type): boolean {
    return SignalTypes.loose(type) || this.parts(type).some((part) => (part.flags & ts.TypeFlags.Null) !== 0);
  }

  /**
   * The optional `signal` property of an options type, when it takes an AbortSignal: `{ signal?: AbortSignal }`,
   * `ObjectEncodingOptions & Abortable`, `BufferEncoding | (… & Abortable) | null` (the object member).
   * `location` is where the type is used (for generic instantiation). `requireOptional`: options
   * make it optional; an object that merely HAS a signal (`Request`, `MainContext`) is not options.
   */
  signalProperty(
    type: ts.Type,
    location: ts.Node,
    requireOptional = false,
  ): { symbol: ts.Symbol; type: ts.Type; optional: boolean } | undefined {
    for (const part of this.parts(type)) {
      if (
        SignalTypes.loose(part) ||
        SignalTypes.nullish(part) ||
        ((part.flags & ts.TypeFlags.Object) === 0 && !part.isIntersection())
      )
        continue;
      const symbol = part.getProperty('signal');
      if (!symbol) continue;
      const propertyType = this.checker.getTypeOfSymbolAtLocation(symbol, location);
      const optional = (symbol.getFlags() & ts.SymbolFlags.Optional) !== 0;
      if (!this.acceptsSignal(propertyType) || (requireOptional && !optional)) continue;
      return { symbol, type: propertyType, optional };
    }
    return undefined;
  }

  /** The object member of an options type has an `encoding` property: `readFile(p, 'utf8')` can become `{ encoding: 'utf8', signal }`. */
  hasEncodingOption(type: ts.Type): boolean {
    return this.parts(type).some((part) =>
      (part.flags & ts.TypeFlags.Object) !== 0 || part.isIntersection()
        ? part.getProperty('encoding') !== undefined && part.getProperty('signal') !== undefined
        : false,
    );
  }
}

/** The parameter types of a signature, as seen from `location` (rest parameters excluded). */
export function parameterTypes(
  checker: ts.TypeChecker,
  signature: ts.Signature,
  location: ts.Node,
): Array<{ type: ts.Type; optional: boolean; rest: boolean }> {
  return signature.getParameters().map((parameter) => {
    const declaration = parameter.valueDeclaration;
    const rest = declaration !== undefined && ts.isParameter(declaration) && declaration.dotDotDotToken !== undefined;
    const optional =
      declaration !== undefined && ts.isParameter(declaration)
        ? declaration.questionToken !== undefined ||
          declaration.initializer !== undefined ||
          checker.isOptionalParameter(declaration)
        : (parameter.getFlags() & ts.SymbolFlags.Optional) !== 0;
    return { type: checker.getTypeOfSymbolAtLocation(parameter, location), optional, rest };
  });
}
