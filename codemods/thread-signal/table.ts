/**
 * The shared table of signal-accepting APIs (`detection/signal-apis.ts`), applied to ts-morph's
 * TypeScript nodes: placeholder until the table module is complete.
 */
import { type ts } from 'ts-morph';
import { type CallSlot } from './call-edits.js';
import { type AnalysisContext } from './model.js';

export function tableSlot(_call: ts.CallExpression, _ctx: AnalysisContext, _declaration: ts.Declaration | undefined): (CallSlot & { via: 'table' }) | undefined {
  return undefined;
}
