/**
 * THE table of APIs that accept an AbortSignal, with the exact position of the options argument
 * that carries it, plus the knowledge built on it that every tool needs the same way:
 * - `optionsPlacement`: where `{ signal }` goes in a given call (pure, works on argument shapes, so
 *   the ts-morph codemod and the ESLint rule share it);
 * - `findSignalApi`: which row a call matches (ESTree and Babel nodes);
 * - `createSignalScope`: "the signal in scope" at a call (docs/architecture.md §5), dialect-agnostic.
 * Used by `require-signal-propagation` (reports, suggestions) and `thread-signal` (edits).
 * Extend rows here, never in a rule or a codemod.
 */
import { isBuiltin } from 'node:module';
import {
  type AnyNode,
  argument,
  child,
  children,
  isCallExpression,
  isMemberExpression,
  walkWithAncestors,
  memberPath,
  propertyName,
  rootIdentifier,
  stringValue,
  unwrap,
} from './ast.js';
import { type ImportMap, resolveReference } from './imports.js';
import { RUN_MAIN } from './shutdown-helpers.js';
import { isSignalName, processListener } from './process-listeners.js';
import type { NameResolver } from './syntax/names.js';
import { declaredNames, patternNames } from './syntax/patterns.js';
import { isRequireExpression } from './syntax/require.js';

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
    const key = child(property, 'key');
    const name = property.computed ? stringValue(key) : key?.type === 'Identifier' ? key.name : stringValue(key);
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
    if (isFunctionLike(ancestor) && children(ancestor, 'params').some((param) => patternNames(param).includes(name)))
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

// ---------------------------------------------------------------------------------------------
// The signal in scope (docs/architecture.md §5)
// ---------------------------------------------------------------------------------------------

/** The signal to pass at a call. */
export interface SignalInScope {
  /** The expression to pass, built from names: `signal`, `ctx.signal`, `options?.signal`, `abortSignal`. */
  readonly expression: string;
  /** What to add to an options object: `signal` (shorthand) or `signal: ctx.signal`. */
  readonly property: string;
  /** Where it comes from. */
  readonly source: 'parameter' | 'destructured-parameter' | 'context-parameter' | 'local';
  /** The binding that provides it (identifier, pattern property, declarator). */
  readonly node: AnyNode;
}

/** Answers from type information (the rule's type-aware mode); `undefined` means "decide syntactically". */
export interface SignalTypeHooks {
  /** Whether a binding identifier (parameter, destructured name, const) holds an AbortSignal. */
  isAbortSignal?(binding: AnyNode): boolean | undefined;
  /** Whether an identifier parameter is an object whose `signal` property is an AbortSignal (→ `param.signal`). */
  hasSignalProperty?(parameter: AnyNode): boolean | undefined;
}

export interface SignalScope {
  /** The signal in scope at `node` (ancestors outermost first, `node` excluded), nearest first. */
  find(node: AnyNode, ancestors: readonly AnyNode[]): SignalInScope | undefined;
  /** Whether a function is a cleanup callback (process / abort listener, `defer`red closer): signals from outside do not reach into it. */
  isCleanupFunction(fn: AnyNode, parent: AnyNode | undefined): boolean;
  /**
   * With `SignalScopeTraversal`: the tool's traversal hands over each node of the types in
   * `SIGNAL_SCOPE_NODE_TYPES` (others are ignored), all of them before the first `find`.
   */
  collect(node: AnyNode): void;
}

/**
 * For a tool that traverses the file itself (an ESLint rule): the scope then never walks the tree.
 * It must `collect` every node of `SIGNAL_SCOPE_NODE_TYPES` before the first `find` (a rule: from
 * its listeners, and `find` on `Program:exit`), and say how to go up the tree.
 */
export interface SignalScopeTraversal {
  /** The node's parent (ESLint: `node.parent`). */
  readonly parentOf: (node: AnyNode) => AnyNode | undefined;
}

/** The node types `SignalScope.collect` needs to see (process listener registrations, uses of a parameter). */
export const SIGNAL_SCOPE_NODE_TYPES = [
  'FunctionDeclaration',
  'CallExpression',
  'MemberExpression',
  'BinaryExpression',
  'SwitchStatement',
] as const;

export const signalProperty = (expression: string): string =>
  expression === 'signal' ? 'signal' : `signal: ${expression}`;

const FUNCTION_LIKE = new Set([
  'FunctionExpression',
  'ArrowFunctionExpression',
  'FunctionDeclaration',
  'ClassMethod',
  'ClassPrivateMethod',
  'ObjectMethod',
]);
const isFunctionLike = (node: AnyNode | undefined): boolean => node !== undefined && FUNCTION_LIKE.has(node.type);

const BLOCK_TYPES = new Set(['Program', 'BlockStatement', 'StaticBlock', 'TSModuleBlock', 'SwitchCase']);

function statementList(node: AnyNode): AnyNode[] {
  switch (node.type) {
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
    case 'TSModuleBlock':
      return children(node, 'body');
    case 'SwitchCase':
      return children(node, 'consequent');
    default:
      return [];
  }
}

/** The annotation's type node of a binding (TS and Flow). */
function annotationType(binding: AnyNode): AnyNode | undefined {
  const annotation = child(binding, 'typeAnnotation');
  if (!annotation) return undefined;
  return child(annotation, 'typeAnnotation') ?? annotation;
}

const NULLISH_TYPES = new Set([
  'TSUndefinedKeyword',
  'TSNullKeyword',
  'NullLiteralTypeAnnotation',
  'VoidTypeAnnotation',
  'TSVoidKeyword',
]);

/** `AbortSignal`, `globalThis.AbortSignal`, `AbortSignal | undefined`, `?AbortSignal` (Flow). */
function isAbortSignalType(type: AnyNode | undefined): boolean {
  if (!type) return false;
  if (type.type === 'TSTypeReference') return memberPath(child(type, 'typeName'))?.split('.').pop() === 'AbortSignal';
  if (type.type === 'GenericTypeAnnotation') return memberPath(child(type, 'id'))?.split('.').pop() === 'AbortSignal';
  if (type.type === 'NullableTypeAnnotation' || type.type === 'TSParenthesizedType')
    return isAbortSignalType(child(type, 'typeAnnotation'));
  if (type.type === 'TSUnionType' || type.type === 'UnionTypeAnnotation') {
    const members = children(type, 'types').filter((member) => !NULLISH_TYPES.has(member.type));
    return members.length > 0 && members.every(isAbortSignalType);
  }
  return false;
}

function typeReferenceName(type: AnyNode | undefined): string | undefined {
  if (type?.type === 'TSTypeReference') return memberPath(child(type, 'typeName'))?.split('.').pop();
  if (type?.type === 'GenericTypeAnnotation') return memberPath(child(type, 'id'))?.split('.').pop();
  return undefined;
}

/** The `signal` member of an inline object type (`{ signal: AbortSignal }`), if any. */
function typeLiteralSignalMember(type: AnyNode | undefined): AnyNode | undefined {
  if (!type) return undefined;
  const members =
    type.type === 'TSTypeLiteral'
      ? children(type, 'members')
      : type.type === 'ObjectTypeAnnotation'
        ? children(type, 'properties')
        : [];
  return members.find((member) => {
    const key = child(member, 'key');
    return (key?.type === 'Identifier' && key.name === 'signal') || stringValue(key) === 'signal';
  });
}

const PRIMITIVE_TYPES = new Set([
  'TSStringKeyword',
  'TSNumberKeyword',
  'TSBooleanKeyword',
  'TSBigIntKeyword',
  'TSSymbolKeyword',
  'TSLiteralType',
  'TSTemplateLiteralType',
  ...NULLISH_TYPES,
]);

/** The global `AbortSignal` by its bare name, possibly with `| undefined | null`. */
function isGlobalAbortSignalType(type: AnyNode): boolean {
  if (type.type === 'TSUnionType') {
    const members = children(type, 'types').filter((member) => !NULLISH_TYPES.has(member.type));
    return members.length > 0 && members.every(isGlobalAbortSignalType);
  }
  const name = child(type, 'typeName');
  return (
    type.type === 'TSTypeReference' &&
    name?.type === 'Identifier' &&
    name.name === 'AbortSignal' &&
    !child(type, 'typeArguments')
  );
}

/**
 * What a binding's TypeScript annotation alone says about its type, so that the checker is asked
 * only about the rest (giving the answer the checker would give): `AbortSignal` is a signal;
 * primitives (`string`, `'SIGINT' | 'SIGTERM'`, `undefined`) neither are one nor carry one;
 * `any` / `unknown` leave the decision to syntax.
 */
function annotationVerdict(type: AnyNode | undefined): 'abort-signal' | 'primitive' | 'untyped' | undefined {
  if (!type) return undefined;
  if (type.type === 'TSParenthesizedType') return annotationVerdict(child(type, 'typeAnnotation'));
  if (type.type === 'TSAnyKeyword' || type.type === 'TSUnknownKeyword') return 'untyped';
  const members = type.type === 'TSUnionType' ? children(type, 'types') : [type];
  if (members.every((member) => PRIMITIVE_TYPES.has(member.type))) return 'primitive';
  return isGlobalAbortSignalType(type) ? 'abort-signal' : undefined;
}

/** A string / number default (`signal = 'SIGTERM'`) says the parameter is a signal *name*. */
function hasPrimitiveDefault(param: AnyNode): boolean {
  if (param.type !== 'AssignmentPattern') return false;
  const right = unwrap(child(param, 'right'));
  return (
    stringValue(right) !== undefined ||
    right?.type === 'NumericLiteral' ||
    (right?.type === 'Literal' && typeof right.value === 'number')
  );
}

/** Event names whose listeners receive a signal *name* as a parameter: ChildProcess `exit`/`close` (`(code, signal)`). */
const SIGNAL_NAME_EVENTS = new Set(['exit', 'close']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
/** Process events whose listeners run at shutdown: what they do is cleanup, not cancellable work. */
const SHUTDOWN_EVENTS = new Set([
  'exit',
  'beforeExit',
  'uncaughtException',
  'unhandledRejection',
  'uncaughtExceptionMonitor',
]);
/** Names that hold a finished process or an error, whose `.signal` is a signal name (`err.signal === 'SIGTERM'`). */
const NOT_A_CONTROLLER =
  /^(?:e|err|error|ex|exc|exception|reason|cause|result|res|child|proc|process|subprocess|cp|exit|status)$/i;
/** Uses of `x.signal` that only make sense for an AbortSignal: evidence that `x` carries one. */
const ABORT_SIGNAL_MEMBERS = new Set([
  'aborted',
  'reason',
  'throwIfAborted',
  'addEventListener',
  'removeEventListener',
  'onabort',
]);

const SIGNAL_WORDS = /signal|abort|cancel/i;

/** Whether `fn` is the function passed to `runMain(…)`. */
function isRunMainCallback(fn: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent || !isCallExpression(parent) || unwrap(argument(parent, 0)) !== fn) return false;
  const callee = memberPath(child(parent, 'callee'));
  return callee === RUN_MAIN || (callee?.endsWith(`.${RUN_MAIN}`) ?? false);
}

/** `x.on('exit', fn)`-style registration a function is the listener of: its event name. */
function listenerEvent(fn: AnyNode, parent: AnyNode | undefined): string | undefined {
  if (!parent || !isCallExpression(parent)) return undefined;
  const callee = unwrap(child(parent, 'callee'));
  if (!isMemberExpression(callee)) return undefined;
  const method = propertyName(callee!);
  const args = children(parent, 'arguments');
  if (args.length < 2 || unwrap(args[1]) !== fn) return undefined;
  if (method === undefined || (!LISTENER_METHODS.has(method) && method !== 'addEventListener')) return undefined;
  return stringValue(unwrap(args[0]));
}

interface ParameterVerdict {
  readonly signal?: SignalInScope;
  /** Names this function binds (they shadow outer signals). */
  readonly names: ReadonlySet<string>;
}

/** What a statement list offers, computed once per block (files with thousands of statements stay linear). */
interface BlockInfo {
  readonly statements: readonly AnyNode[];
  readonly position: ReadonlyMap<AnyNode, number>;
  /** `nearest[i]`: the last local signal declared by `statements[0..i]`. */
  readonly nearest: ReadonlyArray<SignalInScope | undefined>;
  readonly names: ReadonlySet<string>;
}

/**
 * "The signal in scope" finder for one file. Dialect-agnostic (ESTree and Babel). Type-aware
 * answers come through `hooks`; without them (docs/architecture.md §5), a parameter of a process signal
 * listener, of an `exit`/`close` listener, or one annotated with a type other than `AbortSignal`
 * never counts. Signals do not reach into cleanup code (`finally` blocks, `defer`red closers,
 * process / abort listeners): passing the shutdown signal there would cancel the cleanup itself.
 */
export function createSignalScope(
  program: AnyNode,
  hooks: SignalTypeHooks = {},
  traversal?: SignalScopeTraversal,
): SignalScope {
  // What the file's nodes say, gathered in one pass (the tool's traversal, or one walk of our own
  // on first need): calls on a member (process listener registrations, `.kill(name)`), `x.signal`
  // members by `x`, and nodes that use a name as a signal *name*, by that name.
  const memberCalls: AnyNode[] = [];
  const signalMembers = new Map<string, AnyNode[]>();
  const signalNameUses = new Map<string, AnyNode[]>();
  // `killTree(pid, signal)`: calls of a plain name, and the file's function declarations by name,
  // to follow a name handed to a local function that uses its parameter as a signal name.
  const plainCalls: AnyNode[] = [];
  const functionDeclarations = new Map<string, AnyNode[]>();
  const parents = new WeakMap<AnyNode, AnyNode>();
  let walked = traversal !== undefined;
  const parentOf = traversal?.parentOf ?? ((node: AnyNode): AnyNode | undefined => parents.get(node));

  const addUse = (index: Map<string, AnyNode[]>, name: unknown, node: AnyNode): void => {
    if (typeof name !== 'string') return;
    const list = index.get(name);
    if (list) list.push(node);
    else index.set(name, [node]);
  };
  const identifierName = (node: AnyNode | undefined): unknown => {
    const target = unwrap(node);
    return target?.type === 'Identifier' ? target.name : undefined;
  };

  function collect(node: AnyNode): void {
    if (node.type === 'FunctionDeclaration') {
      const id = child(node, 'id');
      if (id?.type === 'Identifier') addUse(functionDeclarations, id.name, node);
    } else if (isCallExpression(node)) {
      const callee = unwrap(child(node, 'callee'));
      if (callee?.type === 'Identifier') plainCalls.push(node);
      if (!isMemberExpression(callee)) return;
      memberCalls.push(node);
      // `process.kill(pid, signal)`, `child.kill(signal)`
      if (propertyName(callee!) === 'kill')
        for (const arg of children(node, 'arguments')) addUse(signalNameUses, identifierName(arg), node);
    } else if (isMemberExpression(node)) {
      if (propertyName(node) === 'signal') addUse(signalMembers, identifierName(child(node, 'object')), node);
    } else if (node.type === 'BinaryExpression') {
      // `signal === 'SIGINT'`
      if (!['===', '!==', '==', '!='].includes(String(node.operator))) return;
      const left = child(node, 'left');
      const right = child(node, 'right');
      if (stringValue(unwrap(right)) !== undefined) addUse(signalNameUses, identifierName(left), node);
      if (stringValue(unwrap(left)) !== undefined) addUse(signalNameUses, identifierName(right), node);
    } else if (node.type === 'SwitchStatement') {
      // `switch (signal) { case 'SIGINT': … }`
      if (children(node, 'cases').some((c) => stringValue(unwrap(child(c, 'test'))) !== undefined))
        addUse(signalNameUses, identifierName(child(node, 'discriminant')), node);
    }
  }

  /** Without a traversal of the tool's: one walk of the file, on first need. */
  function ensureCollected(): void {
    if (walked) return;
    walked = true;
    walkWithAncestors(program, (node, ancestors) => {
      const parent = ancestors.at(-1);
      if (parent) parents.set(node, parent);
      collect(node);
    });
  }

  function ancestorsOf(node: AnyNode): AnyNode[] {
    const ancestors: AnyNode[] = [];
    for (let at = parentOf(node); at; at = parentOf(at)) ancestors.push(at);
    return ancestors.reverse();
  }

  /** Whether `node` is `container` or inside it. */
  function within(node: AnyNode, container: AnyNode): boolean {
    for (let at: AnyNode | undefined = node; at; at = parentOf(at)) if (at === container) return true;
    return false;
  }

  let listenerFunctions: Set<AnyNode> | undefined;
  let eventNameParams: Set<AnyNode> | undefined;

  /** On first need: process listener functions and the parameters used as event names. */
  function scanProcessListeners(): void {
    ensureCollected();
    listenerFunctions = new Set();
    eventNameParams = new Set();
    for (const node of memberCalls) {
      const ancestors = ancestorsOf(node);
      const listener = processListener(node, ancestors, program);
      if (!listener) continue;
      if (
        listener.events.some((event) => isSignalName(event) || SHUTDOWN_EVENTS.has(event)) &&
        listener.listenerFunction
      ) {
        listenerFunctions.add(listener.listenerFunction);
      }
      // `SIGNALS.forEach((signal) => process.on(signal, …))`: that parameter is a signal name.
      const eventArg = unwrap(argument(node, 0));
      if (eventArg?.type !== 'Identifier') continue;
      for (let i = ancestors.length - 1; i >= 0; i--) {
        const ancestor = ancestors[i]!;
        if (!isFunctionLike(ancestor)) continue;
        const param = children(ancestor, 'params').find((p) => p.type === 'Identifier' && p.name === eventArg.name);
        if (param) {
          eventNameParams.add(param);
          break;
        }
      }
    }
  }

  const isProcessListener = (fn: AnyNode): boolean => {
    if (!listenerFunctions) scanProcessListeners();
    return listenerFunctions!.has(fn);
  };
  const isEventNameParam = (param: AnyNode): boolean => {
    if (!eventNameParams) scanProcessListeners();
    return eventNameParams!.has(param);
  };

  function isCleanupFunction(fn: AnyNode, parent: AnyNode | undefined): boolean {
    if (!isFunctionLike(fn)) return false;
    if (parent && isCallExpression(parent) && children(parent, 'arguments').some((arg) => unwrap(arg) === fn)) {
      const callee = unwrap(child(parent, 'callee'));
      const path = memberPath(callee);
      const last = path?.split('.').pop() ?? (isMemberExpression(callee) ? propertyName(callee!) : undefined);
      if (last === 'defer' || last === 'addAbortListener') return true;
      if (last === 'addEventListener' && stringValue(unwrap(argument(parent, 0))) === 'abort') return true;
    }
    // `signal.onabort = () => …`
    if (parent?.type === 'AssignmentExpression' && unwrap(child(parent, 'right')) === fn) {
      const left = child(parent, 'left');
      if (left && isMemberExpression(left) && propertyName(left) === 'onabort') return true;
    }
    return isProcessListener(fn);
  }

  /** Whether `x.signal` is used like an AbortSignal somewhere inside `fn` (evidence that `x` carries one). */
  function usesSignalMember(fn: AnyNode, name: string): boolean {
    ensureCollected();
    const body = child(fn, 'body') ?? fn;
    return (signalMembers.get(name) ?? []).some((node) => {
      const parent = parentOf(node);
      if (!parent || !within(node, body)) return false;
      // `{ signal: ctx.signal }`
      if ((parent.type === 'Property' || parent.type === 'ObjectProperty') && child(parent, 'value') === node) {
        const key = child(parent, 'key');
        if ((key?.type === 'Identifier' && key.name === 'signal') || stringValue(key) === 'signal') return true;
      }
      // `ctx.signal.aborted`, `ctx.signal.throwIfAborted()`
      return (
        isMemberExpression(parent) &&
        child(parent, 'object') === node &&
        ABORT_SIGNAL_MEMBERS.has(propertyName(parent) ?? '')
      );
    });
  }

  /**
   * A parameter whose uses say it is a signal *name*: `process.kill(pid, signal)`, `child.kill(signal)`,
   * `signal === 'SIGINT'`, or handed to a function of this file that uses its parameter so
   * (`killPid(pid, signal)`, followed two calls deep).
   */
  function usedAsSignalName(fn: AnyNode, name: string, depth = 0): boolean {
    ensureCollected();
    const body = child(fn, 'body') ?? fn;
    if ((signalNameUses.get(name) ?? []).some((node) => within(node, body))) return true;
    if (depth >= 2) return false;
    return plainCalls.some((call) => {
      if (!within(call, body)) return false;
      const index = children(call, 'arguments').findIndex((arg) => identifierName(arg) === name);
      if (index < 0) return false;
      const callee = identifierName(child(call, 'callee'));
      const declarations = typeof callee === 'string' ? functionDeclarations.get(callee) : undefined;
      if (declarations?.length !== 1 || declarations[0] === fn) return false;
      const param = children(declarations[0]!, 'params')[index];
      return param?.type === 'Identifier' && usedAsSignalName(declarations[0]!, String(param.name), depth + 1);
    });
  }

  /** The checker's answer, unless the binding's annotation settles it (`isAbortSignal` hook). */
  function typedIsAbortSignal(binding: AnyNode): boolean | undefined {
    if (!hooks.isAbortSignal) return undefined;
    switch (annotationVerdict(annotationType(binding))) {
      case 'abort-signal':
        return true;
      case 'primitive':
        return false;
      case 'untyped':
        return undefined;
      default:
        return hooks.isAbortSignal(binding);
    }
  }

  /** The checker's answer, unless the parameter's annotation settles it (`hasSignalProperty` hook). */
  function typedHasSignalProperty(param: AnyNode): boolean | undefined {
    if (!hooks.hasSignalProperty) return undefined;
    switch (annotationVerdict(annotationType(param))) {
      case 'primitive':
        return false;
      case 'untyped':
        return undefined;
      default:
        return hooks.hasSignalProperty(param);
    }
  }

  /** Whether a parameter is an object that carries a signal (→ `param.signal`). */
  function carriesSignal(param: AnyNode, fn: AnyNode, parent: AnyNode | undefined, position: number): boolean {
    const typed = typedHasSignalProperty(param);
    if (typed !== undefined) return typed;
    const type = annotationType(param);
    const name = typeReferenceName(type);
    if (name === 'MainContext') return true;
    const member = typeLiteralSignalMember(type);
    if (member) return isAbortSignalType(annotationType(member));
    if (position === 0 && !type && isRunMainCallback(fn, parent)) return true;
    return !NOT_A_CONTROLLER.test(String(param.name)) && usesSignalMember(fn, String(param.name));
  }

  const verdicts = new WeakMap<AnyNode, ParameterVerdict>();

  function parameterVerdict(fn: AnyNode, parent: AnyNode | undefined): ParameterVerdict {
    let verdict = verdicts.get(fn);
    if (!verdict) {
      verdict = computeParameterVerdict(fn, parent);
      verdicts.set(fn, verdict);
    }
    return verdict;
  }

  function computeParameterVerdict(fn: AnyNode, parent: AnyNode | undefined): ParameterVerdict {
    const params = children(fn, 'params');
    const names = params.flatMap(patternNames);
    if (fn.type === 'FunctionExpression' && typeof child(fn, 'id')?.name === 'string')
      names.push(String(child(fn, 'id')!.name));
    const listenerParams = isProcessListener(fn) || SIGNAL_NAME_EVENTS.has(listenerEvent(fn, parent) ?? '');
    if (listenerParams) return { names: new Set(names) };
    let found: SignalInScope | undefined;
    params.forEach((raw, position) => {
      if (found) return;
      const holder = raw.type === 'TSParameterProperty' ? (child(raw, 'parameter') ?? raw) : raw;
      const param = holder.type === 'AssignmentPattern' ? (child(holder, 'left') ?? holder) : holder;
      if (param.type === 'Identifier' && typeof param.name === 'string') {
        const typed = typedIsAbortSignal(param);
        const type = annotationType(param);
        const isSignal =
          typed ??
          (type
            ? isAbortSignalType(type)
            : param.name === 'signal' &&
              !hasPrimitiveDefault(holder) &&
              !isEventNameParam(raw) &&
              !usedAsSignalName(fn, param.name));
        if (isSignal) {
          found = { expression: param.name, property: signalProperty(param.name), source: 'parameter', node: param };
        } else if (param.name !== 'signal' && carriesSignal(param, fn, parent, position)) {
          const expression = `${param.name}${param.optional === true ? '?.' : '.'}signal`;
          found = { expression, property: signalProperty(expression), source: 'context-parameter', node: param };
        }
      } else if (param.type === 'ObjectPattern') {
        const signal = destructuredSignal(param, annotationType(param));
        if (signal) found = { ...signal, source: 'destructured-parameter' };
      }
    });
    return found ? { signal: found, names: new Set(names) } : { names: new Set(names) };
  }

  /** `{ signal }` / `{ signal: s }` in a pattern (unless the inline type says `signal` is something else). */
  function destructuredSignal(pattern: AnyNode, type: AnyNode | undefined): Omit<SignalInScope, 'source'> | undefined {
    for (const property of children(pattern, 'properties')) {
      if (property.type === 'RestElement') continue;
      const key = child(property, 'key');
      const keyName = property.computed ? stringValue(key) : key?.type === 'Identifier' ? key.name : stringValue(key);
      if (keyName !== 'signal') continue;
      let value = child(property, 'value');
      if (value?.type === 'AssignmentPattern') value = child(value, 'left');
      if (value?.type !== 'Identifier' || typeof value.name !== 'string') return undefined;
      const typed = typedIsAbortSignal(value);
      if (typed === false) return undefined;
      if (typed === undefined) {
        const member = typeLiteralSignalMember(type);
        if (member && !isAbortSignalType(annotationType(member))) return undefined;
      }
      return { expression: value.name, property: signalProperty(value.name), node: property };
    }
    return undefined;
  }

  /**
   * Whether `X` in `X.signal` / `{ signal } = X` carries an AbortSignal: `new AbortController()`,
   * or a name / member path (`controller`, `options`, `this.ac`) that does not hold an error or a
   * finished process (whose `.signal` is a signal name).
   */
  function isSignalCarrier(node: AnyNode | undefined): boolean {
    const target = unwrap(node);
    if (!target || target.type === 'ThisExpression') return false;
    if (target.type === 'NewExpression')
      return memberPath(child(target, 'callee'))?.split('.').pop() === 'AbortController';
    const path = memberPath(target);
    return path !== undefined && !NOT_A_CONTROLLER.test(path.split('.').pop()!);
  }

  /** `AbortSignal.timeout(…)`, `AbortSignal.any(…)`, `controller.signal`, `new AbortController().signal`. */
  function isSignalExpression(init: AnyNode | undefined): boolean {
    const node = unwrap(init);
    if (!node) return false;
    if (isCallExpression(node)) {
      const path = memberPath(child(node, 'callee'))?.replace(/^globalThis\./, '');
      return path === 'AbortSignal.timeout' || path === 'AbortSignal.any' || path === 'AbortSignal.abort';
    }
    if (isMemberExpression(node) && propertyName(node) === 'signal') return isSignalCarrier(child(node, 'object'));
    return false;
  }

  function localSignal(statement: AnyNode): SignalInScope | undefined {
    const declaration = statement.type === 'ExportNamedDeclaration' ? child(statement, 'declaration') : statement;
    if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') return undefined;
    const declarators = children(declaration, 'declarations');
    for (let i = declarators.length - 1; i >= 0; i--) {
      const declarator = declarators[i]!;
      const id = child(declarator, 'id');
      const init = child(declarator, 'init');
      if (id?.type === 'Identifier' && typeof id.name === 'string') {
        // Asking types about every const is costly: only locals that mention a signal are asked.
        const typed = mentionsSignal(id.name, init) ? typedIsAbortSignal(id) : undefined;
        const type = annotationType(id);
        if (typed ?? (type ? isAbortSignalType(type) : isSignalExpression(init))) {
          return { expression: id.name, property: signalProperty(id.name), source: 'local', node: declarator };
        }
      } else if (id?.type === 'ObjectPattern' && isSignalCarrier(init)) {
        const signal = destructuredSignal(id, annotationType(id));
        if (signal) return { ...signal, source: 'local', node: declarator };
      }
    }
    return undefined;
  }

  /** `const current = currentSignal()`, `const abort = ctx.abortSignal`: a local worth asking types about. */
  function mentionsSignal(name: string, init: AnyNode | undefined): boolean {
    if (SIGNAL_WORDS.test(name)) return true;
    let value = unwrap(init);
    if (value?.type === 'AwaitExpression') value = unwrap(child(value, 'argument'));
    const path = memberPath(isCallExpression(value) ? child(value!, 'callee') : value);
    return path !== undefined && SIGNAL_WORDS.test(path);
  }

  const blocks = new WeakMap<AnyNode, BlockInfo>();

  function blockInfo(block: AnyNode): BlockInfo {
    let info = blocks.get(block);
    if (!info) {
      const statements = statementList(block);
      const nearest: Array<SignalInScope | undefined> = [];
      const names = new Set<string>();
      statements.forEach((statement, index) => {
        nearest.push(localSignal(statement) ?? nearest[index - 1]);
        for (const name of declaredNames(statement)) names.add(name);
      });
      info = {
        statements,
        position: new Map(statements.map((statement, index) => [statement, index])),
        nearest,
        names,
      };
      blocks.set(block, info);
    }
    return info;
  }

  function find(node: AnyNode, ancestors: readonly AnyNode[]): SignalInScope | undefined {
    // Names bound between the call and the level being searched, one set per level (never copied).
    const shadowing: Array<ReadonlySet<string>> = [];
    const usable = (signal: SignalInScope | undefined): signal is SignalInScope => {
      if (signal === undefined) return false;
      const root = signal.expression.split(/\?\.|\./)[0]!;
      return !shadowing.some((names) => names.has(root));
    };
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const ancestor = ancestors[i]!;
      const onPath = ancestors[i + 1] ?? node;
      if (ancestor.type === 'TryStatement' && child(ancestor, 'finalizer') === onPath) return undefined;
      if (ancestor.type === 'CatchClause') shadowing.push(new Set(patternNames(child(ancestor, 'param'))));
      if (
        ancestor.type === 'ForOfStatement' ||
        ancestor.type === 'ForInStatement' ||
        ancestor.type === 'ForStatement'
      ) {
        const head = child(ancestor, ancestor.type === 'ForStatement' ? 'init' : 'left');
        if (head?.type === 'VariableDeclaration') shadowing.push(new Set(declaredNames(head)));
      }
      const block = BLOCK_TYPES.has(ancestor.type) ? blockInfo(ancestor) : undefined;
      if (block && block.statements.length > 0) {
        const before = block.position.get(onPath) ?? block.statements.length;
        const nearest = before > 0 ? block.nearest[before - 1] : undefined;
        if (usable(nearest)) return nearest;
        if (nearest) {
          // The nearest one is hidden by an inner binding: an earlier one with another name may not be.
          for (let s = before - 1; s >= 0; s--) {
            const signal = localSignal(block.statements[s]!);
            if (usable(signal)) return signal;
          }
        }
        shadowing.push(block.names);
      }
      if (isFunctionLike(ancestor)) {
        const parent = ancestors[i - 1];
        const verdict = parameterVerdict(ancestor, parent);
        if (usable(verdict.signal)) return verdict.signal;
        shadowing.push(verdict.names);
        if (isCleanupFunction(ancestor, parent)) return undefined;
      }
    }
    return undefined;
  }

  return { find, isCleanupFunction, collect };
}
