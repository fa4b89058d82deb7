// Preloaded (`node --require`) by the `rules-typescript-5` test project: every `require('typescript')`
// and `require('typescript/…')` — typescript-eslint's parser, its project service, the rules' own
// lazy load — gets TypeScript 5 (the `typescript-5` dev dependency) instead of 6. The plugin's peer
// range spans both, and 6.0 renumbered `TypeFlags`, so the typed rule suites run under each.
const Module = require('node:module');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const redirected =
    request === 'typescript' || request.startsWith('typescript/') ? `typescript-5${request.slice(10)}` : request;
  return resolveFilename.call(this, redirected, ...rest);
};
