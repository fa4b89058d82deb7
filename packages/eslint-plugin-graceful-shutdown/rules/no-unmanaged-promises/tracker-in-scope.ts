/** The tracker a floating promise can be handed to where it floats (the `track` suggestion, docs/architecture.md §4). */
import type { TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { isFunctionNode } from '../../detection/syntax/ast.js';
import { providesMainContext } from '../../detection/main-context.js';
import { anyNode } from '../estree-nodes.js';
import type { PromiseFile } from './promise-file.js';
import { thisOwner } from './this-owner.js';

/** The tracker callable here: a destructured `track`, `ctx.track` on a MainContext parameter, or a tracker name in scope. */
export function trackerInScope(file: PromiseFile, node: TSESTree.Node): string | undefined {
  const ancestors = file.sourceCode.getAncestors(node);
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const fn = ancestors[i]!;
    const parent = ancestors[i - 1];
    if (!isFunction(fn) || !providesMainContext(anyNode(fn), parent && anyNode(parent))) continue;
    const tracker = trackerParameter(file, fn);
    if (tracker !== undefined) return tracker;
  }
  const here = file.sourceCode.getScope(node);
  return file.trackers.find((tracker) => {
    const root = tracker.split('.')[0]!;
    return root === 'this' ? thisOwner(node)?.kind === 'class' : ASTUtils.findVariable(here, root) !== null;
  });
}

const isFunction = (node: TSESTree.Node): node is TSESTree.FunctionLike => isFunctionNode(anyNode(node));

/** `ctx.track` for a context parameter `ctx`, or the local name of a destructured tracker (`{ track }`). */
function trackerParameter(file: PromiseFile, fn: TSESTree.FunctionLike): string | undefined {
  for (const raw of fn.params) {
    const param =
      raw.type === 'AssignmentPattern' ? raw.left : raw.type === 'TSParameterProperty' ? raw.parameter : raw;
    if (param.type === 'Identifier') return `${param.name}.track`;
    if (param.type !== 'ObjectPattern') continue;
    for (const property of param.properties) {
      if (
        property.type !== 'Property' ||
        property.key.type !== 'Identifier' ||
        !file.trackers.includes(property.key.name)
      )
        continue;
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (value.type === 'Identifier') return value.name;
    }
  }
  return undefined;
}
