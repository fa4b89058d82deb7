/**
 * Textual edits: every change thread-signal makes is an insertion or a small replacement at a
 * position of the ORIGINAL text, so untouched code is never re-printed, edits from different
 * groups can be applied or left out independently, and reverting is "apply fewer edits".
 */
import { ts } from 'ts-morph';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Applies non-overlapping edits (positions in `text`); edits at the same position keep their order. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || a.order - b.order);
  let out = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.start < cursor) throw new Error(`thread-signal: overlapping edits at ${edit.start}`);
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** The file's own line ending (CRLF files stay CRLF). */
export const lineEnding = (text: string): string => (/\r\n/.test(text) ? '\r\n' : '\n');

/** The indentation of the line that `position` is on. */
export function indentationAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

const lineOf = (text: string, position: number): number => {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

export interface ListShape {
  /** The existing items (arguments, parameters, properties, type members). */
  readonly items: readonly ts.Node[];
  /** Position just after the opening bracket. */
  readonly openEnd: number;
  /** Position of the closing bracket. */
  readonly closeStart: number;
  /** The item separator: `,` for argument / parameter / property lists, `;` for type members. */
  readonly separator: ',' | ';';
  /** Type members carry their own `;`/`,` inside their node; lists of expressions do not. */
  readonly separatorInItems: boolean;
  /** Pad a new item in an empty single-line list with spaces: `{ signal }` but `f(signal)`. */
  readonly padEmpty: boolean;
}

/**
 * The edit that appends `item` to a bracketed list, in the list's own style: on a new line with
 * the last item's indentation when the list is one item per line, keeping a trailing comma;
 * inline otherwise.
 */
export function appendToList(file: ts.SourceFile, list: ListShape, item: string): TextEdit {
  const text = file.text;
  const last = list.items[list.items.length - 1];
  if (!last) {
    const inner = text.slice(list.openEnd, list.closeStart);
    if (inner.includes('\n')) {
      const eol = lineEnding(text);
      const indent = indentationAt(text, list.closeStart);
      const unit = /\t/.test(indent) ? '\t' : '  ';
      const terminator = list.separatorInItems ? list.separator : '';
      return {
        start: list.openEnd,
        end: list.closeStart,
        text: `${eol}${indent}${unit}${item}${terminator}${eol}${indent}`,
      };
    }
    return { start: list.openEnd, end: list.closeStart, text: list.padEmpty ? ` ${item} ` : item };
  }
  const lastEnd = last.getEnd();
  const multiline = lineOf(text, last.getStart(file)) !== lineOf(text, list.closeStart);
  if (list.separatorInItems) {
    const ownSeparator = /[;,]$/.test(last.getText(file));
    const separator = ownSeparator ? last.getText(file).slice(-1) : list.separator;
    if (multiline) {
      // Members one per line without separators (`a: string⏎b: number`) stay that way.
      const separatorless = !list.items.some((member) => /[;,]$/.test(member.getText(file)));
      const lead = ownSeparator || separatorless ? '' : separator;
      const terminator = ownSeparator ? separator : '';
      return {
        start: lastEnd,
        end: lastEnd,
        text: `${lead}${lineEnding(text)}${indentationAt(text, last.getStart(file))}${item}${terminator}`,
      };
    }
    return {
      start: lastEnd,
      end: lastEnd,
      text: `${ownSeparator ? '' : separator} ${item}${ownSeparator ? separator : ''}`,
    };
  }
  // A trailing comma after the last item (`a,\n)`): the new item goes after it and keeps one.
  const after = text.slice(lastEnd, list.closeStart);
  const trailingComma = /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*,/.exec(after);
  if (multiline) {
    const insertAt = trailingComma ? lastEnd + trailingComma[0].length : lastEnd;
    const indent = indentationAt(text, last.getStart(file));
    return {
      start: insertAt,
      end: insertAt,
      text: `${trailingComma ? '' : ','}${lineEnding(text)}${indent}${item}${trailingComma ? ',' : ''}`,
    };
  }
  return { start: lastEnd, end: lastEnd, text: `, ${item}` };
}

/** The comma-separated list between a node's own first and last characters: `{ a, b }` patterns, object literals, named imports. */
export const bracedCommaList = (file: ts.SourceFile, node: ts.Node, items: readonly ts.Node[]): ListShape => ({
  items,
  openEnd: node.getStart(file) + 1,
  closeStart: node.getEnd() - 1,
  separator: ',',
  separatorInItems: false,
  padEmpty: true,
});

/** The positions just after `(` and at `)` of a call's or a function's list, found by token. */
export function bracketPositions(
  file: ts.SourceFile,
  node: ts.Node,
  brackets: Brackets,
): { openEnd: number; closeStart: number } | undefined {
  const tokens = node.getChildren(file);
  const openToken = tokens.find((token) => token.kind === brackets.open);
  const closeToken = [...tokens].reverse().find((token) => token.kind === brackets.close);
  if (!openToken || !closeToken) return undefined;
  return { openEnd: openToken.getEnd(), closeStart: closeToken.getStart(file) };
}

export interface Brackets {
  readonly open: ts.SyntaxKind;
  readonly close: ts.SyntaxKind;
}

export const PAREN = { open: ts.SyntaxKind.OpenParenToken, close: ts.SyntaxKind.CloseParenToken } as const;
export const BRACE = { open: ts.SyntaxKind.OpenBraceToken, close: ts.SyntaxKind.CloseBraceToken } as const;
