/**
 * Where a call takes an AbortSignal. Type-aware first (the main mechanism): a parameter of the
 * resolved signature that IS an AbortSignal, or whose options type has a `signal` property taking
 * one — which covers Node's APIs, fetch, libraries, and the project's own functions that already
 * accept a signal. The shared table (`detection/signal-apis.ts`) is the fallback, and the only
 * source in JS files the checker does not check (there, only certainly-safe edits: see `trusted`).
 */
import { ts } from 'ts-morph';
import { type SignalApi } from 'eslint-plugin-graceful-shutdown/detection/signal-apis';
import { type CallEditOutcome, type CallSlot, signalCallEdit } from './call-edits.js';
import { type AnalysisContext, type Binding, skipTransparent } from './model.js';
import { parameterTypes } from './signal-types.js';
import { tableApi, tableCallEdit } from './table.js';

export type ApiSlot =
  /** Found by the resolved signature's parameter types. */
  | (CallSlot & { readonly via: 'types'; readonly builtin: boolean })
  /** Found by the shared table; placed by its `optionsPlacement`. */
  | { readonly via: 'table'; readonly api: SignalApi };

const LISTENER_REGISTRATIONS = new Set(['addEventListener', 'removeEventListener']);

function declarationOf(call: ts.CallExpression, checker: ts.TypeChecker): ts.Declaration | undefined {
  const callee = skipTransparent(call.expression);
  const named = ts.isPropertyAccessExpression(callee)
    ? callee.name
    : ts.isElementAccessExpression(callee)
      ? callee.argumentExpression
      : callee;
  let symbol = checker.getSymbolAtLocation(named);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

const BUILTIN_DECLARATIONS =
  /[\\/]node_modules[\\/](?:@types[\\/]node|undici-types|typescript[\\/]lib|@ts-morph[\\/]common[\\/]lib)[\\/]|^\/node_modules\/typescript\/lib\//;

function isBuiltinDeclaration(declaration: ts.Declaration | undefined, program: ts.Program): boolean {
  if (!declaration) return false;
  const file = declaration.getSourceFile();
  return program.isSourceFileDefaultLibrary(file) || BUILTIN_DECLARATIONS.test(file.fileName);
}

/** The declared (write) type of a property, which differs from its read type under exactOptionalPropertyTypes. */
function declaredPropertyType(symbol: ts.Symbol, fallback: ts.Type, checker: ts.TypeChecker): ts.Type {
  const declaration = symbol.valueDeclaration;
  if (
    declaration &&
    (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) &&
    declaration.type
  ) {
    return checker.getTypeFromTypeNode(declaration.type);
  }
  return fallback;
}

/** The signal slot of a call by its resolved signature. */
function typedSlot(call: ts.CallExpression, ctx: AnalysisContext): (CallSlot & { readonly via: 'types' }) | undefined {
  const { checker, types } = ctx;
  const signature = checker.getResolvedSignature(call);
  if (!signature || !signature.getDeclaration()) return undefined;
  const parameters = parameterTypes(checker, signature, call);
  const filler = (position: number): string | undefined => (parameters[position]?.optional ? 'undefined' : undefined);
  for (const [index, parameter] of parameters.entries()) {
    if (parameter.rest) break;
    if (types.isSignalValue(parameter.type)) {
      return {
        via: 'types',
        kind: 'positional',
        index,
        filler,
        acceptsUndefined: true,
        acceptsNull: types.acceptsNull(parameter.type),
        encodingShorthand: false,
      };
    }
    const property = types.signalProperty(parameter.type, call, true);
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
 * The slot of a signal-accepting call, or undefined. In a file the checker does not check (JS
 * without checkJs) only certainly-safe slots count: Node's / TypeScript's own declarations, table
 * rows identified through imports or globals (not methods matched by name alone).
 */
export function apiSlot(call: ts.CallExpression, ctx: AnalysisContext, checkedFile: boolean): ApiSlot | undefined {
  // Event listeners take `{ signal }` too, but removing a listener at shutdown is not cancelling
  // work — and `signal.addEventListener('abort', …)` with the signal would never fire (as the rule).
  const callee = skipTransparent(call.expression);
  if (ts.isPropertyAccessExpression(callee) && LISTENER_REGISTRATIONS.has(callee.name.text)) return undefined;
  const declaration = declarationOf(call, ctx.checker);
  const builtin = isBuiltinDeclaration(declaration, ctx.program);
  const typed = typedSlot(call, ctx);
  const typedUsable =
    typed && (checkedFile || builtin)
      ? { ...typed, builtin, encodingShorthand: typed.encodingShorthand && checkedFile }
      : undefined;
  const file = call.getSourceFile();
  // Types first; the table when they find nothing, or only a position they cannot edit (the
  // resolved overload of `http.get(url, cb)` has the options first: the table knows better).
  if (typedUsable && signalCallEdit(file, call, typedUsable, PROBE, ctx).kind !== 'blocked') return typedUsable;
  const api = tableApi(call, ctx);
  const tableUsable = api && !(!checkedFile && api.module === 'method' && api.receiver === undefined) ? api : undefined;
  if (
    tableUsable &&
    (!typedUsable || tableCallEdit(file, call, tableUsable, PROBE, ctx, checkedFile).kind !== 'blocked')
  )
    return { via: 'table', api: tableUsable };
  return typedUsable;
}

/** Only the shape of an outcome matters when probing whether a call can be edited. */
export const PROBE: Binding = { expression: 'signal', root: 'signal', rootSymbol: undefined, mayBeUndefined: false };

/** The edit that passes `binding` at an API call. */
export function apiCallEdit(
  file: ts.SourceFile,
  call: ts.CallExpression,
  slot: ApiSlot,
  binding: Binding,
  ctx: AnalysisContext,
): CallEditOutcome {
  return slot.via === 'types'
    ? signalCallEdit(file, call, slot, binding, ctx)
    : tableCallEdit(file, call, slot.api, binding, ctx, ctx.checked(file));
}
