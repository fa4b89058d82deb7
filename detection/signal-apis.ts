/**
 * THE table of APIs that accept an AbortSignal, with the exact position of the options argument
 * that carries it. Used by `require-signal-propagation` (reports and suggestions) and by the
 * `thread-signal` codemod (edits). Extend rows here, never in a rule or a codemod.
 */
import { type AnyNode } from './ast.js';
import { type ImportMap } from './imports.js';

export interface SignalApi {
  /** Normalised module (`fs/promises`, `events`), or `global` for globals such as `fetch`, or `method` for instance methods. */
  readonly module: string;
  /** The export (or global / method name): `readFile`, `once`, `scheduler.wait`, `pipeTo`. */
  readonly name: string;
  /** Index of the options argument that takes `{ signal }`; `'last'` for variadic APIs (`pipeline`). */
  readonly optionsIndex: number | 'last';
  /** Values to pass for skipped optional arguments before the options (`setTimeout(ms)` → `setTimeout(ms, undefined, { signal })`). */
  readonly fillers?: readonly string[];
}

export const SIGNAL_APIS: readonly SignalApi[] = [];

/** The table row a call matches, if any. */
export declare function findSignalApi(call: AnyNode, imports: ImportMap): SignalApi | undefined;
