/**
 * The project's own functions on the way to the work: which function a call reaches (across
 * files, import aliases and re-exports), whether it may gain a `signal`, and how — an optional
 * parameter, or a `signal` option when it already takes an options object.
 *
 * A function is left alone, with the reason, when adding a parameter could change behaviour a
 * type checker cannot see: its value is used other than by calling it (callbacks get extra
 * arguments; `fn.length` is observable — Express recognises error middleware by it), it
 * implements or overrides another declaration, it reads `arguments`, it has a rest parameter.
 */
import { ts } from 'ts-morph';
import { type CallSlot } from './call-edits.js';
import {
  type AnalysisContext,
  type Binding,
  climbTransparent,
  type FunctionLike,
  functionName,
  isFunctionLike,
  isTypeScriptFile,
  type PlannedEdit,
  position,
  skipTransparent,
} from './model.js';
import {
  appendToList,
  BRACE,
  bracedCommaList,
  bracketPositions,
  indentationAt,
  lineEnding,
  PAREN,
  type TextEdit,
} from './text-edits.js';

/** What a call reaches in the project: a function, and why we may never edit it (if so). */
export interface CalleeTarget {
  readonly fn: FunctionLike;
  readonly blocked?: string;
}

const isExternal = (file: ts.SourceFile, program: ts.Program): boolean =>
  file.isDeclarationFile ||
  program.isSourceFileFromExternalLibrary(file) ||
  /[\\/]node_modules[\\/]/.test(file.fileName);

/** The project function a call invokes, following aliases (`import { a as b }`, re-exports). */
export function calleeTarget(call: ts.CallExpression, ctx: AnalysisContext): CalleeTarget | undefined {
  const callee = skipTransparent(call.expression);
  const named = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  if (!ts.isIdentifier(named) && !ts.isPrivateIdentifier(named)) return undefined;
  let symbol = ctx.checker.getSymbolAtLocation(named);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  const declarations = symbol?.declarations ?? [];
  const implementation = declarations.find(
    (d) =>
      (isFunctionLike(d) && d.body !== undefined) ||
      ts.isVariableDeclaration(d) ||
      ts.isPropertyAssignment(d) ||
      ts.isPropertyDeclaration(d),
  );
  if (!implementation || isExternal(implementation.getSourceFile(), ctx.program)) return undefined;
  if (ts.isFunctionDeclaration(implementation)) return { fn: implementation };
  if (ts.isMethodDeclaration(implementation)) {
    return ts.isClassLike(implementation.parent)
      ? { fn: implementation }
      : { fn: implementation, blocked: 'it is an object literal method: the object may be typed or passed elsewhere' };
  }
  if (
    ts.isVariableDeclaration(implementation) ||
    ts.isPropertyDeclaration(implementation) ||
    ts.isPropertyAssignment(implementation)
  ) {
    const init = implementation.initializer && skipTransparent(implementation.initializer);
    if (!init || !(ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return undefined;
    if (ts.isVariableDeclaration(implementation)) return { fn: init };
    return {
      fn: init,
      blocked: ts.isPropertyDeclaration(implementation)
        ? 'it is a class field holding a function'
        : 'it is a function stored in an object literal: the object may be typed or passed elsewhere',
    };
  }
  return undefined;
}

export interface SignaturePlan {
  readonly fn: FunctionLike;
  readonly name: string;
  readonly key: string;
  /** Where callers pass the signal. */
  readonly slot: CallSlot;
  /** How the function's body reaches it; its `creates` are the signature edits. */
  readonly binding: Binding;
}

export type PlanOutcome = { readonly plan: SignaturePlan } | { readonly reason: string };

export const nodeKey = (prefix: string, node: ts.Node): string =>
  `${prefix}:${node.getSourceFile().fileName}:${node.pos}`;

const OPTIONS_NAME = /^(?:opts|options|config|settings|init|params)$/i;
const OPTIONS_SUFFIX = /[a-z](?:Options|Opts)$/;
const OPTIONS_TYPE = /(?:Options|Opts|Config|Settings|Init|Params)$/;

/** Names that only label a property (`x.signal`, `{ signal: 1 }`), not a variable. */
function isPropertyNameOnly(id: ts.Identifier): boolean {
  const parent = id.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === id) ||
    (ts.isPropertyAssignment(parent) && parent.name === id) ||
    ((ts.isPropertySignature(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessor(parent) ||
      ts.isSetAccessor(parent) ||
      ts.isEnumMember(parent)) &&
      parent.name === id) ||
    (ts.isBindingElement(parent) && parent.propertyName === id) ||
    (ts.isQualifiedName(parent) && parent.right === id) ||
    (ts.isJsxAttribute(parent) && parent.name === id) ||
    ts.isLabeledStatement(parent) ||
    ts.isBreakOrContinueStatement(parent)
  );
}

/** Whether `name` already names something inside `node` (a parameter, a local, an outer variable it uses). */
export function usesName(node: ts.Node, name: string): boolean {
  let found = false;
  const visit = (current: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(current) && current.text === name && !isPropertyNameOnly(current)) {
      found = true;
      return;
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return found;
}

function readsArguments(fn: FunctionLike): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && node.text === 'arguments' && !isPropertyNameOnly(node)) found = true;
    // A nested non-arrow function has its own `arguments`.
    else if (!(
      node !== fn &&
      (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node))
    ))
      ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

type ReferenceUse = 'call' | 'export' | 'type' | 'override' | 'value';

function isRequireCall(node: ts.Node | undefined): boolean {
  return (
    node !== undefined &&
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require'
  );
}

const isModuleExports = (node: ts.Node): boolean =>
  (ts.isPropertyAccessExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'module' &&
    node.name.text === 'exports') ||
  (ts.isIdentifier(node) && node.text === 'exports') ||
  (ts.isPropertyAccessExpression(node) && isModuleExports(node.expression));

/** How a reference to a function uses it; anything but calls, exports and type queries makes its arity observable. */
export function classifyReference(reference: ts.Node): ReferenceUse {
  const parent = reference.parent;
  if (!parent) return 'value';
  if (
    ts.isImportSpecifier(parent) ||
    ts.isImportClause(parent) ||
    ts.isExportSpecifier(parent) ||
    ts.isNamespaceImport(parent) ||
    ts.isExportAssignment(parent)
  )
    return 'export';
  if (ts.isTypeQueryNode(parent) || ts.isQualifiedName(parent)) return 'type';
  if (
    (ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isPropertySignature(parent)) &&
    parent.name === reference
  )
    return 'override';
  // const { load } = require('./lib.js')
  if (
    ts.isBindingElement(parent) &&
    ts.isObjectBindingPattern(parent.parent) &&
    ts.isVariableDeclaration(parent.parent.parent) &&
    isRequireCall(parent.parent.parent.initializer)
  )
    return 'export';
  // module.exports = { load }; exports.load = load
  if (ts.isShorthandPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) {
    const holder = parent.parent.parent;
    if (
      holder &&
      ts.isBinaryExpression(holder) &&
      holder.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      isModuleExports(holder.left)
    )
      return 'export';
  }
  let node: ts.Node = reference;
  if (ts.isPropertyAccessExpression(parent) && parent.name === reference) node = parent;
  else if (
    ts.isPropertyAccessExpression(parent) &&
    parent.expression === reference &&
    ts.isBinaryExpression(parent.parent) &&
    parent.parent.left === parent
  )
    return 'value';
  node = climbTransparent(node);
  const holder = node.parent;
  if (holder && (ts.isCallExpression(holder) || ts.isNewExpression(holder)) && holder.expression === node)
    return 'call';
  if (
    holder &&
    ts.isBinaryExpression(holder) &&
    holder.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    holder.right === node &&
    isModuleExports(holder.left)
  )
    return 'export';
  return 'value';
}

/** The language service may hand back its own node objects: compare by place. */
export const isSameNode = (a: ts.Node, b: ts.Node): boolean =>
  a.getSourceFile().fileName === b.getSourceFile().fileName && a.pos === b.pos && a.end === b.end;

/** The binding name of a function, to find its references. */
function nameOf(fn: FunctionLike): ts.Identifier | ts.PrivateIdentifier | undefined {
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) {
    return fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name)) ? fn.name : undefined;
  }
  const holder = climbTransparent(fn).parent;
  return holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name : undefined;
}

export function where(node: ts.Node): string {
  const file = node.getSourceFile();
  return `${file.fileName.split(/[\\/]/).pop()}:${position(file, node).line}`;
}

/** The object type of an options parameter that we can extend in place: an inline literal, or a project interface / type alias. */
function editableOptionsType(
  parameter: ts.ParameterDeclaration,
  ctx: AnalysisContext,
): ts.TypeLiteralNode | ts.InterfaceDeclaration | undefined {
  const typeNode = parameter.type;
  if (!typeNode) return undefined;
  if (ts.isTypeLiteralNode(typeNode)) return typeNode;
  if (!ts.isTypeReferenceNode(typeNode) || typeNode.typeArguments) return undefined;
  let symbol = ctx.checker.getSymbolAtLocation(typeNode.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  const declarations = symbol?.declarations ?? [];
  if (declarations.length !== 1) return undefined;
  const declaration = declarations[0]!;
  const file = declaration.getSourceFile();
  if (isExternal(file, ctx.program) || !ctx.editable(file) || !ctx.checked(file)) return undefined;
  if (ts.isInterfaceDeclaration(declaration) && !declaration.typeParameters) return declaration;
  if (ts.isTypeAliasDeclaration(declaration) && !declaration.typeParameters && ts.isTypeLiteralNode(declaration.type))
    return declaration.type;
  return undefined;
}

function isOptionsParameter(parameter: ts.ParameterDeclaration): boolean {
  if (parameter.dotDotDotToken) return false;
  if (ts.isObjectBindingPattern(parameter.name)) return true;
  if (
    ts.isIdentifier(parameter.name) &&
    (OPTIONS_NAME.test(parameter.name.text) || OPTIONS_SUFFIX.test(parameter.name.text))
  )
    return true;
  const type = parameter.type;
  return type !== undefined && ts.isTypeReferenceNode(type) && OPTIONS_TYPE.test(type.typeName.getText());
}

const realParameters = (fn: FunctionLike): ts.ParameterDeclaration[] =>
  fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));

function parameterIsOptional(
  parameter: ts.ParameterDeclaration,
  file: ts.SourceFile,
  checker: ts.TypeChecker,
): boolean {
  // In JS every parameter is optional to callers.
  return (
    parameter.questionToken !== undefined ||
    parameter.initializer !== undefined ||
    !isTypeScriptFile(file) ||
    checker.isOptionalParameter(parameter)
  );
}

/** Why a function's signature may not change, or undefined when it may. */
function signatureBlocker(fn: FunctionLike, ctx: AnalysisContext): string | undefined {
  const file = fn.getSourceFile();
  if (!ctx.editable(file)) return 'it is outside the files being changed';
  if (!fn.body) return 'it has no body';
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const outer = climbTransparent(fn);
    if (outer !== fn) return 'its type is asserted (`as` / `satisfies`): the signature is declared elsewhere';
    const holder = fn.parent;
    if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return 'it is not a named function';
    if (holder.type) return `its type is declared by \`${holder.type.getText()}\``;
    const jsDocType = ts.getJSDocType(holder) ?? ts.getJSDocType(holder.parent.parent);
    if (jsDocType) return `its type is declared by \`@type {${jsDocType.getText()}}\``;
  }
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) {
    const symbol = fn.name ? ctx.checker.getSymbolAtLocation(fn.name) : undefined;
    if ((symbol?.declarations ?? []).filter((d) => d.kind === fn.kind).length > 1) return 'it has overload signatures';
  }
  if (ts.isMethodDeclaration(fn)) {
    const blocker = methodBlocker(fn, ctx);
    if (blocker) return blocker;
  }
  const name = nameOf(fn);
  if (!name)
    return ts.isFunctionDeclaration(fn)
      ? 'it is an anonymous default export: its callers cannot be found'
      : 'it has a computed name';
  for (const reference of ctx.references(name as ts.Identifier)) {
    if (isSameNode(reference, name)) continue;
    const use = classifyReference(reference);
    if (use === 'override') return `it is overridden or implemented at ${where(reference)}`;
    if (use === 'value') {
      const params = realParameters(fn);
      const middleware =
        params.length === 4 && ts.isIdentifier(params[0]!.name) && /^err(?:or)?$/i.test(params[0]!.name.text)
          ? ' (Express recognises error middleware by `fn.length === 4`)'
          : '';
      const snippet = (climbTransparent(reference).parent ?? reference).getText().replace(/\s+/g, ' ');
      return `its value is used at ${where(reference)} (\`${snippet.length > 50 ? `${snippet.slice(0, 47)}…` : snippet}\`): a caller may observe its arity (\`fn.length\`) or pass it extra arguments${middleware}`;
    }
  }
  if (readsArguments(fn)) return 'it reads `arguments`';
  return undefined;
}

function methodBlocker(method: ts.MethodDeclaration, ctx: AnalysisContext): string | undefined {
  const owner = method.parent;
  if (!ts.isClassLike(owner)) return 'it is an object literal method';
  if (ts.getModifiers(method)?.some((m) => m.kind === ts.SyntaxKind.OverrideKeyword))
    return 'it overrides a base-class method';
  const memberName = method.name.getText();
  for (const clause of owner.heritageClauses ?? []) {
    for (const heritage of clause.types) {
      const type = ctx.checker.getTypeAtLocation(heritage);
      if (type.getProperty(memberName)) {
        return clause.token === ts.SyntaxKind.ImplementsKeyword
          ? `it implements \`${heritage.getText()}.${memberName}\``
          : `it overrides \`${heritage.expression.getText()}.${memberName}\``;
      }
    }
  }
  return undefined;
}

/** In files the checker does not check, every call must pass at most the declared arguments, without spreads. */
function uncheckedCallBlocker(fn: FunctionLike, ctx: AnalysisContext): string | undefined {
  const name = nameOf(fn);
  if (!name) return undefined;
  const declared = realParameters(fn).length;
  for (const reference of ctx.references(name as ts.Identifier)) {
    if (isSameNode(reference, name)) continue;
    let node: ts.Node = reference;
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) node = node.parent;
    node = climbTransparent(node);
    const call = node.parent;
    if (!call || !ts.isCallExpression(call) || call.expression !== node) continue;
    if (call.arguments.some((arg) => ts.isSpreadElement(arg))) return `a call at ${where(call)} spreads its arguments`;
    if (call.arguments.length > declared) return `a call at ${where(call)} passes more arguments than it declares`;
  }
  return undefined;
}

/** How `fn` would receive a signal, or why it may not. */
export function planSignature(fn: FunctionLike, ctx: AnalysisContext): PlanOutcome {
  const reason = planBlocker(fn, ctx);
  if (reason) return { reason };
  const site = signatureSite(fn, ctx);
  return optionsPlan(site, ctx) ?? parameterPlan(site, ctx);
}

/** Why `fn` may not gain a signal at all, whichever way it would take it. */
function planBlocker(fn: FunctionLike, ctx: AnalysisContext): string | undefined {
  const blocker = signatureBlocker(fn, ctx);
  if (blocker) return blocker;
  if (!ctx.checked(fn.getSourceFile())) {
    const unchecked = uncheckedCallBlocker(fn, ctx);
    if (unchecked) return `${unchecked} (JS without checkJs: only certainly-safe edits)`;
  }
  if (usesName(fn, 'signal')) return 'it already uses the name `signal`';
  return undefined;
}

/** The function whose signature changes, with what every way of changing it needs to know. */
interface SignatureSite {
  readonly fn: FunctionLike;
  readonly file: ts.SourceFile;
  readonly name: string;
  readonly key: string;
  readonly params: readonly ts.ParameterDeclaration[];
  readonly checked: boolean;
  readonly typescript: boolean;
}

function signatureSite(fn: FunctionLike, ctx: AnalysisContext): SignatureSite {
  const file = fn.getSourceFile();
  return {
    fn,
    file,
    name: functionName(fn),
    key: nodeKey('fn', fn),
    params: realParameters(fn),
    checked: ctx.checked(file),
    typescript: isTypeScriptFile(file),
  };
}

/** Where callers pass the signal: `undefined` fills a skipped optional argument before it. */
function callSlot(site: SignatureSite, kind: CallSlot['kind'], index: number, ctx: AnalysisContext): CallSlot {
  const filler = (position: number): string | undefined => {
    const parameter = site.params[position];
    return parameter && parameterIsOptional(parameter, site.file, ctx.checker) ? 'undefined' : undefined;
  };
  return { kind, index, filler, acceptsUndefined: true, acceptsNull: false, encodingShorthand: false };
}

const planned = (site: SignatureSite, slot: CallSlot, binding: Binding): PlanOutcome => ({
  plan: { fn: site.fn, name: site.name, key: site.key, slot, binding },
});

/** A `signal` option for a function whose last parameter is an options object with a type we can extend. */
function optionsPlan(site: SignatureSite, ctx: AnalysisContext): PlanOutcome | undefined {
  const last = site.params[site.params.length - 1];
  if (!last || !site.checked || !site.typescript || !isOptionsParameter(last)) return undefined;
  const optionsType = editableOptionsType(last, ctx);
  const lastType = ctx.checker.getTypeAtLocation(last);
  const pattern = ts.isObjectBindingPattern(last.name) ? last.name : undefined;
  const hasRest = pattern?.elements.some((element) => element.dotDotDotToken !== undefined) ?? false;
  if (!optionsType || ctx.checker.getNonNullableType(lastType).getProperty('signal') || hasRest) return undefined;
  const typeEdit = signalOptionEdit(site, optionsType, ctx);
  const slot = callSlot(site, 'property', site.params.length - 1, ctx);
  if (pattern) {
    const patternEdit = destructureSignalEdit(
      pattern,
      `${site.name}: destructure \`signal\` from its options`,
      site.key,
    );
    return planned(site, slot, createdSignal(site.key, [typeEdit, patternEdit]));
  }
  const identifier = last.name as ts.Identifier;
  const nullable =
    last.questionToken !== undefined || (last.initializer === undefined && ctx.types.mayBeNullish(lastType));
  return planned(site, slot, {
    expression: `${identifier.text}${nullable ? '?.' : '.'}signal`,
    root: identifier.text,
    rootSymbol: ctx.checker.getSymbolAtLocation(identifier),
    mayBeUndefined: true,
    key: site.key,
    creates: [typeEdit],
  });
}

/** `signal?: AbortSignal` added to the options type (an inline literal, an interface, a type alias). */
function signalOptionEdit(
  site: SignatureSite,
  optionsType: ts.TypeLiteralNode | ts.InterfaceDeclaration,
  ctx: AnalysisContext,
): PlannedEdit {
  const typeFile = optionsType.getSourceFile();
  const braces = bracketPositions(typeFile, optionsType, BRACE)!;
  const member = `signal?: AbortSignal${ctx.types.exactOptionalPropertyTypes ? ' | undefined' : ''}`;
  const owner = ts.isInterfaceDeclaration(optionsType) ? optionsType.name.text : `${site.name}'s options`;
  return {
    ...appendToList(
      typeFile,
      { items: optionsType.members, ...braces, separator: ';', separatorInItems: true, padEmpty: true },
      member,
    ),
    file: typeFile,
    kind: 'add-option',
    description: `${owner}: add \`${member}\``,
    keys: [site.key, nodeKey('type', optionsType)],
  };
}

/** `{ a }` becomes `{ a, signal }`: the function's body reaches the signal by that name. */
export function destructureSignalEdit(pattern: ts.ObjectBindingPattern, description: string, key: string): PlannedEdit {
  const file = pattern.getSourceFile();
  return {
    ...appendToList(file, bracedCommaList(file, pattern, pattern.elements), 'signal'),
    file,
    kind: 'add-binding',
    description,
    keys: [key],
  };
}

/** A `signal` that the edits in `creates` bring into the function's scope. */
const createdSignal = (key: string, creates: readonly PlannedEdit[]): Binding => ({
  expression: 'signal',
  root: 'signal',
  rootSymbol: undefined,
  mayBeUndefined: true,
  key,
  creates,
});

/** A new optional `signal` parameter after the existing ones. */
function parameterPlan(site: SignatureSite, ctx: AnalysisContext): PlanOutcome {
  const last = site.params[site.params.length - 1];
  if (last?.dotDotDotToken) return { reason: 'it has a rest parameter, so a `signal` parameter cannot follow it' };
  const parameter = site.typescript ? 'signal?: AbortSignal' : 'signal';
  const edit = appendParameterEdit(site, parameter);
  if (!edit) return { reason: 'its parameter list could not be located' };
  const creates: PlannedEdit[] = [
    {
      ...edit,
      file: site.file,
      kind: 'add-parameter',
      description: `${site.name}: add parameter \`${parameter}\``,
      keys: [site.key],
    },
  ];
  const jsDoc = jsDocParameterEdit(site, ctx);
  if (jsDoc) creates.push(jsDoc);
  return planned(site, callSlot(site, 'positional', site.params.length, ctx), createdSignal(site.key, creates));
}

function appendParameterEdit(site: SignatureSite, parameter: string): TextEdit | undefined {
  const { fn, file } = site;
  const parens = bracketPositions(file, fn, PAREN);
  if (ts.isArrowFunction(fn) && !parens) {
    // `x => …` becomes `(x, signal?: AbortSignal) => …`
    const only = fn.parameters[0]!;
    return { start: only.getStart(file), end: only.getEnd(), text: `(${only.getText(file)}, ${parameter})` };
  }
  if (!parens) return undefined;
  return appendToList(
    file,
    {
      items: fn.parameters,
      openEnd: fn.parameters.pos,
      closeStart: parens.closeStart,
      separator: ',',
      separatorInItems: false,
      padEmpty: false,
    },
    parameter,
  );
}

/** A checked JS file under noImplicitAny: the new parameter needs a JSDoc type (optional, as `[signal]`). */
function jsDocParameterEdit(site: SignatureSite, ctx: AnalysisContext): PlannedEdit | undefined {
  const options = ctx.program.getCompilerOptions();
  if (site.typescript || !site.checked || !(options.noImplicitAny ?? options.strict ?? false)) return undefined;
  return {
    ...jsDocTagEdit(site.fn, site.file, JSDOC_PARAMETER),
    file: site.file,
    kind: 'add-parameter',
    description: `${site.name}: document \`@param {AbortSignal} [signal]\``,
    keys: [site.key],
  };
}

const JSDOC_PARAMETER = '@param {AbortSignal} [signal]';

/** Adds a tag (`@param {AbortSignal} [signal]`) to the function's JSDoc block, or writes one above it. */
export function jsDocTagEdit(fn: FunctionLike, file: ts.SourceFile, tag: string): TextEdit {
  const text = file.text;
  const eol = lineEnding(text);
  const docs = ts.getJSDocCommentsAndTags(fn).filter((doc): doc is ts.JSDoc => ts.isJSDoc(doc));
  const doc = docs[docs.length - 1];
  if (doc) {
    const close = doc.getEnd() - 2;
    const indent = indentationAt(text, doc.getStart(file));
    const multiline = text.slice(doc.getStart(file), close).includes('\n');
    const before = text.slice(text.lastIndexOf('\n', close - 1) + 1, close);
    // `   */` on its own line: add a line before it; `/** … */` on one line: break it.
    if (multiline && before.trim() === '') return { start: close, end: close, text: `* ${tag}${eol}${indent} ` };
    return { start: close, end: close, text: `${eol}${indent} * ${tag}${eol}${indent} ` };
  }
  let host: ts.Node = fn;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const declaration = climbTransparent(fn).parent;
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      ts.isVariableDeclarationList(declaration.parent) &&
      ts.isVariableStatement(declaration.parent.parent)
    )
      host = declaration.parent.parent;
  }
  const start = host.getStart(file);
  return { start, end: start, text: `/** ${tag} */${eol}${indentationAt(text, start)}` };
}
