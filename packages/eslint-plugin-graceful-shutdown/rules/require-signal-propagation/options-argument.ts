/**
 * Where a call's options are and whether they lack the signal: the table's position, refined with
 * types when the table alone cannot tell (variadic options, a first argument of unknown type).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  type ArgumentShape,
  type OptionsLocation,
  type SignalApi,
  locateOptions,
  objectLiteralSignal,
} from '../../detection/signal-apis.js';
import { anyNode } from '../estree-nodes.js';
import { calleeReportNode, unwrapExpression } from './callee.js';
import type { TypeInformation } from './type-information.js';

/** With types: refine a table location (variadic options, ambiguous first arguments). */
export function refineWithTypes(
  typed: TypeInformation | undefined,
  call: TSESTree.CallExpression,
  api: SignalApi,
  location: OptionsLocation,
  shapes: ArgumentShape[],
): { api: SignalApi; location: OptionsLocation } {
  if (!typed) return { api, location };
  if (location.kind !== 'ambiguous' && !(api.optionsIndex === 'last' && location.kind === 'absent'))
    return { api, location };
  const row = typed.signatureRow(call);
  if (!row || typeof row.optionsIndex !== 'number') return { api, location };
  if (api.optionsIndex === 'last') {
    const last = call.arguments.length - 1;
    return row.optionsIndex === last && location.kind === 'absent'
      ? { api, location: { kind: 'expression', index: last, shape: shapes[last]! } }
      : { api, location };
  }
  // The resolved overload says where the options are: no type dispatch left to guess. The
  // table's fillers stay: it leaves some out on purpose (`reduce(fn)`: an explicit
  // `undefined` initial value is not the same as none).
  const merged: SignalApi = {
    module: api.module,
    name: api.name,
    optionsIndex: row.optionsIndex,
    fillers: [...(api.fillers ?? [])],
    ...(api.stringOption === undefined ? {} : { stringOption: api.stringOption }),
  };
  return { api: merged, location: locateOptions(merged, shapes) };
}

/** The node to report when the options at `location` lack the signal; `undefined` when they have it or may. */
export function missingSignalNode(
  typed: TypeInformation | undefined,
  call: TSESTree.CallExpression,
  api: SignalApi,
  location: OptionsLocation,
): TSESTree.Node | undefined {
  switch (location.kind) {
    case 'absent':
      return calleeReportNode(call);
    case 'literal': {
      const argument = call.arguments[location.index]!;
      return literalLacksSignal(typed, unwrapExpression(argument)) ? argument : undefined;
    }
    case 'expression': {
      const argument = call.arguments[location.index]!;
      if (location.shape.kind === 'string') return api.stringOption !== undefined ? argument : undefined;
      if (!typed || location.shape.kind !== undefined) return undefined;
      return typed.mayCarrySignal(argument) ? undefined : argument;
    }
    default:
      return undefined;
  }
}

/** An options literal without `signal`; with a spread, only types can prove the spread lacks it. */
function literalLacksSignal(typed: TypeInformation | undefined, object: TSESTree.Node): boolean {
  if (object.type !== 'ObjectExpression') return false;
  const state = objectLiteralSignal(anyNode(object));
  if (state === 'present') return false;
  if (state === 'absent') return true;
  if (!typed) return false;
  if (object.properties.some((property) => property.type === 'Property' && property.computed)) return false;
  return !object.properties.some(
    (property) => property.type === 'SpreadElement' && typed.mayCarrySignal(property.argument),
  );
}
