/** How a callee reads in a message. */
import { type AnyNode, child, isCallExpression, isMemberExpression, memberPath, propertyName, unwrap } from './ast.js';

/** `a.b(…).c` → 'a.b(…).c', for messages; long or dynamic parts become '…'. */
export function calleeText(node: AnyNode | undefined, depth = 0): string {
  const target = unwrap(node);
  if (!target || depth > 4) return '…';
  const path = memberPath(target);
  if (path !== undefined) return path;
  if (isMemberExpression(target))
    return `${calleeText(child(target, 'object'), depth + 1)}.${propertyName(target) ?? '[…]'}`;
  if (isCallExpression(target)) return `${calleeText(child(target, 'callee'), depth + 1)}(…)`;
  if (target.type === 'NewExpression') return `new ${calleeText(child(target, 'callee'), depth + 1)}(…)`;
  return '…';
}
