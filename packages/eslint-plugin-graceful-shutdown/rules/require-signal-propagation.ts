/**
 * `require-signal-propagation` (docs/architecture.md §5): an AbortSignal that never reaches the work cannot
 * cancel it. Reports calls to APIs that accept a signal (the shared table in
 * `detection/signal-apis.ts`; with `typeAware`, any callee whose options type has a `signal`
 * accepting an AbortSignal) made without the signal that is in scope. The analyses live in
 * `require-signal-propagation/`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberPath } from '../detection/syntax/ast.js';
import { programImports } from '../detection/imports.js';
import {
  type OptionsLocation,
  type SignalApi,
  type SignalApiReceiver,
  SIGNAL_APIS,
  argumentShape,
  findSignalApi,
  isBlockingApi,
  isBlockingName,
  locateOptions,
  signalApiKey,
} from '../detection/signal-apis.js';
import { type SignalInScope, createSignalScope } from '../detection/signal-scope.js';
import { mayHaveSignalInScope } from '../detection/text-hints.js';
import { anyNode, estreeNode } from './estree-nodes.js';
import { createRule } from './create-rule.js';
import { eslintScopeResolver } from './eslint-scope.js';
import { calleeLabel, calleeMethod } from './require-signal-propagation/callee.js';
import {
  carriesRequestSignal,
  isOwnedByCall,
  isSignalMachinery,
  isStoppedByHand,
} from './require-signal-propagation/exemptions.js';
import type { PropagationFile } from './require-signal-propagation/file.js';
import { missingSignalNode, refineWithTypes } from './require-signal-propagation/options-argument.js';
import { type SuggestionIds, signalSuggestions } from './require-signal-propagation/suggestions.js';
import { createTypeInformation } from './require-signal-propagation/type-information.js';
import { requireTypeInformation } from './type-information.js';

export const RULE_NAME = 'require-signal-propagation';

type MessageIds = 'missingSignal' | SuggestionIds;

/** An extra table row, as written in the rule options (same fields as `SignalApi`). */
interface ApiOption {
  module: string;
  name: string;
  optionsIndex: number | 'last';
  fillers?: string[];
  optionsFrom?: number;
  callback?: boolean;
  stringOption?: string;
  receiver?: SignalApiReceiver;
}

export interface RuleOptions {
  apis: ApiOption[];
  ignore: string[];
  typeAware: boolean;
}

type Options = [RuleOptions];

/** Event listeners take `{ signal }` too, but removing a listener at shutdown is not cancelling work. */
const LISTENER_REGISTRATIONS = new Set(['addEventListener', 'removeEventListener']);

/** A call that should get the signal in scope, and where its options are. */
interface Finding {
  readonly api: SignalApi;
  readonly location: OptionsLocation;
  readonly signal: SignalInScope;
  readonly node: TSESTree.Node;
}

/** `ignore` names a callee as written (`fsp.readFile`), by name (`readFile`), or by table key (`fs/promises#readFile`). */
function isIgnored(ignore: ReadonlySet<string>, call: TSESTree.CallExpression, api: SignalApi | undefined): boolean {
  if (ignore.size === 0) return false;
  const path = memberPath(anyNode(call.callee));
  const last = path?.split('.').pop() ?? calleeMethod(call);
  if ((path !== undefined && ignore.has(path)) || (last !== undefined && ignore.has(last))) return true;
  return api !== undefined && (ignore.has(signalApiKey(api)) || ignore.has(api.name));
}

/**
 * Cheap questions first (the table, `ignore`), then the signal in scope, then — with types,
 * for calls not in the table — the callee's signature. Asking types about every callee
 * first costs more than the scope search: typing a callee types its receiver (in JavaScript,
 * whole CommonJS modules), while the scope search types each enclosing function's parameters
 * once per function and runs after the traversal, when other typed rules have filled the
 * checker's caches.
 */
function missingSignal(
  file: PropagationFile,
  ignore: ReadonlySet<string>,
  call: TSESTree.CallExpression,
): Finding | undefined {
  const { typed } = file;
  if (call.callee.type === 'Super') return undefined;
  const row = findSignalApi(anyNode(call), file.imports, file.lookup);
  if (row ? isBlockingApi(row) || isIgnored(ignore, call, row) : !typed || isIgnored(ignore, call, undefined))
    return undefined;
  if (!row && LISTENER_REGISTRATIONS.has(calleeMethod(call) ?? '')) return undefined;
  const signal = file.scope.find(anyNode(call), file.sourceCode.getAncestors(call).map(anyNode));
  if (!signal || isSignalMachinery(call, signal)) return undefined;
  const found = row ?? typed?.signatureRow(call);
  if (!found) return undefined;
  // Found by its signature only: a synchronous helper whose options type happens to have `signal` starts nothing.
  if (!row && typed?.startsWork(call) === false) return undefined;
  if (isOwnedByCall(file, call) || carriesRequestSignal(file, call, found) || isStoppedByHand(file, call))
    return undefined;
  // A callee found by its signature, or a library's `*Sync` row added in `apis`: types tell whether it blocks.
  if (typed && (!row || isBlockingName(row.name.split('.').pop()!)) && typed.isBlockingCall(call)) return undefined;
  const shapes = call.arguments.map((argument) => (typed ? typed.shape(argument) : argumentShape(anyNode(argument))));
  const { api, location } = row
    ? refineWithTypes(typed, call, row, locateOptions(row, shapes), shapes)
    : { api: found, location: locateOptions(found, shapes) };
  const node = missingSignalNode(typed, call, api, location);
  return node && { api, location, signal, node };
}

export default createRule<Options, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the AbortSignal in scope to be passed to APIs that accept one',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      missingSignal:
        '`{{callee}}` accepts an AbortSignal but does not get `{{signal}}`: shutdown cannot cancel this work.',
      addSignal: 'Add `{{property}}` to the options.',
      passOptions: 'Pass `{{text}}`.',
      wrapOptions: 'Pass `{{text}}` as the options.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          apis: {
            type: 'array',
            description:
              "Extra APIs that accept `{ signal }`, in the shared table's row format (`module`, `name`, `optionsIndex`, …).",
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['module', 'name', 'optionsIndex'],
              properties: {
                module: {
                  type: 'string',
                  description:
                    "Module specifier as imported (without `node:`), `global`, or `method` for any receiver's method.",
                },
                name: {
                  type: 'string',
                  description: 'Export path (`request`, `Client.request`, `default`), global name, or method name.',
                },
                optionsIndex: {
                  anyOf: [
                    { type: 'integer', minimum: 0 },
                    { type: 'string', enum: ['last'] },
                  ],
                  description:
                    'Position of the options argument when every optional argument before it is written; `last` for variadic APIs.',
                },
                fillers: {
                  type: 'array',
                  items: { type: 'string' },
                  description: 'Texts for the optional arguments right before the options when they are missing.',
                },
                optionsFrom: {
                  type: 'integer',
                  minimum: 0,
                  description:
                    'Earliest position the options may take when optional arguments before them are left out.',
                },
                callback: {
                  type: 'boolean',
                  description: 'A trailing function argument is a callback that stays last.',
                },
                stringOption: {
                  type: 'string',
                  description: 'The option a string in the options position stands for (`encoding`).',
                },
                receiver: {
                  type: 'string',
                  enum: ['readable', 'readline'],
                  description: 'For `method` rows: how the receiver must have been created.',
                },
              },
            },
          },
          ignore: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Callees never reported: as written (`fsp.readFile`), by name (`readFile`), or by table key (`fs/promises#readFile`).',
          },
          typeAware: {
            type: 'boolean',
            description:
              'Use type information: any callee whose options parameter has a `signal` accepting an AbortSignal, and options passed as variables. Requires type information for every linted file.',
          },
        },
      },
    ],
    defaultOptions: [{ apis: [], ignore: [], typeAware: false }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const typed = options.typeAware ? createTypeInformation(requireTypeInformation(RULE_NAME, context)) : undefined;
    // Without types, every signal in scope is named in the text: skip files that cannot have one.
    if (!typed && !mayHaveSignalInScope(sourceCode.text)) return {};
    const ignore = new Set(options.ignore);
    // Fed by this rule's listeners, so it never walks the tree itself. Calls are checked on
    // `Program:exit`, when every process listener registration in the file has been seen.
    const scope = createSignalScope(anyNode(sourceCode.ast), typed?.hooks, {
      parentOf: (node) => {
        const parent = estreeNode(node).parent;
        return parent && anyNode(parent);
      },
    });
    const file: PropagationFile = {
      sourceCode,
      imports: new Map(),
      // The file's import map is filled on `Program`, before any name is resolved.
      lookup: {
        apis: options.apis.length > 0 ? [...SIGNAL_APIS, ...options.apis] : SIGNAL_APIS,
        resolve: eslintScopeResolver(sourceCode, () => file.imports),
      },
      scope,
      typed,
    };
    const collect = (node: TSESTree.Node): void => scope.collect(anyNode(node));
    const calls: TSESTree.CallExpression[] = [];

    function report(call: TSESTree.CallExpression, { api, location, signal, node }: Finding): void {
      const isObjectLike = (expression: TSESTree.Node): boolean => typed?.isObjectLike(expression) ?? false;
      context.report({
        node,
        messageId: 'missingSignal',
        data: { callee: calleeLabel(call), signal: signal.expression },
        suggest: signalSuggestions(sourceCode, call, api, location, signal, isObjectLike),
      });
    }

    return {
      Program(program) {
        file.imports = programImports(anyNode(program));
      },
      CallExpression(call) {
        collect(call);
        calls.push(call);
      },
      FunctionDeclaration: collect,
      MemberExpression: collect,
      BinaryExpression: collect,
      SwitchStatement: collect,
      'Program:exit'() {
        for (const call of calls) {
          const finding = missingSignal(file, ignore, call);
          if (finding) report(call, finding);
        }
      },
    };
  },
});
