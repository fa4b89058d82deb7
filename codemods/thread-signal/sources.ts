/**
 * Where threading starts: functions that already have a signal — a `MainContext` parameter
 * (`ctx.signal`), a `signal: AbortSignal` parameter, an options parameter with a `signal`,
 * `{ signal }` destructured — found by type. A destructuring MainContext parameter without
 * `signal` (`{ track, defer }: MainContext`, as graceful-main writes it) gains `signal` when
 * something below needs it. In JS, where parameters are untyped, the function passed to
 * `runMain` and parameters destructuring `track`/`defer`/`shutdown` count (DESIGN §3).
 */
import { ts } from 'ts-morph';
import { isHelperSpecifier, RUN_MAIN } from '../../detection/shutdown-helpers.js';
import { usesName, nodeKey } from './functions.js';
import { type AnalysisContext, type Binding, type FunctionLike, functionName, type PlannedEdit, skipTransparent } from './model.js';
import { appendToList } from './text-edits.js';

export type SourceBinding = { readonly binding: Binding } | { readonly blocked: string };

const CONTEXT_MEMBERS = new Set(['track', 'defer', 'shutdown']);

const isAny = (type: ts.Type): boolean => (type.flags & ts.TypeFlags.Any) !== 0;

/** Functions passed to `runMain(…)` (inline or by name): their first parameter is a MainContext. */
export function runMainFunctions(files: readonly ts.SourceFile[], checker: ts.TypeChecker): Set<ts.Node> {
  const found = new Set<ts.Node>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isRunMainCallee(node.expression, checker)) {
      const first = node.arguments[0] && skipTransparent(node.arguments[0]);
      if (first && (ts.isArrowFunction(first) || ts.isFunctionExpression(first))) found.add(first);
      else if (first && ts.isIdentifier(first)) {
        let symbol = checker.getSymbolAtLocation(first);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        for (const declaration of symbol?.declarations ?? []) {
          if (ts.isFunctionDeclaration(declaration)) found.add(declaration);
          else if (ts.isVariableDeclaration(declaration) && declaration.initializer) found.add(skipTransparent(declaration.initializer));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const file of files) visit(file);
  return found;
}

function isRunMainCallee(callee: ts.Expression, checker: ts.TypeChecker): boolean {
  const target = skipTransparent(callee);
  const name = ts.isPropertyAccessExpression(target) ? target.name.text : ts.isIdentifier(target) ? target.text : undefined;
  if (name !== RUN_MAIN) return false;
  // Imported from our helper (whatever its folder and suffix), or declared in it.
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(target) ? target.name : target);
  for (const declaration of symbol?.declarations ?? []) {
    if (ts.isImportSpecifier(declaration)) {
      const specifier = declaration.parent.parent.parent.moduleSpecifier;
      if (ts.isStringLiteral(specifier) && isHelperSpecifier(specifier.text)) return true;
    }
    if (isHelperSpecifier(declaration.getSourceFile().fileName)) return true;
  }
  return ts.isIdentifier(target);
}

/** The function's own signal, or what blocks making one available. Undefined: it has none. */
export function sourceBinding(fn: FunctionLike, ctx: AnalysisContext, runMainTargets: ReadonlySet<ts.Node>): SourceBinding | undefined {
  const { checker, types } = ctx;
  const file = fn.getSourceFile();
  const parameters = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
  for (const [index, parameter] of parameters.entries()) {
    const type = checker.getTypeAtLocation(parameter);
    const isContext = index === 0 && runMainTargets.has(fn) && isAny(type);
    if (ts.isIdentifier(parameter.name)) {
      const rootSymbol = checker.getSymbolAtLocation(parameter.name);
      const name = parameter.name.text;
      if (types.isSignalValue(type)) {
        return { binding: { expression: name, root: name, rootSymbol, mayBeUndefined: parameter.questionToken !== undefined || types.mayBeNullish(type) } };
      }
      const property = types.signalProperty(checker.getNonNullableType(type), parameter);
      if (property && types.isSignalValue(property.type)) {
        const nullable = parameter.questionToken !== undefined || (parameter.initializer === undefined && types.mayBeNullish(type));
        return {
          binding: {
            expression: `${name}${nullable ? '?.' : '.'}signal`,
            root: name,
            rootSymbol,
            mayBeUndefined: nullable || property.optional || types.mayBeNullish(property.type),
          },
        };
      }
      if (isContext) return { binding: { expression: `${name}.signal`, root: name, rootSymbol, mayBeUndefined: false } };
      continue;
    }
    if (!ts.isObjectBindingPattern(parameter.name)) continue;
    const pattern = parameter.name;
    const element = pattern.elements.find((e) => !e.dotDotDotToken && ((e.propertyName ?? e.name).getText(file) === 'signal'));
    if (element) {
      if (!ts.isIdentifier(element.name)) continue;
      const local = element.name.text;
      const elementType = checker.getTypeAtLocation(element);
      if (!types.isSignalValue(elementType) && !(isContext || isAny(elementType))) continue;
      return { binding: { expression: local, root: local, rootSymbol: checker.getSymbolAtLocation(element.name), mayBeUndefined: element.initializer === undefined && types.mayBeNullish(elementType) } };
    }
    const property = types.signalProperty(checker.getNonNullableType(type), parameter);
    const typedContext = property !== undefined && types.isSignalValue(property.type);
    const syntacticContext = (isContext || isAny(type) || !ctx.checked(file)) && pattern.elements.some((e) => CONTEXT_MEMBERS.has((e.propertyName ?? e.name).getText(file)));
    if (!typedContext && !isContext && !syntacticContext) continue;
    if (pattern.elements.some((e) => e.dotDotDotToken)) return { blocked: `its parameter \`${abbreviated(pattern.getText(file))}\` has a rest element: adding \`signal\` would change it` };
    if (usesName(fn, 'signal')) return { blocked: 'it already uses the name `signal`, so `signal` cannot be destructured' };
    const key = nodeKey('fn', fn);
    const edit: PlannedEdit = {
      ...appendToList(file, { items: pattern.elements, openEnd: pattern.getStart(file) + 1, closeStart: pattern.getEnd() - 1, separator: ',', separatorInItems: false, padEmpty: true }, 'signal'),
      file,
      kind: 'add-binding',
      description: `${functionName(fn)}: destructure \`signal\``,
      keys: [key],
    };
    const mayBeUndefined = typedContext ? property.optional || types.mayBeNullish(property.type) : false;
    return { binding: { expression: 'signal', root: 'signal', rootSymbol: undefined, mayBeUndefined, key, creates: [edit] } };
  }
  return undefined;
}

const abbreviated = (text: string): string => (text.length > 40 ? `${text.slice(0, 37)}…` : text).replace(/\s+/g, ' ');

