/**
 * THE table of APIs that accept an AbortSignal, with the exact position of the options argument
 * that carries it, plus the knowledge built on it that every tool needs the same way:
 * - `optionsPlacement`: where `{ signal }` goes in a given call (pure, works on argument shapes, so
 *   the ts-morph codemod and the ESLint rule share it);
 * - `findSignalApi`: which row a call matches (ESTree and Babel nodes);
 * "The signal in scope" at a call is `createSignalScope` in `signal-scope.ts`.
 * Used by `require-signal-propagation` (reports, suggestions) and `thread-signal` (edits).
 * Extend rows here, never in a rule or a codemod.
 */
import { isBuiltin } from 'node:module';
import {
  type AnyNode,
  child,
  children,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  keyName,
  memberPath,
  propertyName,
  rootIdentifier,
  unwrap,
} from './syntax/ast.js';
import { type ImportMap, resolveReference } from './imports.js';
import type { NameResolver } from './syntax/names.js';
import { patternNames } from './syntax/patterns.js';
import { isRequireExpression } from './syntax/require.js';
import { statementList } from './syntax/statements.js';

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

/** How a method row's receiver must have been created to match without types. */
export type SignalApiReceiver =
  /** A Node `Readable`: `Readable.from(…)`, `fs.createReadStream(…)`, `new PassThrough()`, `process.stdin`, an operator chain on one. */
  | 'readable'
  /** A readline `Interface`: `readline.createInterface(…)` (callback or promises API), `new Interface(…)`. */
  | 'readline';

/**
 * One API that accepts an AbortSignal in an options object.
 *
 * Position semantics (what `optionsPlacement` implements):
 * - `optionsIndex` is the options argument's position when every optional argument before it is
 *   written: `setTimeout(delay, value, options)` → 2. `'last'`: after a variable number of
 *   arguments (`pipeline(...streams, options)`): a trailing object literal is the options,
 *   anything else is a stream and the options are appended.
 * - `fillers` are the texts passed for the optional arguments *immediately before* the options when
 *   they are missing: `fillers[k]` fills position `optionsIndex - fillers.length + k`
 *   (`setTimeout(1000)` → `setTimeout(1000, undefined, { signal })`). Earlier positions are required.
 * - `optionsFrom`: the API tells its arguments apart by type, so the options may come as early as
 *   this position when the optional arguments in between are left out (`spawn(cmd, { signal })`,
 *   `http.get({ host, signal })`): an object literal found there is the options, and no filler is
 *   needed to reach `optionsIndex`.
 * - `callback`: a trailing function argument is a callback that stays last; the options go before
 *   it (`exec(cmd, cb)` → `exec(cmd, { signal }, cb)`).
 * - `stringOption`: a string in the options position is shorthand for this option
 *   (`readFile(p, 'utf8')` → `readFile(p, { encoding: 'utf8', signal })`).
 */
export interface SignalApi {
  /** Normalised module (`fs/promises`, `events`), or `global` for globals such as `fetch`, or `method` for instance methods. */
  readonly module: string;
  /** The export (or global / method name): `readFile`, `once`, `scheduler.wait`, `EventEmitter.once`, `default`, `pipeTo`. */
  readonly name: string;
  /** Index of the options argument that takes `{ signal }`; `'last'` for variadic APIs (`pipeline`). */
  readonly optionsIndex: number | 'last';
  /** Texts for the optional arguments right before the options, when they are missing (see above). */
  readonly fillers?: readonly string[];
  /** Earliest position the options may take when optional arguments before them are left out (see above). */
  readonly optionsFrom?: number;
  /** A trailing function argument is a callback that stays last. */
  readonly callback?: boolean;
  /** The option a string in the options position stands for (`encoding`). */
  readonly stringOption?: string;
  /** Method rows: how the receiver must have been created to match without types. Absent: any receiver. */
  readonly receiver?: SignalApiReceiver;
  /**
   * The call owns the streams passed to it and destroys them when its signal aborts (`pipeline`):
   * a stream created right in its arguments needs no signal of its own — the call's is the one to pass.
   */
  readonly ownsArguments?: boolean;
  /**
   * Position of an argument that may be a request object carrying its own signal (`fetch(new
   * Request(url, init))`, `fetch(request)`): the signal travels with it, not in the options.
   */
  readonly requestArgument?: number;
}

const READABLE_OPERATOR = { module: 'method', optionsIndex: 1, receiver: 'readable' } as const;

/**
 * Every row is checked against Node's own type declarations in the tests (the options position
 * type-checks with `{ signal }`). Not listed on purpose: `fs/promises.appendFile` (Node's types
 * and docs declare no `signal` for it: the suggestion would not type-check).
 */
export const SIGNAL_APIS: readonly SignalApi[] = [
  // Globals
  { module: 'global', name: 'fetch', optionsIndex: 1, requestArgument: 0 },
  // timers/promises
  { module: 'timers/promises', name: 'setTimeout', optionsIndex: 2, fillers: ['undefined', 'undefined'] },
  { module: 'timers/promises', name: 'setImmediate', optionsIndex: 1, fillers: ['undefined'] },
  { module: 'timers/promises', name: 'setInterval', optionsIndex: 2, fillers: ['undefined', 'undefined'] },
  { module: 'timers/promises', name: 'scheduler.wait', optionsIndex: 1 },
  // events
  { module: 'events', name: 'once', optionsIndex: 2 },
  { module: 'events', name: 'on', optionsIndex: 2 },
  { module: 'events', name: 'EventEmitter.once', optionsIndex: 2 },
  { module: 'events', name: 'EventEmitter.on', optionsIndex: 2 },
  // streams
  { module: 'stream/promises', name: 'pipeline', optionsIndex: 'last', ownsArguments: true },
  { module: 'stream/promises', name: 'finished', optionsIndex: 1 },
  { module: 'stream', name: 'Readable.from', optionsIndex: 1 },
  { module: 'stream', name: 'Readable.fromWeb', optionsIndex: 1 },
  // fs/promises and the callback API's equivalents
  { module: 'fs/promises', name: 'readFile', optionsIndex: 1, stringOption: 'encoding' },
  { module: 'fs/promises', name: 'writeFile', optionsIndex: 2, stringOption: 'encoding' },
  { module: 'fs/promises', name: 'watch', optionsIndex: 1, stringOption: 'encoding' },
  { module: 'fs', name: 'readFile', optionsIndex: 1, callback: true, stringOption: 'encoding' },
  { module: 'fs', name: 'writeFile', optionsIndex: 2, callback: true, stringOption: 'encoding' },
  { module: 'fs', name: 'appendFile', optionsIndex: 2, callback: true, stringOption: 'encoding' },
  { module: 'fs', name: 'watch', optionsIndex: 1, callback: true, stringOption: 'encoding' },
  { module: 'fs', name: 'createReadStream', optionsIndex: 1, stringOption: 'encoding' },
  { module: 'fs', name: 'createWriteStream', optionsIndex: 1, stringOption: 'encoding' },
  // child_process: `spawn(cmd, args?, options?)`, `exec(cmd, options?, cb?)`, …
  { module: 'child_process', name: 'spawn', optionsIndex: 2, optionsFrom: 1 },
  { module: 'child_process', name: 'fork', optionsIndex: 2, optionsFrom: 1 },
  { module: 'child_process', name: 'execFile', optionsIndex: 2, optionsFrom: 1, callback: true },
  { module: 'child_process', name: 'exec', optionsIndex: 1, callback: true },
  // readline
  { module: 'readline/promises', name: 'createInterface', optionsIndex: 0 },
  { module: 'readline', name: 'createInterface', optionsIndex: 0 },
  { module: 'method', name: 'question', optionsIndex: 1, callback: true, receiver: 'readline' },
  // http(s): `request(options, cb?)` or `request(url, options?, cb?)`; net: `connect(options, cb?)`
  { module: 'http', name: 'request', optionsIndex: 1, optionsFrom: 0, callback: true },
  { module: 'http', name: 'get', optionsIndex: 1, optionsFrom: 0, callback: true },
  { module: 'https', name: 'request', optionsIndex: 1, optionsFrom: 0, callback: true },
  { module: 'https', name: 'get', optionsIndex: 1, optionsFrom: 0, callback: true },
  { module: 'net', name: 'connect', optionsIndex: 0, callback: true },
  { module: 'net', name: 'createConnection', optionsIndex: 0, callback: true },
  // Readable stream operators (arrays have the same names: the receiver must be a Readable)
  { ...READABLE_OPERATOR, name: 'map' },
  { ...READABLE_OPERATOR, name: 'filter' },
  { ...READABLE_OPERATOR, name: 'forEach' },
  { ...READABLE_OPERATOR, name: 'some' },
  { ...READABLE_OPERATOR, name: 'find' },
  { ...READABLE_OPERATOR, name: 'every' },
  { ...READABLE_OPERATOR, name: 'flatMap' },
  { ...READABLE_OPERATOR, name: 'drop' },
  { ...READABLE_OPERATOR, name: 'take' },
  { ...READABLE_OPERATOR, name: 'toArray', optionsIndex: 0 },
  // `reduce(fn, initial?, options?)`: an omitted `initial` differs from `undefined`, so no filler.
  { ...READABLE_OPERATOR, name: 'reduce', optionsIndex: 2 },
  // Web streams
  { module: 'method', name: 'pipeTo', optionsIndex: 1 },
  { module: 'method', name: 'pipeThrough', optionsIndex: 1 },
  // Libraries whose signature is stable enough to list (with types, any library is covered)
  { module: 'undici', name: 'fetch', optionsIndex: 1, requestArgument: 0 },
  { module: 'undici', name: 'request', optionsIndex: 1 },
  { module: 'node-fetch', name: 'default', optionsIndex: 1, requestArgument: 0 },
];

/** `fs/promises#readFile`, `global#fetch`, `method#pipeTo`: a row's key in messages and `ignore`. */
export const signalApiKey = (api: SignalApi): string => `${api.module}#${api.name}`;

/**
 * Node's name for the blocking twin of an API (`execSync`, `spawnSync`, `readFileSync`; libraries
 * follow it: `globSync`): the call returns only when the work is done. Its options may declare
 * `signal` (`SpawnSyncOptions` extends `Abortable`), but the event loop is blocked for the whole
 * call, so an abort can never reach it: there is nothing to pass.
 */
export const isBlockingName = (name: string): boolean => /[a-z0-9]Sync$/.test(name);

/**
 * A row for a Node core `*Sync` export (`child_process#execSync`, `fs#readFileSync`), even one
 * added through options: never a call to pass a signal to (see `isBlockingName`). Without types,
 * only Node's own `*Sync` functions are known to block; with types, a library's `*Sync` function
 * counts when its result is a plain value (the rule's type-aware check).
 */
export function isBlockingApi(api: SignalApi): boolean {
  if (api.module === 'global' || api.module === 'method' || !isBuiltin(api.module)) return false;
  return isBlockingName(api.name.split('.').pop()!);
}

// ---------------------------------------------------------------------------------------------
// Where the options go (pure: shared with the ts-morph codemod)
// ---------------------------------------------------------------------------------------------

/**
 * What is known about one argument of a call. `isObjectLiteral`/`isSpread` are required; `kind`
 * is what else is certain about it (omit it when unknown: placement is then only more cautious).
 * - `array`, `function`, `string`: an array literal, a function / arrow, a string (literal, template, or by type);
 * - `other`: certainly not an options object: numbers, booleans, `null`, `undefined`, `new URL(…)`, arithmetic.
 */
export interface ArgumentShape {
  readonly isObjectLiteral: boolean;
  readonly isSpread: boolean;
  readonly kind?: 'array' | 'function' | 'string' | 'other';
}

/**
 * Where `{ signal }` goes:
 * - `add-property`: the options object literal at `index` exists; add `signal` to it.
 * - `append-argument`: no options yet; insert `fillers` and then the options object as new
 *   arguments starting at `index`. `index` may be before an existing argument (a trailing
 *   callback: `exec(cmd, cb)` → index 1) — insert, do not append at the end.
 * - `wrap-argument`: the argument at `index` is options written as something else: a string
 *   shorthand (`property` set: `'utf8'` → `{ encoding: 'utf8', signal }`) or an expression
 *   (`property` absent: `opts` → `{ ...opts, signal }`; use it only when types prove `opts` lacks `signal`).
 * - `unknown`: no safe edit (spread arguments, ambiguous arguments, required arguments missing).
 */
export type OptionsPlacement =
  | { readonly kind: 'add-property'; readonly index: number }
  | { readonly kind: 'append-argument'; readonly index: number; readonly fillers: string[] }
  | { readonly kind: 'wrap-argument'; readonly index: number; readonly property?: string }
  | { readonly kind: 'unknown' };

/** Where a call's options are, before deciding what to edit. */
export type OptionsLocation =
  /** No options argument: insert `fillers` + options at `index`. */
  | { readonly kind: 'absent'; readonly index: number; readonly fillers: string[] }
  /** An object literal at `index`. */
  | { readonly kind: 'literal'; readonly index: number }
  /** Something else at the options position (a variable, a call, a string shorthand). */
  | { readonly kind: 'expression'; readonly index: number; readonly shape: ArgumentShape }
  /** Cannot tell (spreads, an argument that may or may not be the options, missing required arguments). */
  | { readonly kind: 'ambiguous' };

const AMBIGUOUS: OptionsLocation = { kind: 'ambiguous' };

/** Certainly not an options object (so a type-dispatching API reads it as an earlier argument). */
const certainlyNotOptions = (shape: ArgumentShape): boolean =>
  !shape.isObjectLiteral &&
  !shape.isSpread &&
  (shape.kind === 'array' || shape.kind === 'string' || shape.kind === 'other');

function locateLast(args: ReadonlyArray<ArgumentShape>): OptionsLocation {
  const last = args.at(-1);
  if (!last || last.isSpread) return AMBIGUOUS;
  if (last.isObjectLiteral) return { kind: 'literal', index: args.length - 1 };
  return { kind: 'absent', index: args.length, fillers: [] };
}

/** Locates a call's options from its argument shapes, following the row's position semantics. */
export function locateOptions(api: SignalApi, args: ReadonlyArray<ArgumentShape>): OptionsLocation {
  if (api.optionsIndex === 'last') return locateLast(args);
  const index = api.optionsIndex;
  const from = Math.min(api.optionsFrom ?? index, index);
  let end = args.length;
  const lastArg = args[end - 1];
  if (api.callback === true && lastArg && !lastArg.isSpread && lastArg.kind === 'function') end -= 1;
  for (let position = 0; position < Math.min(end, index + 1); position++) {
    const shape = args[position]!;
    if (shape.isSpread) return AMBIGUOUS;
    if (position < from) continue;
    if (shape.isObjectLiteral) return { kind: 'literal', index: position };
    if (position === index) return { kind: 'expression', index, shape };
    // A dispatch position before `optionsIndex`: go on past an argument that is certainly not the
    // options, or one followed by an object literal that is (`http.get(url, { headers })`).
    if (certainlyNotOptions(shape)) continue;
    const laterLiteral = args.slice(position + 1, Math.min(end, index + 1)).some((later) => later.isObjectLiteral);
    if (!laterLiteral) return AMBIGUOUS;
  }
  if (end > index) return AMBIGUOUS; // unreachable: the loop returned at `index`
  if (end >= from) return { kind: 'absent', index: end, fillers: [] };
  const fillers = api.fillers ?? [];
  const firstFillable = index - fillers.length;
  if (end < firstFillable) return AMBIGUOUS; // a required argument is missing
  return { kind: 'absent', index: end, fillers: fillers.slice(end - firstFillable) };
}

/** Where `{ signal }` goes in a call with these arguments (see `OptionsPlacement`). */
export function optionsPlacement(api: SignalApi, args: ReadonlyArray<ArgumentShape>): OptionsPlacement {
  return placementAt(api, locateOptions(api, args));
}

/** The edit for an options location already found (`locateOptions`, possibly refined with types). */
export function placementAt(api: SignalApi, location: OptionsLocation): OptionsPlacement {
  switch (location.kind) {
    case 'absent':
      return { kind: 'append-argument', index: location.index, fillers: location.fillers };
    case 'literal':
      return { kind: 'add-property', index: location.index };
    case 'expression': {
      const { shape } = location;
      if (shape.kind === 'string')
        return api.stringOption === undefined
          ? { kind: 'unknown' }
          : { kind: 'wrap-argument', index: location.index, property: api.stringOption };
      if (shape.kind !== undefined) return { kind: 'unknown' };
      return { kind: 'wrap-argument', index: location.index };
    }
    default:
      return { kind: 'unknown' };
  }
}

// ---------------------------------------------------------------------------------------------
// Syntax → shapes (ESTree and Babel)
// ---------------------------------------------------------------------------------------------

const NOT_OPTIONS_LITERALS = new Set([
  'NumericLiteral',
  'BooleanLiteral',
  'NullLiteral',
  'BigIntLiteral',
  'RegExpLiteral',
  'DecimalLiteral',
  'ClassExpression',
  'BinaryExpression',
  'UnaryExpression',
  'UpdateExpression',
  'NewExpression',
]);

/** What an argument certainly is, from its syntax. */
export function argumentShape(node: AnyNode): ArgumentShape {
  if (node.type === 'SpreadElement' || node.type === 'SpreadArgument')
    return { isObjectLiteral: false, isSpread: true };
  const value = unwrap(node);
  const plain = { isObjectLiteral: false, isSpread: false } as const;
  if (!value) return plain;
  switch (value.type) {
    case 'ObjectExpression':
      return { isObjectLiteral: true, isSpread: false };
    case 'ArrayExpression':
      return { ...plain, kind: 'array' };
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return { ...plain, kind: 'function' };
    case 'StringLiteral':
    case 'TemplateLiteral':
      return { ...plain, kind: 'string' };
    case 'Literal':
      return { ...plain, kind: typeof value.value === 'string' ? 'string' : 'other' };
    case 'Identifier':
      return value.name === 'undefined' ? { ...plain, kind: 'other' } : plain;
    default:
      return NOT_OPTIONS_LITERALS.has(value.type) ? { ...plain, kind: 'other' } : plain;
  }
}

/** Whether an object literal names `signal`: `'present'`, `'absent'`, or `'spread'` (a spread may carry it). */
export function objectLiteralSignal(object: AnyNode): 'present' | 'absent' | 'spread' {
  let spread = false;
  for (const property of children(object, 'properties')) {
    if (
      property.type === 'SpreadElement' ||
      property.type === 'SpreadProperty' ||
      property.type === 'ExperimentalSpreadProperty'
    ) {
      spread = true;
      continue;
    }
    const name = keyName(property);
    if (name === 'signal') return 'present';
    if (property.computed && name === undefined) spread = true; // `[key]: value` may be `signal`
  }
  return spread ? 'spread' : 'absent';
}

// ---------------------------------------------------------------------------------------------
// Which row a call matches
// ---------------------------------------------------------------------------------------------

export interface SignalApiLookup {
  /** Rows to match (default `SIGNAL_APIS`). Pass `[...SIGNAL_APIS, ...extra]` to extend. */
  readonly apis?: readonly SignalApi[];
  /** Scope analysis. Without it: names not imported count as globals; receivers are traced through `ancestors`. */
  readonly resolve?: NameResolver;
  /** The call's ancestors, outermost first (for tracing a method's receiver without `resolve`). */
  readonly ancestors?: readonly AnyNode[];
}

const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self', 'global']);
const MAX_TRACE = 6;

const lastNames = new WeakMap<readonly SignalApi[], ReadonlySet<string>>();

/** The last segment of each row's name (`Client.request` → `request`), once per table. */
function lastNamesOf(apis: readonly SignalApi[]): ReadonlySet<string> {
  let names = lastNames.get(apis);
  if (!names) {
    names = new Set(apis.map((api) => api.name.slice(api.name.lastIndexOf('.') + 1)));
    lastNames.set(apis, names);
  }
  return names;
}

function isModuleBinding(identifier: AnyNode, imports: ImportMap, lookup: SignalApiLookup): boolean {
  if (typeof identifier.name !== 'string' || !imports.has(identifier.name)) return false;
  if (!lookup.resolve) return true;
  const resolution = lookup.resolve(identifier);
  return resolution.kind === 'import' || (resolution.kind === 'value' && isRequireExpression(resolution.init));
}

/** The module export a callee names, when it is really an import (not a shadowing local). */
function moduleExport(
  callee: AnyNode,
  imports: ImportMap,
  lookup: SignalApiLookup,
): { source: string; imported: string } | undefined {
  const root = rootIdentifier(callee);
  if (root && !isModuleBinding(root, imports, lookup)) return undefined;
  return resolveReference(callee, imports);
}

function isGlobalIdentifier(identifier: AnyNode, imports: ImportMap, lookup: SignalApiLookup): boolean {
  if (typeof identifier.name !== 'string' || imports.has(identifier.name)) return false;
  if (lookup.resolve) return lookup.resolve(identifier).kind === 'global';
  return declaredInAncestors(String(identifier.name), lookup.ancestors ?? []) === undefined;
}

/** The name a callee calls as a global: `fetch`, `globalThis.fetch` → 'fetch'. */
function globalName(callee: AnyNode, imports: ImportMap, lookup: SignalApiLookup): string | undefined {
  if (callee.type === 'Identifier')
    return isGlobalIdentifier(callee, imports, lookup) ? String(callee.name) : undefined;
  if (!isMemberExpression(callee)) return undefined;
  const object = unwrap(child(callee, 'object'));
  if (
    object?.type !== 'Identifier' ||
    !GLOBAL_OBJECTS.has(String(object.name)) ||
    !isGlobalIdentifier(object, imports, lookup)
  )
    return undefined;
  return propertyName(callee);
}

/** `const name = init` visible from the innermost ancestor outwards (no scope analysis: names only). */
function declaredInAncestors(name: string, ancestors: readonly AnyNode[]): { init: AnyNode | undefined } | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i]!;
    if (isFunctionNode(ancestor) && children(ancestor, 'params').some((param) => patternNames(param).includes(name)))
      return { init: undefined };
    for (const statement of statementList(ancestor)) {
      const declaration = statement.type === 'ExportNamedDeclaration' ? child(statement, 'declaration') : statement;
      if (!declaration) continue;
      if (
        (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') &&
        child(declaration, 'id')?.name === name
      )
        return { init: undefined };
      if (declaration.type !== 'VariableDeclaration') continue;
      for (const declarator of children(declaration, 'declarations')) {
        const id = child(declarator, 'id');
        if (id?.type === 'Identifier' && id.name === name) return { init: child(declarator, 'init') };
        if (id && patternNames(id).includes(name)) return { init: undefined };
      }
    }
  }
  return undefined;
}

function initializerOf(identifier: AnyNode, lookup: SignalApiLookup): AnyNode | undefined {
  if (lookup.resolve) {
    const resolution = lookup.resolve(identifier);
    return resolution.kind === 'value' ? resolution.init : undefined;
  }
  return declaredInAncestors(String(identifier.name), lookup.ancestors ?? [])?.init;
}

const READABLE_FACTORIES: ReadonlyArray<readonly [string, string]> = [
  ['stream', 'Readable.from'],
  ['stream', 'Readable.fromWeb'],
  ['stream', 'Readable'],
  ['stream', 'PassThrough'],
  ['stream', 'Transform'],
  ['stream', 'Duplex'],
  ['stream', 'compose'],
  ['fs', 'createReadStream'],
];
const READLINE_FACTORIES: ReadonlyArray<readonly [string, string]> = [
  ['readline', 'createInterface'],
  ['readline', 'Interface'],
  ['readline/promises', 'createInterface'],
  ['readline/promises', 'Interface'],
];
/** Operators that return another Readable. */
const READABLE_RETURNING_OPERATORS = new Set(['map', 'filter', 'flatMap', 'drop', 'take', 'asIndexedPairs']);

function isReceiver(
  kind: SignalApiReceiver,
  node: AnyNode | undefined,
  imports: ImportMap,
  lookup: SignalApiLookup,
  depth: number,
): boolean {
  const target = unwrap(node);
  if (!target || depth > MAX_TRACE) return false;
  if (target.type === 'Identifier') {
    if (typeof target.name === 'string' && imports.has(target.name)) return false;
    return isReceiver(kind, initializerOf(target, lookup), imports, lookup, depth + 1);
  }
  if (kind === 'readable' && memberPath(target) === 'process.stdin') return true;
  if (!isCallExpression(target) && target.type !== 'NewExpression') return false;
  const callee = unwrap(child(target, 'callee'));
  if (!callee) return false;
  const binding = moduleExport(callee, imports, lookup);
  const factories = kind === 'readable' ? READABLE_FACTORIES : READLINE_FACTORIES;
  if (binding && factories.some(([module, name]) => binding.source === module && binding.imported === name))
    return true;
  if (
    kind === 'readable' &&
    isCallExpression(target) &&
    isMemberExpression(callee) &&
    READABLE_RETURNING_OPERATORS.has(propertyName(callee) ?? '')
  ) {
    return isReceiver(kind, child(callee, 'object'), imports, lookup, depth + 1);
  }
  return false;
}

/**
 * The table row a call matches, if any: module exports through imports (named, aliased, default,
 * namespace, `require`, `fs.promises.*`; a local that shadows an import does not match), globals
 * (`fetch`, `globalThis.fetch`; not when shadowed), and methods (with their receiver condition).
 */
export function findSignalApi(call: AnyNode, imports: ImportMap, lookup: SignalApiLookup = {}): SignalApi | undefined {
  if (!isCallExpression(call)) return undefined;
  const callee = unwrap(child(call, 'callee'));
  if (!callee) return undefined;
  const apis = lookup.apis ?? SIGNAL_APIS;
  // Every way a member call matches a row ends in the row's last name segment: skip the name
  // resolution for the many calls (`console.log`, `list.push`) that cannot match.
  const called = isMemberExpression(callee) ? propertyName(callee) : undefined;
  if (called !== undefined && !lastNamesOf(apis).has(called)) return undefined;
  const binding = moduleExport(callee, imports, lookup);
  if (binding) {
    const row = apis.find((api) => api.module === binding.source && api.name === binding.imported);
    if (row) return row;
  }
  const global = globalName(callee, imports, lookup);
  if (global !== undefined) {
    const row = apis.find((api) => api.module === 'global' && api.name === global);
    if (row) return row;
  }
  if (!isMemberExpression(callee)) return undefined;
  const method = propertyName(callee);
  if (method === undefined) return undefined;
  const object = child(callee, 'object');
  return apis.find(
    (api) =>
      api.module === 'method' &&
      api.name === method &&
      (api.receiver === undefined || isReceiver(api.receiver, object, imports, lookup, 0)),
  );
}
