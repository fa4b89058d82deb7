/**
 * Whether a resource `require-resource-close` found is closed on the shutdown path, escapes to
 * code that may close it, or stays open (docs/architecture.md §5).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import {
  type AnyNode,
  type ImportMap,
  type ResourceRow,
  child,
  INSTALLS_SHUTDOWN_HANDLING,
  propertyName,
  resolveReference,
  resourceRow,
  shutdownLibrary,
  stringValue,
  unwrap,
  walk,
} from '../../detection/index.js';
import { anyNode } from '../estree-nodes.js';
import { lastName, type ShutdownPath } from './shutdown-path.js';

/** One resource the file opens where the rule looks. */
export interface Opened {
  readonly row: ResourceRow;
  /** Reported node: the variable's identifier, or the creating call. */
  readonly node: TSESTree.Node;
  /** The creating expression. */
  readonly creation: TSESTree.Node;
  /** What the close is called on: the variable, or the module (`mongoose`). */
  readonly target: string;
  readonly variable: TSESLint.Scope.Variable | undefined;
  readonly underMainContext: boolean;
}

export type Verdict = 'open' | 'closed' | 'escaped';

/** What the verdicts need to know about the file. */
export interface VerdictFile {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly program: AnyNode;
  readonly imports: ImportMap;
  readonly shutdownPath: ShutdownPath;
}

const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

export function verdictOf(file: VerdictFile, item: Opened): Verdict {
  if (item.row.closesOnModule && moduleClosed(file, item.row)) return 'closed';
  const own = item.variable ? variableVerdict(file, item.variable, item.row) : 'open';
  if (own !== 'open') return own;
  return ownerVerdict(file, item) === 'open' ? 'open' : 'closed';
}

function variableVerdict(file: VerdictFile, variable: TSESLint.Scope.Variable, row: ResourceRow): Verdict {
  const declarator: TSESTree.Node | undefined = variable.defs[0]?.node;
  if (declarator?.parent?.type === 'VariableDeclaration') {
    const declaration = declarator.parent;
    if (declaration.kind === 'using' || declaration.kind === 'await using') return 'closed';
    if (declaration.parent.type === 'ExportNamedDeclaration') return 'escaped';
  }
  let verdict: Verdict = 'open';
  for (const reference of variable.references) {
    if (reference.init || (reference.isWrite() && !reference.isRead())) continue;
    const found = referenceVerdict(file, reference, row);
    if (found === 'escaped') return 'escaped';
    if (found === 'closed') verdict = 'closed';
  }
  return verdict;
}

/** What one reference of the resource's variable does with it. */
function referenceVerdict(file: VerdictFile, reference: TSESLint.Scope.Reference, row: ResourceRow): Verdict | 'use' {
  const id: TSESTree.Node = reference.identifier;
  const parent = id.parent;
  if (!parent) return 'use';
  if (parent.type !== 'MemberExpression' || parent.object !== id) return valueVerdict(file, id, row);
  const method = propertyName(anyNode(parent));
  if (method === undefined) return 'use';
  if (row.selfClosing?.includes(method) || row.releasedBy?.includes(method)) return 'closed';
  if (row.close.includes(method)) return file.shutdownPath.includes(parent) ? 'closed' : 'use';
  const call = parent.parent;
  if (call.type !== 'CallExpression') return 'use';
  if (LISTEN_METHODS.has(method) && row.endEvents?.includes(stringValue(anyNode(call.arguments[0] ?? call)) ?? ''))
    return 'closed';
  // `new Server(port, await client.connect())`: the value `connect()` resolves to is the client itself.
  if (row.returnsItself?.includes(method) && call.callee === parent)
    return valueVerdict(file, call.parent.type === 'AwaitExpression' ? call.parent : call, row);
  return 'use';
}

/** What the code does with the resource's value (the variable, or what a method returning it gives). */
function valueVerdict(file: VerdictFile, id: TSESTree.Node, row: ResourceRow): Verdict | 'use' {
  const parent = id.parent;
  if (!parent) return 'use';
  // Handed to an object it now belongs to (`new Server(port, pool)`): its owner may close it.
  if (parent.type === 'NewExpression' && parent.arguments.some((arg) => arg === id)) return 'escaped';
  const call = argumentOf(id);
  if (call) return argumentVerdict(file, call, row);
  if (
    parent.type === 'ReturnStatement' ||
    parent.type === 'ExportSpecifier' ||
    parent.type === 'ArrayExpression' ||
    parent.type === 'Property' ||
    parent.type === 'ArrowFunctionExpression' ||
    (parent.type === 'AssignmentExpression' && parent.right === id) ||
    (parent.type === 'VariableDeclarator' && parent.init === id)
  )
    return 'escaped';
  return 'use';
}

/** The resource handed to a call: a shutdown library, something that waits for its end, or a closer. */
function argumentVerdict(file: VerdictFile, call: TSESTree.CallExpression, row: ResourceRow): Verdict | 'use' {
  const callee = anyNode(call.callee);
  const binding = resolveReference(callee, file.imports);
  if (binding && shutdownLibrary(binding.source, binding.imported)) return 'closed';
  const name = lastName(callee) ?? '';
  if (INSTALLS_SHUTDOWN_HANDLING.test(name)) return 'closed';
  // `once(child, 'exit')`: the program waits for it to end by itself.
  if (name === 'once' && row.endEvents?.includes(stringValue(anyNode(call.arguments[1] ?? call)) ?? ''))
    return 'closed';
  // `closeServer(server)`, or a function of the program's own, that gets it on the shutdown path.
  return file.shutdownPath.includes(call) ? 'closed' : 'use';
}

/** The call an expression is an argument of, directly or inside object/array literals. */
function argumentOf(node: TSESTree.Node): TSESTree.CallExpression | undefined {
  let current: TSESTree.Node = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return undefined;
    if (parent.type === 'CallExpression' && parent.arguments.some((arg) => arg === current)) return parent;
    if (
      parent.type === 'ArrayExpression' ||
      parent.type === 'ObjectExpression' ||
      parent.type === 'SpreadElement' ||
      (parent.type === 'Property' && parent.value === current)
    ) {
      current = parent;
      continue;
    }
    return undefined;
  }
}

/** `mongoose.disconnect()` anywhere on the shutdown path. */
function moduleClosed(file: VerdictFile, row: ResourceRow): boolean {
  let closed = false;
  walk(file.program, (node) => {
    if (closed) return false;
    if (node.type !== 'MemberExpression') return undefined;
    const binding = resolveReference(node, file.imports);
    if (binding && row.modules.includes(binding.source) && row.close.includes(binding.imported))
      closed = file.shutdownPath.includes(node);
    return undefined;
  });
  return closed;
}

/** An amqplib channel is closed with its connection. */
function ownerVerdict(file: VerdictFile, item: Opened): Verdict {
  if (!item.row.closedWith) return 'open';
  let call = unwrap(anyNode(item.creation));
  if (call?.type === 'AwaitExpression') call = unwrap(child(call, 'argument'));
  const owner = call ? unwrap(child(unwrap(child(call, 'callee')) ?? call, 'object')) : undefined;
  if (owner?.type !== 'Identifier' || typeof owner.name !== 'string') return 'escaped';
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(item.creation), owner.name);
  const ownerRow = resourceRow(item.row.closedWith);
  return variable && ownerRow ? variableVerdict(file, variable, ownerRow) : 'escaped';
}
