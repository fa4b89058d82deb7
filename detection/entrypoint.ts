/**
 * THE definition of an entrypoint (DESIGN §2), shared by the rules, the codemods and the CLI.
 * A file is an entrypoint when it is named as one (settings globs, package.json `bin`/`scripts`),
 * says so (`#!`, a main guard), or behaves like one at top level (calls an async main, runs an
 * async IIFE, awaits, listens). The reasons are returned so tools can say why.
 */
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
  unwrap,
  walk,
} from './ast.js';
import { candidateSources, findPackageDir, readPackage } from './project.js';

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

const matcherCache = new Map<string, (file: string) => boolean>();
function globMatcher(globs: readonly string[]): (file: string) => boolean {
  const key = globs.join('\0');
  let matcher = matcherCache.get(key);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true });
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
        if (id?.type === 'Identifier' && typeof id.name === 'string' && isFunctionNode(init)) functions.set(id.name, init!);
      }
    }
  };
  for (const statement of children(program, 'body')) visit(statement);
  return functions;
}

/** Statements that run at top level: the program body and the blocks of top-level `if`s (main guards). */
function topLevelStatements(program: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  const visit = (statement: AnyNode | undefined): void => {
    if (!statement) return;
    if (statement.type === 'BlockStatement') children(statement, 'body').forEach(visit);
    else if (statement.type === 'IfStatement') {
      out.push(statement);
      visit(child(statement, 'consequent'));
      visit(child(statement, 'alternate'));
    } else out.push(statement);
  };
  children(program, 'body').forEach(visit);
  return out;
}

/** Peels `void x`, `await x`, `x.catch(…)`, `x.then(…)`, `x.finally(…)` off a statement's expression. */
export function rootCallOf(expression: AnyNode | undefined): { call: AnyNode | undefined; chained: boolean } {
  let node = unwrap(expression);
  let chained = false;
  for (;;) {
    if (!node) return { call: undefined, chained };
    if ((node.type === 'UnaryExpression' && node.operator === 'void') || node.type === 'AwaitExpression') {
      node = unwrap(child(node, 'argument'));
      continue;
    }
    if (node.type === 'AssignmentExpression') {
      // process.exitCode = await main();
      node = unwrap(child(node, 'right'));
      continue;
    }
    if (isCallExpression(node)) {
      const callee = unwrap(child(node, 'callee'));
      if (isMemberExpression(callee) && ['catch', 'then', 'finally'].includes(propertyName(callee!) ?? '')) {
        chained = true;
        node = unwrap(child(callee!, 'object'));
        continue;
      }
    }
    return { call: node, chained };
  }
}

/** The async function an IIFE runs: `(async () => {})()`, `(async function () {})()`. */
export function asyncIifeFunction(call: AnyNode | undefined): AnyNode | undefined {
  if (!isCallExpression(call)) return undefined;
  const callee = unwrap(child(call!, 'callee'));
  return isAsyncFunction(callee) ? callee : undefined;
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
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await === true)) {
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

export function hasExports(program: AnyNode): boolean {
  for (const statement of children(program, 'body')) {
    if (statement.type.startsWith('Export') || statement.type === 'TSExportAssignment') return true;
    if (statement.type === 'ExpressionStatement') {
      const expression = unwrap(child(statement, 'expression'));
      if (expression?.type === 'AssignmentExpression') {
        const target = memberPath(child(expression, 'left')) ?? '';
        if (target === 'module.exports' || target.startsWith('module.exports.') || target.startsWith('exports.')) return true;
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

const MODULE_IDENTITY = new Set(['import.meta.url', 'import.meta.filename', '__filename', 'import.meta.path']);
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

/** The text of the first main guard in the file, if any (`require.main === module`, `import.meta.main`, argv comparisons). */
export function findMainGuard(program: AnyNode, text: string): AnyNode | undefined {
  if (!/require\.main|import\.meta\.main|argv|module\.parent/.test(text)) return undefined;
  let guard: AnyNode | undefined;
  walk(program, (node) => {
    if (guard) return false;
    if (node.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(String(node.operator))) {
      const left = child(node, 'left');
      const right = child(node, 'right');
      const paths = [memberPath(left), memberPath(right)];
      if (paths.includes('require.main') && paths.includes('module')) guard = node;
      else if (paths.includes('module.parent') || (mentionsArgv1(left) && mentionsModuleIdentity(right)) || (mentionsArgv1(right) && mentionsModuleIdentity(left))) guard = node;
      return guard ? false : undefined;
    }
    if (isCallExpression(node)) {
      // import.meta.url.endsWith(process.argv[1]) and friends.
      const callee = unwrap(child(node, 'callee'));
      const args = children(node, 'arguments');
      if (isMemberExpression(callee)) {
        const object = child(callee!, 'object');
        if ((mentionsModuleIdentity(object) && args.some(mentionsArgv1)) || (mentionsArgv1(object) && args.some(mentionsModuleIdentity))) {
          guard = node;
          return false;
        }
      }
    }
    if (node.type === 'UnaryExpression' && node.operator === '!' && memberPath(child(node, 'argument')) === 'module.parent') {
      guard = node;
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

function fileReasons(input: EntrypointInput): EntrypointReason[] {
  const reasons: EntrypointReason[] = [];
  const { filename } = input;
  if (!path.isAbsolute(filename)) return reasons;
  if (input.globs && input.globs.length > 0) {
    const relative = path.relative(input.cwd ?? process.cwd(), filename).split(path.sep).join('/');
    if (globMatcher(input.globs)(relative)) reasons.push({ kind: 'settings-glob', detail: 'matches the "entrypoints" setting' });
  }
  const packageDir = findPackageDir(path.dirname(filename));
  const pkg = packageDir === undefined ? undefined : readPackage(packageDir);
  if (!pkg) return reasons;
  const names = (target: string): boolean => candidateSources(target, pkg.dir).includes(filename);
  const bin = pkg.bins.find(names);
  if (bin !== undefined) {
    reasons.push({ kind: 'package-bin', detail: `named by package.json "bin" (${path.relative(pkg.dir, bin) || bin})` });
  }
  const script = pkg.scriptTargets.find((target) => names(target.file));
  if (script) reasons.push({ kind: 'package-script', detail: `run by package.json script "${script.script}"` });
  return reasons;
}

/** Describes a root call for messages: `main()`, `program.parseAsync()`. */
export function describeCall(call: AnyNode): string {
  return `${memberPath(child(call, 'callee')) ?? 'an async function'}()`;
}

function codeReasons(program: AnyNode, text: string): EntrypointReason[] {
  const reasons: EntrypointReason[] = [];
  const guard = findMainGuard(program, text);
  if (guard) reasons.push({ kind: 'main-guard', detail: 'has a main guard', node: guard });
  const functions = topLevelFunctions(program);
  const esmCandidate = /\bawait\b/.test(text) && !hasExports(program);
  const listenCandidate = text.includes('.listen');
  for (const statement of topLevelStatements(program)) {
    if (statement.type === 'ExpressionStatement') {
      const { call, chained } = rootCallOf(child(statement, 'expression'));
      if (call && asyncIifeFunction(call)) {
        reasons.push({ kind: 'async-iife', detail: 'runs an async IIFE at top level', node: statement });
        continue;
      }
      if (call && isCallExpression(call)) {
        const callee = unwrap(child(call, 'callee'));
        const name = callee?.type === 'Identifier' ? String(callee.name) : undefined;
        const local = name === undefined ? undefined : functions.get(name);
        const isMainCall =
          name !== undefined && (local ? isAsyncFunction(local) || chained : MAIN_LIKE.test(name) || chained);
        const isParseAsync = isMemberExpression(callee) && propertyName(callee!) === 'parseAsync';
        if (isMainCall || isParseAsync) {
          reasons.push({ kind: 'main-call', detail: `calls ${describeCall(call)} at top level`, node: statement });
          continue;
        }
      }
    }
    if (esmCandidate && statement.type !== 'IfStatement' && hasTopLevelAwait(statement)) {
      reasons.push({ kind: 'top-level-await', detail: 'awaits at top level', node: statement });
      continue;
    }
    if (listenCandidate && statement.type !== 'IfStatement' && hasTopLevelListen(statement)) {
      reasons.push({ kind: 'listen', detail: 'calls .listen() at top level', node: statement });
    }
  }
  return reasons;
}

/** Decides whether a file is an entrypoint, and why. */
export function detectEntrypoint(input: EntrypointInput): EntrypointResult {
  const reasons = fileReasons(input);
  const body = input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text;
  if (body.startsWith('#!')) reasons.push({ kind: 'shebang', detail: 'starts with a #! line' });
  reasons.push(...codeReasons(input.program, input.text));
  return { isEntrypoint: reasons.length > 0, reasons };
}

