/**
 * Where threading starts: functions that already have a signal — a `MainContext` parameter
 * (`ctx.signal`), a `signal: AbortSignal` parameter, an options parameter with a `signal`,
 * `{ signal }` destructured — found by type. A destructuring MainContext parameter without
 * `signal` (`{ track, defer }: MainContext`, as graceful-main writes it) gains `signal` when
 * something below needs it. In JS, where parameters are untyped, the function passed to
 * `runMain` and parameters destructuring `track`/`defer`/`shutdown` count (docs/architecture.md §4).
 */
import { ts } from 'ts-morph';
import { isHelperSpecifier, RUN_MAIN } from 'eslint-plugin-graceful-shutdown/detection/shutdown-helpers';
import {
  classifyReference,
  destructureSignalEdit,
  isSameNode,
  jsDocTagEdit,
  nodeKey,
  usesName,
  where,
} from './functions.js';
import {
  type AnalysisContext,
  type Binding,
  climbTransparent,
  type FunctionLike,
  functionName,
  isTypeScriptFile,
  type PlannedEdit,
  skipTransparent,
} from './model.js';
import { appendToList, bracedCommaList, bracketPositions, PAREN, type TextEdit } from './text-edits.js';

export type SourceBinding = { readonly binding: Binding } | { readonly blocked: string };

const CONTEXT_MEMBERS = new Set(['track', 'defer', 'shutdown']);

const isAny = (type: ts.Type): boolean => (type.flags & ts.TypeFlags.Any) !== 0;

/** A function passed to `runMain(…)`: its first parameter is a MainContext. */
export interface RunMainUse {
  /** Written inline in the call (its parameter is typed by the call). */
  readonly inline: boolean;
  /** The helper's module specifier, as the call's file imports it (for a type reference). */
  readonly specifier: string | undefined;
  /** The `import { runMain } from '…graceful-shutdown…'` declaration, in the call's file. */
  readonly importDeclaration: ts.ImportDeclaration | undefined;
  /** The argument naming the function (`main` in `runMain(main)`), a use that is not a call. */
  readonly argument: ts.Node;
}

/** Functions passed to `runMain(…)` (inline or by name), with how the helper is imported. */
export function runMainFunctions(files: readonly ts.SourceFile[], checker: ts.TypeChecker): Map<ts.Node, RunMainUse> {
  const found = new Map<ts.Node, RunMainUse>();
  const visit = (node: ts.Node): void => {
    const helper = ts.isCallExpression(node) ? runMainImport(node.expression, checker) : undefined;
    if (helper && ts.isCallExpression(node)) {
      const argument = node.arguments[0];
      const first = argument && skipTransparent(argument);
      if (first && (ts.isArrowFunction(first) || ts.isFunctionExpression(first)))
        found.set(first, { ...helper, inline: true, argument: first });
      else if (first && ts.isIdentifier(first)) {
        let symbol = checker.getSymbolAtLocation(first);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        for (const declaration of symbol?.declarations ?? []) {
          if (ts.isFunctionDeclaration(declaration))
            found.set(declaration, { ...helper, inline: false, argument: first });
          else if (ts.isVariableDeclaration(declaration) && declaration.initializer)
            found.set(skipTransparent(declaration.initializer), { ...helper, inline: false, argument: first });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const file of files) visit(file);
  return found;
}

function requireSpecifier(declaration: ts.Node): string | undefined {
  let holder = declaration;
  while (ts.isBindingElement(holder) || ts.isObjectBindingPattern(holder)) holder = holder.parent;
  if (!ts.isVariableDeclaration(holder) || !holder.initializer) return undefined;
  let init = holder.initializer;
  while (ts.isPropertyAccessExpression(init)) init = init.expression;
  if (
    ts.isCallExpression(init) &&
    ts.isIdentifier(init.expression) &&
    init.expression.text === 'require' &&
    init.arguments[0] &&
    ts.isStringLiteral(init.arguments[0])
  )
    return init.arguments[0].text;
  return undefined;
}

/** Whether a callee is our `runMain` (imported from the helper whatever its folder and suffix, or named so), and how it is imported. */
function runMainImport(
  callee: ts.Expression,
  checker: ts.TypeChecker,
): Omit<RunMainUse, 'inline' | 'argument'> | undefined {
  const target = skipTransparent(callee);
  const name = ts.isPropertyAccessExpression(target)
    ? target.name.text
    : ts.isIdentifier(target)
      ? target.text
      : undefined;
  if (name !== RUN_MAIN) return undefined;
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(target) ? target.expression : target);
  for (const declaration of symbol?.declarations ?? []) {
    if (ts.isImportSpecifier(declaration) || ts.isNamespaceImport(declaration)) {
      const importDeclaration = ts.isImportSpecifier(declaration)
        ? declaration.parent.parent.parent
        : declaration.parent.parent;
      const specifier = ts.isStringLiteral(importDeclaration.moduleSpecifier)
        ? importDeclaration.moduleSpecifier.text
        : undefined;
      if (specifier !== undefined && isHelperSpecifier(specifier))
        return {
          specifier,
          importDeclaration: ts.isImportDeclaration(importDeclaration) ? importDeclaration : undefined,
        };
    }
    const required = requireSpecifier(declaration);
    if (required !== undefined && isHelperSpecifier(required))
      return { specifier: required, importDeclaration: undefined };
  }
  return ts.isIdentifier(target) ? { specifier: undefined, importDeclaration: undefined } : undefined;
}

/**
 * `runMain(main)` with `async function main()` taking nothing (graceful-main adds no parameter
 * when main needs neither `track` nor `defer`): main gains `{ signal }: MainContext`, importing
 * the type beside `runMain`. Inline functions gain `{ signal }`, typed by the call.
 */
function contextParameter(fn: FunctionLike, use: RunMainUse, ctx: AnalysisContext): SourceBinding {
  const file = fn.getSourceFile();
  if (usesName(fn, 'signal'))
    return { blocked: 'it already uses the name `signal`, so it cannot take `{ signal }` from its MainContext' };
  const name = functionName(fn);
  const key = nodeKey('fn', fn);
  const typescript = isTypeScriptFile(file);
  const creates: PlannedEdit[] = [];
  let parameter = '{ signal }';
  if (!use.inline) {
    const name = nameOfDeclared(fn);
    for (const reference of name ? ctx.references(name) : []) {
      if (isSameNode(reference, name!) || isSameNode(reference, use.argument)) continue;
      const kind = classifyReference(reference);
      if (kind !== 'export' && kind !== 'type')
        return { blocked: `it is also used at ${where(reference)}: give it a \`MainContext\` parameter yourself` };
    }
    if (typescript) {
      const type = mainContextType(file, use);
      if ('blocked' in type) return type;
      parameter = `{ signal }: ${type.name}`;
      if (type.edit)
        creates.push({
          ...type.edit,
          file,
          kind: 'add-binding',
          description: `import \`type ${MAIN_CONTEXT}\` from the helper`,
          keys: [key],
        });
    }
  }
  const parens = bracketPositions(file, fn, PAREN);
  const start = parens ? parens.openEnd : fn.parameters.pos;
  const end = parens ? parens.closeStart : fn.parameters.end;
  creates.unshift({
    start,
    end,
    text: parameter,
    file,
    kind: 'add-binding',
    description: `${name}: take \`${parameter}\``,
    keys: [key],
  });
  const options = ctx.program.getCompilerOptions();
  if (
    !typescript &&
    !use.inline &&
    ctx.checked(file) &&
    (options.noImplicitAny ?? options.strict ?? false) &&
    use.specifier !== undefined
  ) {
    creates.push({
      ...jsDocTagEdit(fn, file, `@param {import('${use.specifier}').${MAIN_CONTEXT}} ctx`),
      file,
      kind: 'add-binding',
      description: `${name}: document its MainContext`,
      keys: [key],
    });
  }
  return {
    binding: { expression: 'signal', root: 'signal', rootSymbol: undefined, mayBeUndefined: false, key, creates },
  };
}

const MAIN_CONTEXT = 'MainContext';

/** How `fn`'s file names the MainContext type: already imported, or `type MainContext` added to the helper's import. */
function mainContextType(
  file: ts.SourceFile,
  use: RunMainUse,
): { name: string; edit?: TextEdit } | { blocked: string } {
  const declaration = use.importDeclaration;
  if (!declaration || declaration.getSourceFile() !== file)
    return { blocked: 'it is passed to `runMain` from another file: give it a `MainContext` parameter yourself' };
  const bindings = declaration.importClause?.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) return { name: `${bindings.name.text}.${MAIN_CONTEXT}` };
  if (!bindings || !ts.isNamedImports(bindings)) return { blocked: 'the helper import has an unexpected shape' };
  const existing = bindings.elements.find((element) => (element.propertyName ?? element.name).text === MAIN_CONTEXT);
  if (existing) return { name: existing.name.text };
  if (usesName(file, MAIN_CONTEXT)) return { blocked: `the name \`${MAIN_CONTEXT}\` is taken in its file` };
  return {
    name: MAIN_CONTEXT,
    edit: appendToList(file, bracedCommaList(file, bindings, bindings.elements), `type ${MAIN_CONTEXT}`),
  };
}

function nameOfDeclared(fn: FunctionLike): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name;
  const holder = climbTransparent(fn).parent;
  return holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name : undefined;
}

/** The function's own signal, or what blocks making one available. Undefined: it has none. */
export function sourceBinding(
  fn: FunctionLike,
  ctx: AnalysisContext,
  runMainTargets: ReadonlyMap<ts.Node, RunMainUse>,
): SourceBinding | undefined {
  const { checker, types } = ctx;
  const file = fn.getSourceFile();
  const parameters = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
  const use = runMainTargets.get(fn);
  if (use && parameters.length === 0) return contextParameter(fn, use, ctx);
  for (const [index, parameter] of parameters.entries()) {
    const type = checker.getTypeAtLocation(parameter);
    const isContext = index === 0 && runMainTargets.has(fn) && isAny(type);
    if (ts.isIdentifier(parameter.name)) {
      const rootSymbol = checker.getSymbolAtLocation(parameter.name);
      const name = parameter.name.text;
      if (types.isSignalValue(type)) {
        return {
          binding: {
            expression: name,
            root: name,
            rootSymbol,
            mayBeUndefined: parameter.questionToken !== undefined || types.mayBeNullish(type),
          },
        };
      }
      const property = types.signalProperty(checker.getNonNullableType(type), parameter);
      if (property && types.isSignalValue(property.type)) {
        const nullable =
          parameter.questionToken !== undefined || (parameter.initializer === undefined && types.mayBeNullish(type));
        return {
          binding: {
            expression: `${name}${nullable ? '?.' : '.'}signal`,
            root: name,
            rootSymbol,
            mayBeUndefined: nullable || property.optional || types.mayBeNullish(property.type),
          },
        };
      }
      if (isContext)
        return { binding: { expression: `${name}.signal`, root: name, rootSymbol, mayBeUndefined: false } };
      continue;
    }
    if (!ts.isObjectBindingPattern(parameter.name)) continue;
    const pattern = parameter.name;
    const element = pattern.elements.find(
      (e) => !e.dotDotDotToken && (e.propertyName ?? e.name).getText(file) === 'signal',
    );
    if (element) {
      if (!ts.isIdentifier(element.name)) continue;
      const local = element.name.text;
      const elementType = checker.getTypeAtLocation(element);
      if (!types.isSignalValue(elementType) && !(isContext || isAny(elementType))) continue;
      return {
        binding: {
          expression: local,
          root: local,
          rootSymbol: checker.getSymbolAtLocation(element.name),
          mayBeUndefined: element.initializer === undefined && types.mayBeNullish(elementType),
        },
      };
    }
    const property = types.signalProperty(checker.getNonNullableType(type), parameter);
    const typedContext = property !== undefined && types.isSignalValue(property.type);
    const syntacticContext =
      (isContext || isAny(type) || !ctx.checked(file)) &&
      pattern.elements.some((e) => CONTEXT_MEMBERS.has((e.propertyName ?? e.name).getText(file)));
    if (!typedContext && !isContext && !syntacticContext) continue;
    if (pattern.elements.some((e) => e.dotDotDotToken))
      return {
        blocked: `its parameter \`${abbreviated(pattern.getText(file))}\` has a rest element: adding \`signal\` would change it`,
      };
    if (usesName(fn, 'signal'))
      return { blocked: 'it already uses the name `signal`, so `signal` cannot be destructured' };
    const key = nodeKey('fn', fn);
    const edit = destructureSignalEdit(pattern, `${functionName(fn)}: destructure \`signal\``, key);
    const mayBeUndefined = typedContext ? property.optional || types.mayBeNullish(property.type) : false;
    return {
      binding: { expression: 'signal', root: 'signal', rootSymbol: undefined, mayBeUndefined, key, creates: [edit] },
    };
  }
  return undefined;
}

const abbreviated = (text: string): string => (text.length > 40 ? `${text.slice(0, 37)}…` : text).replace(/\s+/g, ' ');
