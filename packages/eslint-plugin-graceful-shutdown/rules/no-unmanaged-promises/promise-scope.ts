/** The detection layer's `PromiseScope` over ESLint's scope analysis, built once per file. */
import type { TSESLint } from '@typescript-eslint/utils';
import { propertyName } from '../../detection/syntax/ast.js';
import { type ImportMap, programImports } from '../../detection/imports.js';
import {
  type PromiseScope,
  classHasAsyncMethod,
  classMethod,
  objectHasAsyncMethod,
  objectMethod,
} from '../../detection/promise-apis.js';
import { eslintScopeResolver } from '../eslint-scope.js';
import { anyNode, estreeNode } from '../estree-nodes.js';
import { asyncMemberNamesIn } from './async-member-names.js';
import { thisOwner } from './this-owner.js';

export function promiseScope(sourceCode: Readonly<TSESLint.SourceCode>): PromiseScope {
  let imports: ImportMap | undefined;
  let asyncMemberNames: Set<string> | undefined;
  const scope: PromiseScope = {
    get imports() {
      return (imports ??= programImports(anyNode(sourceCode.ast)));
    },
    mayBeAsyncMember: (name) => (asyncMemberNames ??= asyncMemberNamesIn(sourceCode.text)).has(name),
    resolve: eslintScopeResolver(sourceCode, () => scope.imports),
    isAsyncThisMethod(member) {
      const name = propertyName(member);
      const owner = name === undefined ? undefined : thisOwner(estreeNode(member));
      if (name === undefined || !owner) return false;
      return owner.kind === 'object'
        ? objectHasAsyncMethod(anyNode(owner.node), name)
        : classHasAsyncMethod(anyNode(owner.node), name, owner.isStatic, scope.resolve);
    },
    thisMethod(member) {
      const name = propertyName(member);
      const owner = name === undefined ? undefined : thisOwner(estreeNode(member));
      if (name === undefined || !owner) return undefined;
      return owner.kind === 'object'
        ? objectMethod(anyNode(owner.node), name)
        : classMethod(anyNode(owner.node), name, owner.isStatic, scope.resolve);
    },
  };
  return scope;
}
