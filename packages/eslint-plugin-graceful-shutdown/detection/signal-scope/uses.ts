/**
 * What a file's nodes say about names, gathered in one pass (the tool's traversal, or one walk of
 * our own on first need): calls on a member (process listener registrations, `.kill(name)`),
 * `x.signal` members by `x`, nodes that use a name as a signal *name*, and plain calls with the
 * file's function declarations, to follow a name handed to a local function.
 */
import {
  type AnyNode,
  child,
  children,
  isCallExpression,
  isMemberExpression,
  keyName,
  propertyName,
  stringValue,
  unwrap,
  walkWithAncestors,
} from '../syntax/ast.js';

/** Uses of `x.signal` that only make sense for an AbortSignal: evidence that `x` carries one. */
const ABORT_SIGNAL_MEMBERS = new Set([
  'aborted',
  'reason',
  'throwIfAborted',
  'addEventListener',
  'removeEventListener',
  'onabort',
]);

const EQUALITY_OPERATORS = new Set(['===', '!==', '==', '!=']);

const identifierName = (node: AnyNode | undefined): unknown => {
  const target = unwrap(node);
  return target?.type === 'Identifier' ? target.name : undefined;
};

function addUse(index: Map<string, AnyNode[]>, name: unknown, node: AnyNode): void {
  if (typeof name !== 'string') return;
  const list = index.get(name);
  if (list) list.push(node);
  else index.set(name, [node]);
}

export class SignalUses {
  /** Calls on a member: process listener registrations among them. */
  private readonly memberCallList: AnyNode[] = [];
  private readonly signalMembers = new Map<string, AnyNode[]>();
  private readonly signalNameUses = new Map<string, AnyNode[]>();
  /** `killTree(pid, signal)`: calls of a plain name. */
  private readonly plainCalls: AnyNode[] = [];
  private readonly functionDeclarations = new Map<string, AnyNode[]>();
  private readonly parents = new WeakMap<AnyNode, AnyNode>();
  private walked: boolean;
  readonly parentOf: (node: AnyNode) => AnyNode | undefined;

  /** With `parentOf`, the tool's traversal feeds `collect`; without it, the file is walked on first need. */
  constructor(
    private readonly program: AnyNode,
    parentOf: ((node: AnyNode) => AnyNode | undefined) | undefined,
  ) {
    this.walked = parentOf !== undefined;
    this.parentOf = parentOf ?? ((node) => this.parents.get(node));
  }

  collect(node: AnyNode): void {
    if (node.type === 'FunctionDeclaration') {
      const id = child(node, 'id');
      if (id?.type === 'Identifier') addUse(this.functionDeclarations, id.name, node);
    } else if (isCallExpression(node)) {
      this.collectCall(node);
    } else if (isMemberExpression(node)) {
      if (propertyName(node) === 'signal') addUse(this.signalMembers, identifierName(child(node, 'object')), node);
    } else if (node.type === 'BinaryExpression') {
      // `signal === 'SIGINT'`
      if (!EQUALITY_OPERATORS.has(String(node.operator))) return;
      const left = child(node, 'left');
      const right = child(node, 'right');
      if (stringValue(unwrap(right)) !== undefined) addUse(this.signalNameUses, identifierName(left), node);
      if (stringValue(unwrap(left)) !== undefined) addUse(this.signalNameUses, identifierName(right), node);
    } else if (node.type === 'SwitchStatement') {
      // `switch (signal) { case 'SIGINT': … }`
      if (children(node, 'cases').some((c) => stringValue(unwrap(child(c, 'test'))) !== undefined))
        addUse(this.signalNameUses, identifierName(child(node, 'discriminant')), node);
    }
  }

  private collectCall(node: AnyNode): void {
    const callee = unwrap(child(node, 'callee'));
    if (callee?.type === 'Identifier') this.plainCalls.push(node);
    if (!callee || !isMemberExpression(callee)) return;
    this.memberCallList.push(node);
    // `process.kill(pid, signal)`, `child.kill(signal)`
    if (propertyName(callee) === 'kill')
      for (const arg of children(node, 'arguments')) addUse(this.signalNameUses, identifierName(arg), node);
  }

  /** Without a traversal of the tool's: one walk of the file, on first need. */
  private ensureCollected(): void {
    if (this.walked) return;
    this.walked = true;
    walkWithAncestors(this.program, (node, ancestors) => {
      const parent = ancestors.at(-1);
      if (parent) this.parents.set(node, parent);
      this.collect(node);
    });
  }

  memberCalls(): readonly AnyNode[] {
    this.ensureCollected();
    return this.memberCallList;
  }

  ancestorsOf(node: AnyNode): AnyNode[] {
    const ancestors: AnyNode[] = [];
    for (let at = this.parentOf(node); at; at = this.parentOf(at)) ancestors.push(at);
    return ancestors.reverse();
  }

  /** Whether `node` is `container` or inside it. */
  private within(node: AnyNode, container: AnyNode): boolean {
    for (let at: AnyNode | undefined = node; at; at = this.parentOf(at)) if (at === container) return true;
    return false;
  }

  /** Whether `x.signal` is used like an AbortSignal somewhere inside `fn` (evidence that `x` carries one). */
  usesSignalMember(fn: AnyNode, name: string): boolean {
    this.ensureCollected();
    const body = child(fn, 'body') ?? fn;
    return (this.signalMembers.get(name) ?? []).some((node) => {
      const parent = this.parentOf(node);
      if (!parent || !this.within(node, body)) return false;
      // `{ signal: ctx.signal }`
      if ((parent.type === 'Property' || parent.type === 'ObjectProperty') && child(parent, 'value') === node) {
        if (keyName(parent) === 'signal') return true;
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
  usedAsSignalName(fn: AnyNode, name: string, depth = 0): boolean {
    this.ensureCollected();
    const body = child(fn, 'body') ?? fn;
    if ((this.signalNameUses.get(name) ?? []).some((node) => this.within(node, body))) return true;
    if (depth >= 2) return false;
    return this.plainCalls.some((call) => {
      if (!this.within(call, body)) return false;
      const index = children(call, 'arguments').findIndex((arg) => identifierName(arg) === name);
      if (index < 0) return false;
      const callee = identifierName(child(call, 'callee'));
      const declarations = typeof callee === 'string' ? this.functionDeclarations.get(callee) : undefined;
      if (declarations?.length !== 1 || declarations[0] === fn) return false;
      const param = children(declarations[0]!, 'params')[index];
      return param?.type === 'Identifier' && this.usedAsSignalName(declarations[0]!, String(param.name), depth + 1);
    });
  }
}
