/**
 * Reading a source file as the codemod and the detectors need it: UTF-8 text without its BOM,
 * or a one-line reason why the file is skipped (binary, another encoding, a directory, a symlink
 * loop). The BOM and the line ending are remembered so a rewrite can put them back.
 */
import { readFileSync, statSync } from 'node:fs';

export type SourceFile =
  | { readonly kind: 'text'; readonly text: string; readonly bom: boolean; readonly eol: '\n' | '\r\n' }
  | { readonly kind: 'skip'; readonly reason: string };

/** Larger sources are bundles or generated code, not entrypoints anyone edits by hand. */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Why a file system error means "skip this file" rather than "the run failed". */
export function skipReasonFor(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'ENOENT':
      return 'does not exist (broken symbolic link?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'path too long';
    default:
      return undefined;
  }
}

/** The dominant line ending: CRLF only when every line break is one. */
export function lineEnding(text: string): '\n' | '\r\n' {
  const crlf = text.split('\r\n').length - 1;
  if (crlf === 0) return '\n';
  const lf = text.split('\n').length - 1;
  return crlf === lf ? '\r\n' : '\n';
}

/** Classifies raw bytes: UTF-8 text, or the reason it is not. */
export function decodeSource(bytes: Uint8Array): SourceFile {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { kind: 'skip', reason: 'UTF-16 encoded (only UTF-8 is supported)' };
  }
  // Text never holds NUL; checking the first 8 KiB is what git does to call a file binary.
  if (bytes.subarray(0, 8192).includes(0)) return { kind: 'skip', reason: 'binary file' };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { kind: 'skip', reason: 'not valid UTF-8' };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  return { kind: 'text', text, bom, eol: lineEnding(text) };
}

export function readSource(file: string): SourceFile {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { kind: 'skip', reason: 'is a directory' };
    if (!stat.isFile()) return { kind: 'skip', reason: 'not a regular file' };
    if (stat.size > MAX_SOURCE_BYTES)
      return { kind: 'skip', reason: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB (generated code?)` };
    return decodeSource(readFileSync(file));
  } catch (error) {
    const reason = skipReasonFor(error);
    if (reason !== undefined) return { kind: 'skip', reason };
    throw error;
  }
}

/**
 * The bytes to write for a rewritten source: the original's BOM and, for a CRLF file, CRLF line
 * endings (recast prints `\n`; a CRLF file must not come back with mixed endings).
 */
export function encodeSource(text: string, original: { readonly bom: boolean; readonly eol: '\n' | '\r\n' }): string {
  let out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (original.eol === '\r\n') out = out.replace(/\r?\n/g, '\r\n');
  return original.bom ? `\ufeff${out}` : out;
}
