// The jscodeshift baseline for `fix --dry-run`: parse each file and print it back with recast,
// choosing the parser per extension as graceful-main does (ts, tsx; JavaScript with tsx, else babylon).
'use strict';

function parserFor(file) {
  if (/\.[cm]?ts$/.test(file)) return ['ts'];
  if (/\.tsx$/.test(file)) return ['tsx'];
  return ['tsx', 'babylon'];
}

module.exports = function parseAndPrint(file, api) {
  let lastError;
  for (const parser of parserFor(file.path)) {
    try {
      return api.jscodeshift.withParser(parser)(file.source).toSource();
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
};
