/**
 * Configuration flags (docs/architecture.md §5): a test that reads only a setting the program was
 * started with: `if (options.exitImmediately)`, `if (commander.autoManage)`,
 * `if (process.env.EXIT_ON_SIGTERM === 'true')`. Code behind such a test is a mode the user
 * chose, not the program's ordinary path.
 */
import { isBuiltin } from 'node:module';
import {
  type AnyNode,
  child,
  children,
  isMemberExpression,
  memberPath,
  rootIdentifier,
  unwrap,
  walk,
} from './syntax/ast.js';
import type { ImportMap } from './imports.js';
import { topLevelBinding } from './process-listeners.js';
import type { NameResolver } from './syntax/names.js';

export interface FlagContext {
  readonly program: AnyNode;
  readonly imports: ImportMap;
  readonly resolve: NameResolver;
  /** Member paths the file assigns or updates anywhere (`shuttingDown`, `this.closing`). */
  readonly writes: ReadonlySet<string>;
}

/** What an assignment or `++`/`--` writes to. */
export function assignedTarget(node: AnyNode): AnyNode | undefined {
  if (node.type === 'AssignmentExpression') return child(node, 'left');
  return node.type === 'UpdateExpression' ? child(node, 'argument') : undefined;
}

/** Every name and member path the file assigns or updates. */
export function assignedPaths(program: AnyNode): Set<string> {
  const out = new Set<string>();
  walk(program, (node) => {
    const path = memberPath(assignedTarget(node));
    if (path !== undefined) out.add(path);
    return true;
  });
  return out;
}

const EQUALITY_OPERATORS = new Set(['===', '==', '!==', '!=']);
const LITERAL_TYPES = new Set(['Literal', 'StringLiteral', 'BooleanLiteral', 'NumericLiteral', 'TemplateLiteral']);

/**
 * Whether a test reads only a configuration flag: a name or member path (or its comparison with a
 * literal) that the file never assigns, rooted at `process.env` or at a top-level binding that is
 * not a Node built-in module (`cluster.isWorker` is the process's state, not a setting).
 */
export function isConfigurationTest(test: AnyNode | undefined, context: FlagContext): boolean {
  const node = unwrap(test);
  if (!node) return false;
  if (node.type === 'BinaryExpression' && EQUALITY_OPERATORS.has(String(node.operator))) {
    const left = unwrap(child(node, 'left'));
    const right = unwrap(child(node, 'right'));
    if (isLiteral(right)) return isConfigurationRead(left, context);
    return isLiteral(left) && isConfigurationRead(right, context);
  }
  return isConfigurationRead(node, context);
}

const isLiteral = (node: AnyNode | undefined): boolean =>
  node !== undefined &&
  LITERAL_TYPES.has(node.type) &&
  (node.type !== 'TemplateLiteral' || children(node, 'expressions').length === 0);

function isConfigurationRead(node: AnyNode | undefined, context: FlagContext): boolean {
  if (!node || (node.type !== 'Identifier' && !isMemberExpression(node))) return false;
  const path = memberPath(node);
  if (path === undefined || context.writes.has(path)) return false;
  const root = rootIdentifier(node);
  if (!root) return false;
  if (root.name === 'process') return path.startsWith('process.env.');
  return isTopLevelSetting(root, context);
}

/** A top-level binding: an import of a package or a local module, or a top-level constant. */
function isTopLevelSetting(root: AnyNode, context: FlagContext): boolean {
  const name = String(root.name);
  const resolution = context.resolve(root);
  if (resolution.kind === 'import') {
    const binding = context.imports.get(name);
    return binding === undefined || !isBuiltin(binding.source);
  }
  return resolution.kind === 'value' && topLevelBinding(context.program, name) === resolution.init;
}
