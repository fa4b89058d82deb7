/** Shared builders for the `no-unmanaged-promises` RuleTester suites (syntactic and type-aware). */
import type { TestCaseError } from '@typescript-eslint/rule-tester';
import type { MessageIds } from '../../rules/no-unmanaged-promises.js';

export const lines = (...source: string[]): string => source.join('\n');

/** `text` with the single occurrence of `from` replaced by `to` (fails loudly when `from` is missing or repeated). */
export function replaceOnce(text: string, from: string, to: string): string {
  const index = text.indexOf(from);
  if (index === -1 || text.indexOf(from, index + 1) !== -1) throw new Error(`expected exactly one ${JSON.stringify(from)} in:\n${text}`);
  return text.slice(0, index) + to + text.slice(index + from.length);
}

/** `code` with the single occurrence of `from` on line `line` (1-based) replaced by `to`. */
export function replaceOnLine(code: string, line: number, from: string, to: string): string {
  const source = code.split('\n');
  source[line - 1] = replaceOnce(source[line - 1] ?? '', from, to);
  return source.join('\n');
}

type Suggestion = NonNullable<TestCaseError<MessageIds>['suggestions']>[number];
/** `await` / `void`, `['track', 'ctx.track']`, or a suggestion written out. */
export type SuggestionSpec = 'await' | 'void' | readonly ['track', string] | Suggestion;

function suggestion(code: string, line: number, text: string, spec: SuggestionSpec): Suggestion {
  if (typeof spec === 'object' && !Array.isArray(spec)) return spec as Suggestion;
  const voided = text.startsWith('void ');
  const inner = voided ? text.slice(5) : text;
  if (spec === 'await') return { messageId: 'suggestAwait', output: replaceOnLine(code, line, text, voided ? `await ${inner}` : `await ${text}`) };
  if (spec === 'void') return { messageId: 'suggestVoid', output: replaceOnLine(code, line, text, `void ${text}`) };
  const [, tracker] = spec as readonly ['track', string];
  return { messageId: 'suggestTrack', data: { tracker }, output: replaceOnLine(code, line, text, `${tracker}(${inner})`) };
}

/**
 * An expected `unhandled` / `untracked` report on `text` (the floating expression as written, unique
 * on its line) at `line`, with its suggestions (defaults: `await` + `void` for unhandled, `await` for untracked).
 */
export function floating(
  messageId: 'unhandled' | 'untracked',
  line: number,
  code: string,
  text: string,
  suggestions: readonly SuggestionSpec[] = messageId === 'unhandled' ? ['await', 'void'] : ['await'],
): TestCaseError<MessageIds> {
  return { messageId, line, suggestions: suggestions.map((spec) => suggestion(code, line, text, spec)) };
}

export const unhandled = (line: number, code: string, text: string, suggestions?: readonly SuggestionSpec[]): TestCaseError<MessageIds> =>
  floating('unhandled', line, code, text, suggestions);

export const untracked = (line: number, code: string, text: string, suggestions?: readonly SuggestionSpec[]): TestCaseError<MessageIds> =>
  floating('untracked', line, code, text, suggestions);

export const error = (messageId: MessageIds, line: number, column?: number): TestCaseError<MessageIds> =>
  column === undefined ? { messageId, line } : { messageId, line, column };
