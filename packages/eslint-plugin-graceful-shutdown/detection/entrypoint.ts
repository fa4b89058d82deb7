/**
 * THE definition of an entrypoint (docs/architecture.md §3), shared by the rules, the codemods and the CLI.
 * A file is an entrypoint when it is named as one (settings globs, package.json `bin`/`scripts`),
 * says so (`#!`, a main guard), or behaves like one at top level (calls an async main, runs an
 * async IIFE, awaits, listens). The reasons are returned so tools can say why.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import picomatch from 'picomatch';
import {
  type AnyNode,
  argument,
  child,
  children,
  isAsyncFunction,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  memberPath,
  propertyName,
  stringValue,
  unwrap,
  walk,
} from './syntax/ast.js';
import { collectImports } from './imports.js';
import { asyncIifeFunction, peelEntryGuard, rootCallOf } from './syntax/entry-call.js';
import {
  candidateSources,
  findPackageDir,
  type PackageInfo,
  projectCacheGeneration,
  readPackage,
  readTsconfigDirs,
  type TsconfigDirs,
} from './project.js';

export type EntrypointReasonKind =
  | 'settings-glob'
  | 'package-bin'
  | 'package-script'
  | 'shebang'
  | 'main-guard'
  | 'main-call'
  | 'async-iife'
  | 'top-level-await'
  | 'listen';

export interface EntrypointReason {
  readonly kind: EntrypointReasonKind;
  /** Human-readable: "named by package.json \"bin\"". */
  readonly detail: string;
  /** The top-level statement that gave the reason, for code-based reasons. */
  readonly node?: AnyNode;
}

export interface EntrypointInput {
  /** Absolute path of the file (ESLint's `<input>`/`<text>` pseudo-names skip file-based checks). */
  readonly filename: string;
  /** ESTree or Babel `Program`. */
  readonly program: AnyNode;
  /** Full source text (for the `#!` line and cheap pre-filters). */
  readonly text: string;
  /** Where `entrypoints` globs resolve from (ESLint's `context.cwd`). */
  readonly cwd?: string;
  /** `settings['graceful-shutdown'].entrypoints`. */
  readonly globs?: readonly string[];
}

export interface EntrypointResult {
  readonly isEntrypoint: boolean;
  readonly reasons: readonly EntrypointReason[];
}

const MAIN_LIKE = /^(?:main|run|start|bootstrap|cli|serve|init|launch|execute)(?:[A-Z_$0-9]\w*)?$/;

const matcherCache = new Map<string, (file: string) => string | undefined>();
/** A function returning the first glob that matches a cwd-relative path. */
function globMatcher(globs: readonly string[]): (file: string) => string | undefined {
  const key = globs.join('\0');
  let matcher = matcherCache.get(key);
  if (!matcher) {
    const matchers = globs.map((glob) => [glob, picomatch(glob, { dot: true })] as const);
    matcher = (file) => matchers.find(([, matches]) => matches(file))?.[0];
    matcherCache.set(key, matcher);
  }
  return matcher;
}

/** Functions declared at top level (declarations and `const f = async () => …`), by name. */
function topLevelFunctions(program: AnyNode): Map<string, AnyNode> {
  const functions = new Map<string, AnyNode>();
  const visit = (statement: AnyNode | undefined): void => {
    if (!statement) return;
    if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') {
      visit(child(statement, 'declaration'));
      return;
    }
    if (statement.type === 'FunctionDeclaration') {
      const name = child(statement, 'id')?.name;
      if (typeof name === 'string') functions.set(name, statement);
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of children(statement, 'declarations')) {
        const id = child(declarator, 'id');
        const init = unwrap(child(declarator, 'init'));
        if (id?.type === 'Identifier' && typeof id.name === 'string' && isFunctionNode(init))
          functions.set(id.name, init!);
      }
    }
  };
  for (const statement of children(program, 'body')) visit(statement);
  return functions;
}

/** A non-async function declared to return a promise: `function main(): Promise<void> { return run(); }`. */
function returnsPromise(fn: AnyNode): boolean {
  const annotation = child(fn, 'returnType');
  const type = annotation ? child(annotation, 'typeAnnotation') : undefined;
  return type?.type === 'TSTypeReference' && ['Promise', 'PromiseLike'].includes(String(child(type, 'typeName')?.name));
}

/**
 * Statements that run at top level: the program body and the blocks of top-level `if`s (main
 * guards) and `try`s. An `if` is listed itself too, so its test is checked.
 */
function topLevelStatements(program: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  const visit = (statement: AnyNode | undefined): void => {
    if (!statement) return;
    if (statement.type === 'BlockStatement') children(statement, 'body').forEach(visit);
    else if (statement.type === 'IfStatement') {
      out.push(statement);
      visit(child(statement, 'consequent'));
      visit(child(statement, 'alternate'));
    } else if (statement.type === 'TryStatement') {
      visit(child(statement, 'block'));
      visit(child(child(statement, 'handler') ?? statement, 'body'));
      visit(child(statement, 'finalizer'));
    } else out.push(statement);
  };
  children(program, 'body').forEach(visit);
  return out;
}

function isFunctionBoundary(node: AnyNode): boolean {
  return (
    isFunctionNode(node) ||
    node.type === 'ClassMethod' ||
    node.type === 'ObjectMethod' ||
    node.type === 'ClassPrivateMethod' ||
    node.type === 'StaticBlock'
  );
}

/** Whether a statement awaits at top level (not inside a nested function). */
function hasTopLevelAwait(statement: AnyNode): boolean {
  let found = false;
  walk(statement, (node) => {
    if (found || isFunctionBoundary(node)) return false;
    if (
      node.type === 'AwaitExpression' ||
      (node.type === 'ForOfStatement' && node.await === true) ||
      (node.type === 'VariableDeclaration' && node.kind === 'await using')
    ) {
      found = true;
      return false;
    }
    return undefined;
  });
  return found;
}

/** Whether a statement calls `.listen(…)` at top level (`app.listen(3000)`, `const s = http.createServer(h).listen(0)`). */
function hasTopLevelListen(statement: AnyNode): boolean {
  let found = false;
  walk(statement, (node) => {
    if (found || isFunctionBoundary(node)) return false;
    if (isCallExpression(node)) {
      const callee = unwrap(child(node, 'callee'));
      if (isMemberExpression(callee) && propertyName(callee!) === 'listen') {
        found = true;
        return false;
      }
    }
    return undefined;
  });
  return found;
}

/** Whether an export statement exports a value (not `export {}`, not types only). */
function exportsValue(statement: AnyNode): boolean {
  if (statement.exportKind === 'type' || statement.declare === true) return false;
  if (statement.type === 'ExportAllDeclaration' || statement.type === 'TSExportAssignment') return true;
  const declaration = child(statement, 'declaration');
  // `export default interface Props {}`
  if (statement.type === 'ExportDefaultDeclaration') return !declaration || !TYPE_DECLARATIONS.has(declaration.type);
  if (statement.type !== 'ExportNamedDeclaration') return statement.type.startsWith('Export');
  if (declaration) return !TYPE_DECLARATIONS.has(declaration.type) && declaration.declare !== true;
  // `export {}` only makes a file a module; `export { type A }` exports a type.
  return children(statement, 'specifiers').some((specifier) => specifier.exportKind !== 'type');
}

const TYPE_DECLARATIONS = new Set([
  'TSTypeAliasDeclaration',
  'TSInterfaceDeclaration',
  'TSDeclareFunction',
  'TypeAlias',
  'InterfaceDeclaration',
  'OpaqueType',
]);

/** `module.exports`, `module.exports.x`, `exports.x`. */
function isCommonJsExportTarget(node: AnyNode | undefined): boolean {
  const target = memberPath(node) ?? '';
  return (
    target === 'module.exports' ||
    target === 'exports' ||
    target.startsWith('module.exports.') ||
    target.startsWith('exports.')
  );
}

/**
 * Whether the module exports a value: ESM exports (not `export {}` nor type-only ones), `export =`,
 * and CommonJS `module.exports = …`, `exports.x = …`, `Object.defineProperty(exports, …)`,
 * `Object.assign(module.exports, …)`.
 */
export function hasExports(program: AnyNode): boolean {
  for (const statement of children(program, 'body')) {
    if (statement.type.startsWith('Export') || statement.type === 'TSExportAssignment') {
      if (exportsValue(statement)) return true;
      continue;
    }
    if (statement.type !== 'ExpressionStatement') continue;
    const expression = unwrap(child(statement, 'expression'));
    if (expression?.type === 'AssignmentExpression' && isCommonJsExportTarget(child(expression, 'left'))) return true;
    if (isCallExpression(expression)) {
      const callee = memberPath(child(expression!, 'callee'));
      if (
        (callee === 'Object.defineProperty' || callee === 'Object.assign' || callee === 'Object.defineProperties') &&
        isCommonJsExportTarget(argument(expression!, 0))
      ) {
        return true;
      }
    }
  }
  return false;
}

function mentionsArgv1(root: AnyNode | undefined): boolean {
  if (!root) return false;
  let found = false;
  walk(root, (node) => {
    if (found) return false;
    if (isMemberExpression(node) && memberPath(child(node, 'object')) === 'process.argv') {
      const property = child(node, 'property');
      if (node.computed && property && (property.value === 1 || property.value === '1')) found = true;
    } else if (isCallExpression(node) && memberPath(child(node, 'callee')) === 'process.argv.at') {
      if (argument(node, 0)?.value === 1) found = true;
    }
    return undefined;
  });
  return found;
}

const MODULE_IDENTITY = new Set([
  'import.meta.url',
  'import.meta.filename',
  '__filename',
  'module.filename',
  'import.meta.path',
]);
function mentionsModuleIdentity(root: AnyNode | undefined): boolean {
  if (!root) return false;
  let found = false;
  walk(root, (node) => {
    if (found) return false;
    const pathText = memberPath(node);
    if (pathText !== undefined && MODULE_IDENTITY.has(pathText)) found = true;
    return undefined;
  });
  return found;
}

/** `require.main` and its deprecated spelling `process.mainModule`. */
const MAIN_MODULE = new Set(['require.main', 'process.mainModule']);
const MAIN_MODULE_FILENAME = new Set(['require.main.filename', 'process.mainModule.filename']);
const OWN_FILENAME = new Set(['__filename', 'module.filename']);

/** Whether a comparison is a main guard: `require.main === module`, `process.argv[1] === fileURLToPath(import.meta.url)`, … */
function isGuardComparison(left: AnyNode | undefined, right: AnyNode | undefined): boolean {
  const paths = [memberPath(left), memberPath(right)];
  const has = (set: ReadonlySet<string>): boolean => paths.some((item) => item !== undefined && set.has(item));
  if (has(MAIN_MODULE) && paths.includes('module')) return true;
  if (has(MAIN_MODULE_FILENAME) && has(OWN_FILENAME)) return true;
  if (paths.includes('module.parent')) return true;
  return (
    (mentionsArgv1(left) && mentionsModuleIdentity(right)) || (mentionsArgv1(right) && mentionsModuleIdentity(left))
  );
}

/** Words every main guard spells, and the module's own file in an `argv` guard; literal, so each is one fast string search. */
const GUARD_WORDS = ['require.main', 'import.meta.main', 'module.parent', 'mainModule'];
const OWN_FILE_WORDS = ['import.meta.url', 'import.meta.filename', 'import.meta.path', '__filename', 'module.filename'];

/**
 * The first main guard in the file, if any: `require.main === module` (either way round, also
 * `require.main.filename === __filename` and `process.mainModule`), `!module.parent` or an `if`/`?:`
 * on `module.parent`, `import.meta.main`, and comparisons of `process.argv[1]` with the module's
 * own file (`import.meta.url`, `import.meta.filename`, `__filename`, through `fileURLToPath`,
 * `pathToFileURL(…).href`, `realpathSync`, `path.resolve`, a `file://` template, `.endsWith`).
 */
export function findMainGuard(program: AnyNode, text: string): AnyNode | undefined {
  // Every guard spells one of these; an `argv` guard also names the module's own file. Most
  // files mention none, and the walk below is a whole-file walk.
  if (
    !GUARD_WORDS.some((word) => text.includes(word)) &&
    !(text.includes('argv') && OWN_FILE_WORDS.some((word) => text.includes(word)))
  ) {
    return undefined;
  }
  let guard: AnyNode | undefined;
  walk(program, (node) => {
    if (guard) return false;
    if (node.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(String(node.operator))) {
      if (isGuardComparison(child(node, 'left'), child(node, 'right'))) guard = node;
      return guard ? false : undefined;
    }
    if (isCallExpression(node)) {
      // import.meta.url.endsWith(process.argv[1]) and friends.
      const callee = unwrap(child(node, 'callee'));
      const args = children(node, 'arguments');
      if (isMemberExpression(callee)) {
        const object = child(callee!, 'object');
        if (
          (mentionsModuleIdentity(object) && args.some(mentionsArgv1)) ||
          (mentionsArgv1(object) && args.some(mentionsModuleIdentity))
        ) {
          guard = node;
          return false;
        }
      }
    }
    if (
      node.type === 'UnaryExpression' &&
      node.operator === '!' &&
      memberPath(child(node, 'argument')) === 'module.parent'
    ) {
      guard = node;
      return false;
    }
    // `if (module.parent) { module.exports = x } else { main() }`
    if (
      (node.type === 'IfStatement' || node.type === 'ConditionalExpression') &&
      memberPath(child(node, 'test')) === 'module.parent'
    ) {
      guard = child(node, 'test');
      return false;
    }
    if (memberPath(node) === 'import.meta.main') {
      guard = node;
      return false;
    }
    return undefined;
  });
  return guard;
}

/** Every file a package's `bin` and `scripts` name (with mapped sources), computed once per package.json and tsconfig version. */
interface PackageEntrypoints {
  readonly tsconfig: TsconfigDirs | undefined;
  /** Candidate file → the `bin` path that names it. */
  readonly bins: ReadonlyMap<string, string>;
  /** Candidate file → the script that runs it. */
  readonly scripts: ReadonlyMap<string, string>;
}

const packageEntrypointCache = new WeakMap<PackageInfo, PackageEntrypoints>();

function packageEntrypoints(pkg: PackageInfo): PackageEntrypoints {
  const tsconfig = readTsconfigDirs(pkg.dir);
  const cached = packageEntrypointCache.get(pkg);
  if (cached && cached.tsconfig === tsconfig) return cached;
  const bins = new Map<string, string>();
  for (const bin of pkg.bins)
    for (const candidate of candidateSources(bin, pkg.dir)) if (!bins.has(candidate)) bins.set(candidate, bin);
  const scripts = new Map<string, string>();
  for (const target of pkg.scriptTargets) {
    for (const candidate of candidateSources(target.file, pkg.dir))
      if (!scripts.has(candidate)) scripts.set(candidate, target.script);
  }
  const value = { tsconfig, bins, scripts };
  packageEntrypointCache.set(pkg, value);
  return value;
}

function fileReasons(input: EntrypointInput): EntrypointReason[] {
  const reasons: EntrypointReason[] = [];
  const filename = path.isAbsolute(input.filename) ? path.normalize(input.filename) : undefined;
  if (filename === undefined) return reasons;
  if (input.globs && input.globs.length > 0) {
    const relative = path
      .relative(input.cwd ?? process.cwd(), filename)
      .split(path.sep)
      .join('/');
    const glob = globMatcher(input.globs)(relative);
    if (glob !== undefined)
      reasons.push({ kind: 'settings-glob', detail: `matches the "entrypoints" setting (${glob})` });
  }
  const packageDir = findPackageDir(path.dirname(filename));
  const pkg = packageDir === undefined ? undefined : readPackage(packageDir);
  if (!pkg) return reasons;
  const named = packageEntrypoints(pkg);
  const bin = named.bins.get(filename);
  if (bin !== undefined) {
    reasons.push({
      kind: 'package-bin',
      detail: `named by package.json "bin" (${path.relative(pkg.dir, bin) || bin})`,
    });
  }
  const script = named.scripts.get(filename);
  if (script !== undefined) reasons.push({ kind: 'package-script', detail: `run by package.json script "${script}"` });
  return reasons;
}

/** Describes a root call for messages: `main()`, `program.parseAsync()`. */
export function describeCall(call: AnyNode): string {
  return `${memberPath(child(call, 'callee')) ?? 'an async function'}()`;
}

const codeReasonsByProgram = new WeakMap<AnyNode, readonly EntrypointReason[]>();

/**
 * The reasons found in the code alone (main guard, main call, async IIFE, top-level await,
 * `.listen`), once per parsed file: for callers that need the main call but not the package.json
 * verdict. `program` may also be a Babel `File`.
 */
export function entrypointCodeReasons(input: Pick<EntrypointInput, 'program' | 'text'>): readonly EntrypointReason[] {
  let reasons = codeReasonsByProgram.get(input.program);
  if (reasons === undefined) {
    const program = input.program.type === 'File' ? (child(input.program, 'program') ?? input.program) : input.program;
    reasons = codeReasons(program, input.text);
    codeReasonsByProgram.set(input.program, reasons);
  }
  return reasons;
}

function codeReasons(program: AnyNode, text: string): EntrypointReason[] {
  const reasons: EntrypointReason[] = [];
  const guard = findMainGuard(program, text);
  if (guard) reasons.push({ kind: 'main-guard', detail: 'has a main guard', node: guard });
  let functions: Map<string, AnyNode> | undefined;
  const esmCandidate = text.includes('await') && /\bawait\b/.test(text) && !hasExports(program);
  const listenCandidate = text.includes('.listen');
  for (const statement of topLevelStatements(program)) {
    if (statement.type === 'ExpressionStatement') {
      // `require.main === module && main()`: the call is the right-hand side.
      const expression = peelEntryGuard(child(statement, 'expression'));
      const { call, chained: chainedCall } = rootCallOf(expression);
      // `void f()` marks a promise as deliberately floating, like a `.catch` chain does.
      const chained = chainedCall || (expression?.type === 'UnaryExpression' && expression.operator === 'void');
      // `module.exports = init()` exports a value: only a known async function makes it a main call.
      const exported = expression?.type === 'AssignmentExpression' && isCommonJsExportTarget(child(expression, 'left'));
      if (call && asyncIifeFunction(call)) {
        reasons.push({ kind: 'async-iife', detail: 'runs an async IIFE at top level', node: statement });
        continue;
      }
      if (call && isCallExpression(call)) {
        const callee = unwrap(child(call, 'callee'));
        const name = callee?.type === 'Identifier' ? String(callee.name) : undefined;
        const local = name === undefined ? undefined : (functions ??= topLevelFunctions(program)).get(name);
        const isMainCall =
          name !== undefined &&
          (local
            ? isAsyncFunction(local) || returnsPromise(local) || chained
            : !exported && (MAIN_LIKE.test(name) || chained));
        const isParseAsync = isMemberExpression(callee) && propertyName(callee!) === 'parseAsync';
        if (isMainCall || isParseAsync) {
          reasons.push({ kind: 'main-call', detail: `calls ${describeCall(call)} at top level`, node: statement });
          continue;
        }
      }
    }
    // An `if` is listed before its blocks: only its test belongs to it.
    const own = statement.type === 'IfStatement' ? child(statement, 'test') : statement;
    if (esmCandidate && own && hasTopLevelAwait(own)) {
      reasons.push({ kind: 'top-level-await', detail: 'awaits at top level', node: statement });
      continue;
    }
    if (listenCandidate && own && hasTopLevelListen(own)) {
      reasons.push({ kind: 'listen', detail: 'calls .listen() at top level', node: statement });
    }
  }
  return reasons;
}

/** One verdict per parsed file: the four rules (and the CLI) ask for the same Program. */
const verdicts = new WeakMap<AnyNode, Map<string, EntrypointResult>>();

/** Decides whether a file is an entrypoint, and why. `program` may also be a Babel `File`. */
export function detectEntrypoint(input: EntrypointInput): EntrypointResult {
  const key = `${projectCacheGeneration()}\0${input.filename}\0${input.cwd ?? ''}\0${(input.globs ?? []).join('\0')}`;
  let byInput = verdicts.get(input.program);
  const cached = byInput?.get(key);
  if (cached) return cached;
  const result = computeEntrypoint(input);
  if (!byInput) verdicts.set(input.program, (byInput = new Map<string, EntrypointResult>()));
  byInput.set(key, result);
  return result;
}

function computeEntrypoint(input: EntrypointInput): EntrypointResult {
  const reasons = fileReasons(input);
  const body = input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text;
  if (body.startsWith('#!')) reasons.push({ kind: 'shebang', detail: 'starts with a #! line' });
  // What a browser script does at top level says nothing about a Node process: only being named
  // (bin, scripts, settings) or a `#!` line makes it one.
  if (reasons.length > 0 || !isBrowserScript(input)) reasons.push(...entrypointCodeReasons(input));
  return { isEntrypoint: reasons.length > 0, reasons };
}

const NODE_BUILTINS: ReadonlySet<string> = new Set(builtinModules.map((name) => name.replace(/^node:/, '')));
/** Globals only a browser has, and what only Node code writes. */
const BROWSER_GLOBALS = /\b(?:window|document)\s*[.[]/;
/** Most files name neither: two string searches spare them the pattern's scan. */
const mayNameBrowserGlobal = (text: string): boolean => text.includes('window') || text.includes('document');
const NODE_ONLY =
  /\bprocess\s*\.|\brequire\s*\(|\b__dirname\b|\b__filename\b|\bimport\.meta\.(?:dirname|filename|main)\b/;

/**
 * A script for the browser, not a Node process: it uses `window`/`document` or lives in a
 * `public/` folder, and imports no Node module nor touches `process`/`require`.
 */
export function isBrowserScript(input: Pick<EntrypointInput, 'filename' | 'program' | 'text'>): boolean {
  const inPublic = /(?:^|[\\/])public[\\/]/.test(input.filename);
  if (!inPublic && !(mayNameBrowserGlobal(input.text) && BROWSER_GLOBALS.test(input.text))) return false;
  if (NODE_ONLY.test(input.text)) return false;
  const program = input.program.type === 'File' ? (child(input.program, 'program') ?? input.program) : input.program;
  for (const { source } of collectImports(program).values()) if (NODE_BUILTINS.has(source)) return false;
  for (const statement of children(program, 'body'))
    if (
      statement.type === 'ImportDeclaration' &&
      NODE_BUILTINS.has((stringValue(child(statement, 'source')) ?? '').replace(/^node:/, ''))
    )
      return false;
  return true;
}
