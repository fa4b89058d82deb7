/**
 * The edit at one call site: pass the signal in the callee's slot, as an option (`{ …, signal }`)
 * or as a positional argument, filling skipped optional arguments with `undefined`. Calls whose
 * shape hides where the signal would go (spread arguments, options built elsewhere) are left
 * alone with a reason rather than guessed at.
 */
import { ts } from 'ts-morph';
import { type AnalysisContext, type Binding } from './model.js';
import { appendToList, bracedCommaList, type TextEdit } from './text-edits.js';

export interface CallSlot {
  /** `property`: `signal` is a property of the options argument at `index`; `positional`: the argument itself. */
  readonly kind: 'property' | 'positional';
  readonly index: number;
  /** What to pass for a skipped argument before the slot; undefined when that argument is required. */
  readonly filler: (position: number) => string | undefined;
  /** Property slots: whether the declared property type takes `undefined` / `null` (matters with exactOptionalPropertyTypes). */
  readonly acceptsUndefined: boolean;
  readonly acceptsNull: boolean;
  /** Property slots: a string argument is an encoding and may become `{ encoding: 'utf8', signal }`. */
  readonly encodingShorthand: boolean;
  /** Property slots: an argument whose type requires a signal already carries one (`work(ctx)` with a MainContext). */
  readonly carriesSignal?: (argument: ts.Expression) => boolean;
}

export type CallEditOutcome =
  | { readonly kind: 'passed' }
  | { readonly kind: 'blocked'; readonly reason: string }
  | { readonly kind: 'edit'; readonly edit: TextEdit };

const isUndefinedLiteral = (node: ts.Expression): boolean => ts.isIdentifier(node) && node.text === 'undefined';

function hasSignalProperty(literal: ts.ObjectLiteralExpression): boolean {
  return literal.properties.some(
    (property) =>
      property.name !== undefined &&
      (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) &&
      property.name.text === 'signal',
  );
}

/** The `signal` member of an options object, written so it type-checks under the project's options. */
export function signalMember(binding: Binding, slot: CallSlot, ctx: AnalysisContext): string {
  const value = binding.expression;
  const guarded = ctx.types.exactOptionalPropertyTypes && binding.mayBeUndefined && !slot.acceptsUndefined;
  if (guarded && slot.acceptsNull) return `signal: ${value} ?? null`;
  const plain = value === 'signal' ? 'signal' : `signal: ${value}`;
  if (guarded) return `...(${value} ? { ${plain} } : {})`;
  return plain;
}

export function signalCallEdit(
  file: ts.SourceFile,
  call: ts.CallExpression,
  slot: CallSlot,
  binding: Binding,
  ctx: AnalysisContext,
): CallEditOutcome {
  const args = call.arguments;
  const spread = args.findIndex((arg) => ts.isSpreadElement(arg));
  if (spread !== -1 && spread <= slot.index)
    return { kind: 'blocked', reason: 'a spread argument hides where the signal would go' };
  const value = slot.kind === 'positional' ? binding.expression : `{ ${signalMember(binding, slot, ctx)} }`;
  const existing = args[slot.index];
  if (existing) {
    const arg = skipParentheses(existing);
    if (slot.kind === 'positional') {
      return isUndefinedLiteral(arg)
        ? { kind: 'edit', edit: { start: existing.getStart(file), end: existing.getEnd(), text: value } }
        : { kind: 'passed' };
    }
    if (ts.isObjectLiteralExpression(arg)) {
      if (hasSignalProperty(arg)) return { kind: 'passed' };
      if (arg.properties.some((property) => ts.isSpreadAssignment(property))) {
        return {
          kind: 'blocked',
          reason: `its options spread another object, which may already carry a signal: add \`signal\` where that object is built`,
        };
      }
      return {
        kind: 'edit',
        edit: appendToList(file, bracedCommaList(file, arg, arg.properties), signalMember(binding, slot, ctx)),
      };
    }
    if (isUndefinedLiteral(arg))
      return { kind: 'edit', edit: { start: existing.getStart(file), end: existing.getEnd(), text: value } };
    if (slot.encodingShorthand && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
      return {
        kind: 'edit',
        edit: {
          start: existing.getStart(file),
          end: existing.getEnd(),
          text: `{ encoding: ${arg.getText(file)}, ${signalMember(binding, slot, ctx)} }`,
        },
      };
    }
    if (slot.carriesSignal?.(arg)) return { kind: 'passed' };
    if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) {
      return {
        kind: 'blocked',
        reason: `its options are the string ${arg.getText(file)}: write them as an object with \`signal\` (not certainly safe without types)`,
      };
    }
    return {
      kind: 'blocked',
      reason: `its options are the expression \`${abbreviate(arg.getText(file))}\`: add \`signal\` where they are built`,
    };
  }
  const fillers: string[] = [];
  for (let position = args.length; position < slot.index; position++) {
    const filler = slot.filler(position);
    if (filler === undefined) return { kind: 'blocked', reason: `argument ${position + 1} is required and missing` };
    fillers.push(filler);
  }
  const text = [...fillers, value].join(', ');
  const closeStart = call.getEnd() - 1;
  return {
    kind: 'edit',
    edit: appendToList(
      file,
      { items: args, openEnd: args.pos, closeStart, separator: ',', separatorInItems: false, padEmpty: false },
      text,
    ),
  };
}

function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

export const abbreviate = (text: string): string => {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 37)}…` : line;
};
