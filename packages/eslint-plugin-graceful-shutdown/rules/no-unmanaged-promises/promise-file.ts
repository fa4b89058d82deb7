/**
 * What every analysis of `no-unmanaged-promises` reads about the file being linted, built once
 * in `create`: the rule context, the options, name resolution and the promise predicates.
 */
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import type { EntrypointResult } from '../../detection/entrypoint.js';
import { trackerList } from '../../detection/main-context.js';
import type { PromisePredicates, PromiseScope } from '../../detection/promise-apis.js';
import { fileEntrypoint } from '../file-entrypoint.js';
import type { MessageIds } from './messages.js';
import type { NoUnmanagedPromisesOptions, ResolvedOptions } from './options.js';
import { noPromiseProof } from './no-promise-proof.js';
import { promisePredicates } from './predicates.js';
import { promiseScope } from './promise-scope.js';
import { type TypedPredicates, typedPredicates } from './typed-predicates.js';

export type RuleContext = Readonly<TSESLint.RuleContext<MessageIds, [NoUnmanagedPromisesOptions]>>;

export interface PromiseFile {
  readonly context: RuleContext;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly options: ResolvedOptions;
  /** The default trackers plus the configured ones. */
  readonly trackers: readonly string[];
  readonly scope: PromiseScope;
  readonly predicates: PromisePredicates;
  /** With `typeAware: true`: the type checker's answers. */
  readonly typed: TypedPredicates | undefined;
  /** Where top-level `await` is legal (the `await` suggestion). */
  readonly isModule: boolean;
  variableOf(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null;
  /** The entrypoint verdict: lazily, once per file, only when something untracked was found. */
  entrypoint(): EntrypointResult;
}

export function promiseFile(
  context: RuleContext,
  options: ResolvedOptions,
  services: ParserServicesWithTypeInformation | undefined,
): PromiseFile {
  const { sourceCode } = context;
  const scope = promiseScope(sourceCode);
  const trackers = trackerList(options.trackers);
  const typed = services
    ? typedPredicates(
        services,
        options,
        noPromiseProof({
          sourceCode,
          javaScript: /\.[cm]?jsx?$/i.test(context.filename),
          topLevelIsPrivate: isModuleToTypeScript(services, sourceCode.ast),
        }),
      )
    : undefined;
  return {
    context,
    sourceCode,
    options,
    trackers,
    scope,
    predicates: promisePredicates(options, trackers, scope, typed),
    typed,
    isModule:
      sourceCode.ast.sourceType === 'module' &&
      context.languageOptions.sourceType !== 'commonjs' &&
      !/\.c[jt]s$/i.test(context.filename),
    variableOf: (identifier) => ASTUtils.findVariable(sourceCode.getScope(identifier), identifier),
    entrypoint: fileEntrypoint(context),
  };
}

/**
 * Whether TypeScript reads the file as a module (ES or CommonJS), whose top-level names are its own;
 * a script's are globals that every other script of the program shares.
 */
function isModuleToTypeScript(services: ParserServicesWithTypeInformation, program: TSESTree.Program): boolean {
  const sourceFile = services.esTreeNodeToTSNodeMap.get(program) as {
    externalModuleIndicator?: unknown;
    commonJsModuleIndicator?: unknown;
  };
  return sourceFile.externalModuleIndicator !== undefined || sourceFile.commonJsModuleIndicator !== undefined;
}

/** `compute(file)` once per linted file, kept beside the analysis that needs it. */
export function perFile<T>(compute: (file: PromiseFile) => T): (file: PromiseFile) => T {
  const values = new WeakMap<PromiseFile, { readonly value: T }>();
  return (file) => {
    let memo = values.get(file);
    if (!memo) {
      memo = { value: compute(file) };
      values.set(file, memo);
    }
    return memo.value;
  };
}
