/**
 * Where a call takes an AbortSignal. Type-aware first (the main mechanism): a parameter of the
 * resolved signature that IS an AbortSignal, or whose options type has a `signal` property taking
 * one — which covers Node's APIs, fetch, libraries, and the project's own functions that already
 * accept a signal. The shared table (`detection/signal-apis.ts`) is the fallback, and the only
 * source in JS files the checker does not check (there, only certainly-safe edits: see `trusted`).
 */
import { ts } from 'ts-morph';
import { type CallSlot } from './call-edits.js';
import { type AnalysisContext, skipTransparent } from './model.js';
import { parameterTypes } from './signal-types.js';
import { tableSlot } from './table.js';

export interface ApiSlot extends CallSlot {
  /** How the slot was found. */
  readonly via: 'types' | 'table';
  /** Whether the callee is declared by Node's or TypeScript's own declarations (known behaviour). */
  readonly builtin: boolean;
}

function declarationOf(call: ts.CallExpression, checker: ts.TypeChecker): ts.Declaration | undefined {
  const callee = skipTransparent(call.expression);
  const named = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isElementAccessExpression(callee) ? callee.argumentExpression : callee;
  let symbol = checker.getSymbolAtLocation(named);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

const BUILTIN_DECLARATIONS = /[\\/]node_modules[\\/](?:@types[\\/]node|undici-types|typescript[\\/]lib|@ts-morph[\\/]common[\\/]lib)[\\/]|^\/node_modules\/typescript\/lib\//;

function isBuiltinDeclaration(declaration: ts.Declaration | undefined, program: ts.Program): boolean {
  if (!declaration) return false;
  const file = declaration.getSourceFile();
  return program.isSourceFileDefaultLibrary(file) || BUILTIN_DECLARATIONS.test(file.fileName);
}

/** The declared (write) type of a property, which differs from its read type under exactOptionalPropertyTypes. */
function declaredPropertyType(symbol: ts.Symbol, fallback: ts.Type, checker: ts.TypeChecker): ts.Type {
  const declaration = symbol.valueDeclaration;
  if (declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.type) {
    return checker.getTypeFromTypeNode(declaration.type);
  }
  return fallback;
}

/** The signal slot of a call by its resolved signature. */
function typedSlot(call: ts.CallExpression, ctx: AnalysisContext): Omit<ApiSlot, 'builtin'> | undefined {
  const { checker, types } = ctx;
  const signature = checker.getResolvedSignature(call);
  if (!signature || !signature.getDeclaration()) return undefined;
  const parameters = parameterTypes(checker, signature, call);
  const filler = (position: number): string | undefined => (parameters[position]?.optional ? 'undefined' : undefined);
  for (const [index, parameter] of parameters.entries()) {
    if (parameter.rest) break;
    if (types.isSignalValue(parameter.type)) {
      return { via: 'types', kind: 'positional', index, filler, acceptsUndefined: true, acceptsNull: types.acceptsNull(parameter.type), encodingShorthand: false };
    }
    const property = types.signalProperty(parameter.type, call);
    if (!property) continue;
    const declared = declaredPropertyType(property.symbol, property.type, checker);
    return {
      via: 'types',
      kind: 'property',
      index,
      filler,
      acceptsUndefined: !types.exactOptionalPropertyTypes || types.acceptsUndefined(declared),
      acceptsNull: types.acceptsNull(declared),
      encodingShorthand: types.hasEncodingOption(parameter.type),
      carriesSignal: (argument) => {
        const carried = types.signalProperty(checker.getTypeAtLocation(argument), argument);
        return carried !== undefined && !carried.optional && !types.mayBeNullish(carried.type);
      },
    };
  }
  return undefined;
}

/**
 * The slot of a signal-accepting call, or undefined. `trusted`: the file is not type-checked
 * (JS without checkJs), so only slots of Node's / TypeScript's own declarations or of the shared
 * table count, and no encoding-string rewrite.
 */
export function apiSlot(call: ts.CallExpression, ctx: AnalysisContext, checkedFile: boolean): ApiSlot | undefined {
  const declaration = declarationOf(call, ctx.checker);
  const builtin = isBuiltinDeclaration(declaration, ctx.program);
  const typed = typedSlot(call, ctx);
  if (typed && (checkedFile || builtin)) return { ...typed, builtin, encodingShorthand: typed.encodingShorthand && checkedFile };
  const table = tableSlot(call, ctx, declaration);
  return table ? { ...table, builtin: true, encodingShorthand: false } : undefined;
}
