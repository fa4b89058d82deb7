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
 * - resources (`RESOURCES`): a string literal names one of the table's modules;
 * - signals in scope (`require-signal-propagation` without types): a name or property `signal`,
 *   or the helper's `MainContext` / `runMain`.
 *
 * Each is tested on the text and, when it has escapes, on the text with them decoded.
 */

import { GLOBAL_PROMISE_FUNCTIONS, NODE_PROMISE_APIS, PROMISE_INSTANCE_FACTORIES } from './promise-apis.js';
import { RESOURCE_MODULES } from './resources.js';

const ESCAPE = /\\(?:u|x|[0-7])/;
const ESCAPES = /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3}))/g;

// The four rules ask about the same text one after another: decode it once.
let lastText: string | undefined;
let lastDecoded: string | undefined;

/** The text with `\u`, `\u{…}`, `\x` and octal escapes decoded, or undefined when it has none. */
function decodedEscapes(text: string): string | undefined {
  if (text === lastText) return lastDecoded;
  let decoded: string | undefined;
  if (ESCAPE.test(text)) {
    decoded = text.replace(ESCAPES, (escape, braced?: string, unicode?: string, hex?: string, octal?: string) => {
      const code =
        braced !== undefined
          ? parseInt(braced, 16)
          : unicode !== undefined
            ? parseInt(unicode, 16)
            : hex !== undefined
              ? parseInt(hex, 16)
              : parseInt(octal!, 8);
      return code <= 0x10ffff ? String.fromCodePoint(code) : escape;
    });
    if (decoded === text) decoded = undefined;
  }
  lastText = text;
  lastDecoded = decoded;
  return decoded;
}

/**
 * `test` on the text, and again on the text with its escapes decoded: an escape can spell any
 * identifier (`\u0070rocess`) or string (`'\x53IGINT'`), and few files have one.
 */
function holds(text: string, test: (text: string) => boolean): boolean {
  if (test(text)) return true;
  const decoded = decodedEscapes(text);
  return decoded !== undefined && test(decoded);
}

/**
 * Literal words are tested with `includes`, not one regular expression of alternatives: V8 scans
 * a literal with a fast string search, an alternation tries every branch at every position.
 */
const includesAny = (text: string, words: readonly string[]): boolean => words.some((word) => text.includes(word));

const PROCESS_OBJECT = ['process', 'Deno'];
const EXIT_MEMBER = /exit|abort|kill/i;

/** Whether the file may end the process (`process.exit()`, `process.kill(process.pid)`, `Deno.exit()`, …). */
export function mayExitProcess(text: string): boolean {
  return holds(text, (t) => includesAny(t, PROCESS_OBJECT) && EXIT_MEMBER.test(t));
}

/** Whether the file may register a signal listener (`process.on('SIGINT', …)`, `Deno.addSignalListener('SIGTERM', …)`). */
export function mayListenForSignals(text: string): boolean {
  return holds(text, (t) => t.includes('SIG') && includesAny(t, PROCESS_OBJECT));
}

const lastName = (exportPath: string): string =>
  exportPath
    .split('.')
    .filter((part) => part !== '*')
    .pop()!;
const alternatives = (words: Iterable<string>): RegExp =>
  new RegExp([...new Set(words)].map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/**
 * Words without which no promise is recognised without types: `async`, `Promise`/`promisify`/
 * `promises` modules, a `.then`/`.catch`/`.finally` chain (`catch` and `finally` as members, not
 * the keywords), dynamic `import()`, and the global promise functions (`fetch`, `WebAssembly`,
 * `subtle` of `crypto.subtle.*`).
 */
const PROMISE_WORDS: readonly string[] = [
  ...new Set([
    'async',
    'romis',
    ...GLOBAL_PROMISE_FUNCTIONS.map((path) => (path.endsWith('.*') ? lastName(path) : path.split('.')[0]!)),
  ]),
];
const PROMISE_CHAIN_OR_IMPORT = /[.'"`]\s*(?:then|catch|finally)\b|import\s*\(/;

/**
 * Module APIs outside the `…/promises` modules: the import names the module, and the call names
 * the export (`assert.rejects`, `once` from `events`), so both must be in the text. A default
 * export (`node-fetch`) needs only the module.
 */
const PROMISE_MODULES: ReadonlyArray<{ readonly module: string; readonly names: RegExp | undefined }> = [
  ...Object.entries(NODE_PROMISE_APIS).filter(([module]) => !module.includes('promises')),
  ...PROMISE_INSTANCE_FACTORIES.filter((row) => !row.module.includes('promises')).map(
    (row) => [row.module, row.methods] as const,
  ),
].map(([module, exports]) => ({
  module: module.split('/')[0]!,
  names: exports.includes('default') ? undefined : alternatives(exports.map(lastName)),
}));

const ANY_PROMISE_MODULE = alternatives(PROMISE_MODULES.map((row) => row.module));

/** Whether a promise may be recognised in the file without types (`no-unmanaged-promises`). */
export function mayProducePromise(text: string): boolean {
  return holds(
    text,
    (t) =>
      includesAny(t, PROMISE_WORDS) ||
      PROMISE_CHAIN_OR_IMPORT.test(t) ||
      (ANY_PROMISE_MODULE.test(t) &&
        PROMISE_MODULES.some(({ module, names }) => t.includes(module) && (names === undefined || names.test(t)))),
  );
}

/** Whether an AbortSignal may be in scope somewhere in the file, judged without types. */
export function mayHaveSignalInScope(text: string): boolean {
  return holds(text, (t) => /signal|MainContext|runMain/i.test(t));
}

/** A table module as a string literal (`'pg'`, `"node:worker_threads"`, `` `mysql2/promise` ``): imports and requires name it so. */
const RESOURCE_SPECIFIER = new RegExp(`['"\`](?:node:)?(?:${alternatives(RESOURCE_MODULES).source})['"\`/]`);

/** Whether the file may import a module of the resource table (`require-resource-close`). */
export function mayOpenResource(text: string): boolean {
  return holds(text, (t) => RESOURCE_SPECIFIER.test(t));
}
