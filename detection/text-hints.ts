/**
 * Cheap necessary conditions on a file's text, so a rule can return no listeners for a file that
 * cannot contain what it reports: ESLint then dispatches no node to it, which on ordinary library
 * code is most of a rule's cost. Each test is a superset of what the detection below it
 * recognises (a false "maybe" costs time, a false "no" would hide a finding), and each sits next
 * to the knowledge it summarises:
 *
 * - exits (`exitCallOf`, `isExitReference`): `process.exit`/`reallyExit`/`abort`/`kill`, the same
 *   names imported from `node:process`, `Deno.exit`: the text names `process` or `Deno`, and the
 *   member;
 * - signal listeners (`isProcessListenerCall` + `isSignalName`): the callee names `process` or
 *   `Deno`, and the event is a string literal in this file starting with `SIG`;
 * - promises (`NODE_PROMISE_APIS`, `GLOBAL_PROMISE_FUNCTIONS`, async functions, promise chains);
 * - signals in scope (`require-signal-propagation` without types): a name or property `signal`,
 *   or the helper's `MainContext` / `runMain`.
 *
 * A `\u` escape can spell any identifier or string, and `\x` / octal escapes any string, so their
 * presence always answers "maybe".
 */

import { GLOBAL_PROMISE_FUNCTIONS, NODE_PROMISE_APIS, PROMISE_INSTANCE_FACTORIES } from './promise-apis.js';

const IDENTIFIER_ESCAPE = /\\u/;
const STRING_ESCAPE = /\\[ux0-7]/;
const PROCESS_OBJECT = /process|Deno/;

/** Whether the file may end the process (`process.exit()`, `process.kill(process.pid)`, `Deno.exit()`, …). */
export function mayExitProcess(text: string): boolean {
  return (PROCESS_OBJECT.test(text) && /exit|abort|kill/i.test(text)) || IDENTIFIER_ESCAPE.test(text);
}

/** Whether the file may register a signal listener (`process.on('SIGINT', …)`, `Deno.addSignalListener('SIGTERM', …)`). */
export function mayListenForSignals(text: string): boolean {
  return (PROCESS_OBJECT.test(text) || IDENTIFIER_ESCAPE.test(text)) && (text.includes('SIG') || STRING_ESCAPE.test(text));
}

/**
 * Words without which no promise is recognised without types: `async`, `Promise`/`promisify`/
 * `promises` modules, a `.then`/`.catch`/`.finally` chain (`catch` and `finally` as members, not
 * the keywords), dynamic `import()`, and the modules and globals of the promise API tables.
 */
const PROMISE_HINT = new RegExp(
  [
    'async',
    'romis',
    '[.\'"`]\\s*(?:then|catch|finally)\\b',
    'import\\s*\\(',
    ...new Set([
      ...Object.keys(NODE_PROMISE_APIS).filter((module) => !module.includes('promises')).map((module) => module.split('/')[0]!.replace(/^node-/, '')),
      ...PROMISE_INSTANCE_FACTORIES.map((row) => row.module).filter((module) => !module.includes('promises')),
      ...GLOBAL_PROMISE_FUNCTIONS.map((path) => path.split('.')[0]!),
    ]),
  ].join('|'),
);

/** Whether a promise may be recognised in the file without types (`no-unmanaged-promises`). */
export function mayProducePromise(text: string): boolean {
  return PROMISE_HINT.test(text) || IDENTIFIER_ESCAPE.test(text);
}

/** Whether an AbortSignal may be in scope somewhere in the file, judged without types. */
export function mayHaveSignalInScope(text: string): boolean {
  return /signal|MainContext|runMain/i.test(text) || IDENTIFIER_ESCAPE.test(text);
}
