/** The edits `require-signal-propagation` suggests: where `{ signal }` goes in a call (the table's placement). */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { type OptionsLocation, type SignalApi, placementAt } from '../../detection/signal-apis.js';
import type { SignalInScope } from '../../detection/signal-scope.js';
import { unwrapExpression } from './callee.js';

export type SuggestionIds = 'addSignal' | 'passOptions' | 'wrapOptions';

export function signalSuggestions(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression,
  api: SignalApi,
  location: OptionsLocation,
  signal: SignalInScope,
  /** Whether an options expression is an object (types only: `{ ...options, signal }` is then sensible). */
  isObjectLike: (expression: TSESTree.Node) => boolean,
): Array<TSESLint.SuggestionReportDescriptor<SuggestionIds>> {
  const placement = placementAt(api, location);
  const args = call.arguments;
  switch (placement.kind) {
    case 'add-property': {
      const object = unwrapExpression(args[placement.index]!);
      if (object.type !== 'ObjectExpression') return [];
      return [
        {
          messageId: 'addSignal',
          data: { property: signal.property },
          fix: (fixer) => addProperty(sourceCode, fixer, object, signal.property),
        },
      ];
    }
    case 'append-argument': {
      const text = [...placement.fillers, `{ ${signal.property} }`].join(', ');
      return [
        {
          messageId: 'passOptions',
          data: { text },
          fix: (fixer) => insertArguments(sourceCode, fixer, call, placement.index, text),
        },
      ];
    }
    case 'wrap-argument': {
      const argument = args[placement.index]!;
      const original = sourceCode.getText(argument);
      if (placement.property === undefined && !isObjectLike(argument)) return [];
      const text =
        placement.property === undefined
          ? `{ ...${original}, ${signal.property} }`
          : `{ ${placement.property}: ${original}, ${signal.property} }`;
      return [{ messageId: 'wrapOptions', data: { text }, fix: (fixer) => fixer.replaceText(argument, text) }];
    }
    default:
      return [];
  }
}

function addProperty(
  sourceCode: Readonly<TSESLint.SourceCode>,
  fixer: TSESLint.RuleFixer,
  object: TSESTree.ObjectExpression,
  property: string,
): TSESLint.RuleFix {
  const last = object.properties.at(-1);
  if (!last) return fixer.replaceText(object, `{ ${property} }`);
  const after = sourceCode.getTokenAfter(last);
  const trailingComma = after?.value === ',' ? after : undefined;
  const closing = sourceCode.getLastToken(object)!;
  if (last.loc.end.line < closing.loc.start.line) {
    // One property per line: keep the style.
    const line = sourceCode.lines[last.loc.start.line - 1] ?? '';
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    return trailingComma
      ? fixer.insertTextAfter(trailingComma, `\n${indent}${property},`)
      : fixer.insertTextAfter(last, `,\n${indent}${property}`);
  }
  return trailingComma
    ? fixer.insertTextAfter(trailingComma, ` ${property},`)
    : fixer.insertTextAfter(last, `, ${property}`);
}

function insertArguments(
  sourceCode: Readonly<TSESLint.SourceCode>,
  fixer: TSESLint.RuleFixer,
  call: TSESTree.CallExpression,
  index: number,
  text: string,
): TSESLint.RuleFix {
  const args = call.arguments;
  const before = args[index];
  if (before) return fixer.insertTextBefore(before, `${text}, `);
  const last = args.at(-1);
  if (last) return fixer.insertTextAfter(last, `, ${text}`);
  const open = sourceCode.getTokenAfter(call.typeArguments ?? call.callee, {
    filter: (token) => token.value === '(',
  })!;
  return fixer.insertTextAfter(open, text);
}
