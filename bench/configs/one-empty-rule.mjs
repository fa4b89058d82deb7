// Reference: ESLint with one rule that has no listeners at all. Against parse-only it shows what
// ESLint charges for enabling any rule (see bench/gc-promotion.ts).
import { syntacticSources } from './typescript.mjs';

const rules = { empty: { meta: { type: 'problem', schema: [] }, create: () => ({}) } };

export default [
  ...syntacticSources,
  { name: 'bench/one-empty-rule', plugins: { reference: { rules } }, rules: { 'reference/empty': 'error' } },
];
