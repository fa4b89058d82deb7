/**
 * A listener registered while a signal is being handled is the forced exit on the next signal,
 * also when the first signal's work is a callback handed to a helper that registers the listeners
 * (serve's `registerCloseListener(() => { …; process.on('SIGINT', () => exit(0)) })`, found by the
 * precision harness).
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/no-exit-before-drain.js';

const ruleTester = new RuleTester();

const REGISTER = `const registerCloseListener = (fn) => {
  let run = false;
  const wrapper = () => {
    if (!run) {
      run = true;
      fn();
    }
  };
  process.on('SIGINT', wrapper);
  process.on('SIGTERM', wrapper);
};`;

const onExitOnly = `const onExit = (fn) => process.on('exit', () => fn());
onExit(() => {
  process.on('SIGINT', () => process.exit(0));
});`;

const helperThatDoesNotListen = `const later = (fn) => setTimeout(() => fn(), 10);
later(() => {
  process.on('SIGINT', () => process.exit(0));
});`;

/** ts-node-dev's child wrapper: Node's default exit, only when the program has no SIGTERM listener of its own. */
const DEFAULT_WHEN_ALONE = `process.on('SIGTERM', function () {
  if (process.listeners('SIGTERM').length === 1) process.exit(0);
});`;

ruleTester.run('no-exit-before-drain: second signal through a registering helper; exits only when alone', rule, {
  valid: [
    DEFAULT_WHEN_ALONE,
    `process.on('SIGTERM', () => {
  if (process.listenerCount('SIGTERM') <= 1) {
    console.log('no other SIGTERM listener: exiting');
    process.exit(0);
  }
});`,
    `${REGISTER}
registerCloseListener(() => {
  console.info('Gracefully shutting down. Please wait...');
  server.close();
  process.on('SIGINT', () => {
    console.warn('Force-closing all open sockets...');
    process.exit(0);
  });
});`,
    // The callback is a named function handed to the helper.
    `${REGISTER}
function onClose() {
  server.close();
  process.on('SIGINT', () => process.exit(1));
}
registerCloseListener(onClose);`,
  ],
  invalid: [
    // The count is asked, but the exit does not depend on it.
    {
      code: `process.on('SIGTERM', () => {
  console.log(process.listenerCount('SIGTERM'));
  process.exit(0);
});`,
      errors: [{ messageId: 'exitInSignalListener', line: 3, suggestions: [] }],
    },
    // The helper runs the callback on `exit`, not on a signal: the SIGINT listener is the first one.
    {
      code: onExitOnly,
      errors: [{ messageId: 'exitInSignalListener', line: 3, suggestions: [] }],
    },
    // A helper that only defers the callback: the SIGINT listener is the first one.
    {
      code: helperThatDoesNotListen,
      errors: [{ messageId: 'exitInSignalListener', line: 3, suggestions: [] }],
    },
  ],
});
