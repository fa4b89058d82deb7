// Test preload: says on stderr when the program installs its SIGINT listener, so a test can send
// Ctrl+C once the program is ready for it instead of after a guessed delay.
'use strict';
const original = process.on;
process.on = function on(event, listener) {
  const result = original.call(this, event, listener);
  if (event === 'SIGINT') {
    process.on = original;
    process.stderr.write('test-preload: SIGINT listener installed\n');
  }
  return result;
};
