/** Shared builders for the `no-unmanaged-promises` RuleTester suites (syntactic and type-aware). */
import type { TestCaseError } from '@typescript-eslint/rule-tester';
import type { MessageIds } from '../../packages/eslint-plugin-graceful-shutdown/rules/no-unmanaged-promises.js';

/** `text` with the single occurrence of `from` replaced by `to` (fails loudly when `from` is missing or repeated). */
export function replaceOnce(text: string, from: string, to: string): string {
  const index = text.indexOf(from);
  if (index === -1 || text.indexOf(from, index + 1) !== -1)
    throw new Error(`expected exactly one ${JSON.stringify(from)} in:\n${text}`);
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
  if (spec === 'await')
    return {
      messageId: 'suggestAwait',
      output: replaceOnLine(code, line, text, voided ? `await ${inner}` : `await ${text}`),
    };
  if (spec === 'void') return { messageId: 'suggestVoid', output: replaceOnLine(code, line, text, `void ${text}`) };
  const [, tracker] = spec as readonly ['track', string];
  return {
    messageId: 'suggestTrack',
    data: { tracker },
    output: replaceOnLine(code, line, text, `${tracker}(${inner})`),
  };
}

/**
 * An expected `unhandled*` / `untracked*` report on `text` (the floating expression as written, unique
 * on its line) at `line`, with its suggestions (defaults: `await` + `void` for unhandled, `await` for untracked).
 */
type FloatingMessageId =
  'unhandled' | 'unhandledNonFunctionHandler' | 'untracked' | 'untrackedInMainContext' | 'untrackedAlways';

export function floating(
  messageId: FloatingMessageId,
  line: number,
  code: string,
  text: string,
  suggestions: readonly SuggestionSpec[] = messageId.startsWith('unhandled') ? ['await', 'void'] : ['await'],
): TestCaseError<MessageIds> {
  return { messageId, line, suggestions: suggestions.map((spec) => suggestion(code, line, text, spec)) };
}

export const unhandled = (
  line: number,
  code: string,
  text: string,
  suggestions?: readonly SuggestionSpec[],
): TestCaseError<MessageIds> => floating('unhandled', line, code, text, suggestions);

/** Unhandled although a rejection handler is written: it is not a function, so it is ignored. */
export const unhandledNonFunctionHandler = (
  line: number,
  code: string,
  text: string,
  suggestions?: readonly SuggestionSpec[],
): TestCaseError<MessageIds> => floating('unhandledNonFunctionHandler', line, code, text, suggestions);

/** Untracked in an entrypoint. */
export const untracked = (
  line: number,
  code: string,
  text: string,
  suggestions?: readonly SuggestionSpec[],
): TestCaseError<MessageIds> => floating('untracked', line, code, text, suggestions);

export const untrackedInMainContext = (
  line: number,
  code: string,
  text: string,
  suggestions?: readonly SuggestionSpec[],
): TestCaseError<MessageIds> => floating('untrackedInMainContext', line, code, text, suggestions);

export const untrackedAlways = (
  line: number,
  code: string,
  text: string,
  suggestions?: readonly SuggestionSpec[],
): TestCaseError<MessageIds> => floating('untrackedAlways', line, code, text, suggestions);

export const error = (messageId: MessageIds, line: number, column?: number): TestCaseError<MessageIds> =>
  column === undefined ? { messageId, line } : { messageId, line, column };

/** Odd syntax the rule must survive (JS, TS, decorators, `using`, private names, …); line numbers matter to the tests. */
export const grabBag = `#!/usr/bin/env node
import def, * as ns from './x.js';
import json from './data.json' with { type: 'json' };
export * as all from './y.js';
export { default as other } from './z.js';
declare module "m" { export function f(): Promise<void>; }
namespace N { export const x = 1; }
enum E { A, B = A + 1 }
abstract class Base<T> { abstract run(): Promise<T>; declare x: number; #secret = 1; static #count = 0; get v() { return this.#secret; } set v(x) {} accessor a = 1; static { Base.#count++; } }
class Derived extends Base<number> { async run() { return super.constructor.length; } async go() { await this.run(); this.#m(); } #m() {} }
@decorator class Decorated { @field() prop = 1; method(@param() p: number) { return p; } }
function overload(a: string): void;
function overload(a: number): void;
async function overload(a: unknown) { await a; }
overload(1);
label: for (const [k, v] of Object.entries({})) { if (k) continue label; else break label; }
for await (const chunk of ns.stream()) {}
for (let i = 0, j = 1; i < j; i++, j--) {}
for (const key in globalThis) {}
switch (def) { case 1: { const x = fetch("x").catch(() => {}); break; } default: }
try { throw new Error("x"); } catch { } finally { }
try {} catch ({ message }) { void message; }
const { a = 1, ...rest } = ns as any, [b, , c = 2, ...more] = [] as any[];
let x1 = a ?? b ?? c, x2 = a?.b?.[c]?.(), x3 = a! as unknown as string satisfies string;
x1 ||= "a"; x2 &&= 1; x3 ??= "c";
const tagged = String.raw\`a\${1}b\`, tpl = \`\${\`\${1}\`}\`;
const re = /a(?<name>b)/dgsuy, big = 10n ** 2n, sep = 1_000_000;
const gen = function* () { yield* [1]; }, agen = async function* () { yield await 1; };
const obj = { async *[Symbol.asyncIterator]() {}, get g() { return 1; }, set s(v: number) {}, ["computed" + 1]: 1, __proto__: null, async method() {} };
obj.method?.().then?.(() => {}).catch?.(() => {});
new.target; import.meta.url; (0, eval)("1");
using res = { [Symbol.dispose]() {} };
async function withUsing() { await using r = { async [Symbol.asyncDispose]() {} }; }
const arrow = async <T,>(x: T): Promise<T> => x;
type T1 = Awaited<ReturnType<typeof arrow>>; interface I { m(): Promise<void>; }
let fn: typeof arrow<number>;
const inst = new (class { async m() {} })();
inst.m().catch(() => {});
(function () { "use strict"; })();
"use strict";
if (a) b(); else if (c) d(); else { e(); }
do { a++; } while (a < 10);
while (false) {}
with_: { }
delete (obj as any).x; typeof a; void 0; !a; -a; +a; ~a;
a = b = c;
[a, b] = [b, a];
({ a, b } = { a: 1, b: 2 });
a++, --b;
exportsHelper?.();
((a)) ? ((b)) : ((c));
const jsxLike = <T,>(x: T) => x;
export default class { async m() { this.m; } }`;
