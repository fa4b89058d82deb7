// Reference: ESLint with four rules that do nothing, subscribed to the same node types as our four
// (calls, members, comparisons, expression statements, declarators, …, Program enter/exit). It
// separates what ESLint itself costs for running any four rules from what our rules' work costs.
import { syntacticSources } from './typescript.mjs';

const noop = () => {};
const listeners = {
  'graceful/no-unmanaged-promises': {
    ExpressionStatement: noop,
    VariableDeclarator: noop,
    CallExpression: noop,
    UnaryExpression: noop,
  },
  'graceful/require-signal-cancellation': { CallExpression: noop, 'Program:exit': noop },
  'graceful/no-exit-before-drain': { CallExpression: noop, 'Program:exit': noop },
  'graceful/require-signal-propagation': {
    Program: noop,
    CallExpression: noop,
    MemberExpression: noop,
    BinaryExpression: noop,
    SwitchStatement: noop,
    'Program:exit': noop,
  },
};
const rules = Object.fromEntries(
  Object.entries(listeners).map(([id, listener]) => [
    id.split('/')[1],
    { meta: { type: 'problem', schema: [] }, create: () => ({ ...listener }) },
  ]),
);

export default [
  ...syntacticSources,
  {
    name: 'bench/noop-rules',
    plugins: { graceful: { rules } },
    rules: Object.fromEntries(Object.keys(listeners).map((id) => [id, 'error'])),
  },
];
