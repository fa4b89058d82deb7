/** `no-unmanaged-promises` messages: one id per variant, data only names from the user's code. */

const UNHANDLED_ADVICE = 'await it, return it, pass it to track(), or end it with .catch(handler).';
const UNTRACKED = 'This promise runs in the background and shutdown will not wait for it';
const UNTRACKED_ADVICE = 'await it, or pass it to track() so the drain includes it.';

export const MESSAGES = {
  unhandled: `This promise floats and nothing handles its rejection: ${UNHANDLED_ADVICE}`,
  unhandledNonFunctionHandler: `This promise floats and nothing handles its rejection (a rejection handler that is not a function is ignored): ${UNHANDLED_ADVICE}`,
  untracked: `${UNTRACKED} (this file is an entrypoint): ${UNTRACKED_ADVICE}`,
  untrackedInMainContext: `${UNTRACKED} (a MainContext is in scope): ${UNTRACKED_ADVICE}`,
  untrackedAlways: `${UNTRACKED} (checkUntracked is "always"): ${UNTRACKED_ADVICE}`,
  unusedPromise:
    "'{{name}}' holds a promise that is never used afterwards: nothing awaits it, tracks it or handles its rejection.",
  undrainedCollection:
    "Promises are added to '{{name}}', but it is never awaited, passed to Promise.all/allSettled/race/any or tracked: shutdown cannot wait for them.",
  promiseArray:
    'An array of promises as a statement: nothing waits for them or handles their rejections. Await Promise.all(…) or allSettled(…), or track() each one.',
  droppedAsyncCallback:
    '{{callee}} ignores the promise this callback returns: its rejection goes unhandled and shutdown cannot wait for it.',
  suggestAwait: 'Add `await`.',
  suggestTrack: 'Pass it to `{{tracker}}(…)` so shutdown waits for it.',
  suggestVoid: 'Mark it as deliberately ignored with `void`.',
} as const;

export type MessageIds = keyof typeof MESSAGES;

/** Why an untracked promise is reported here: in an entrypoint, under a `MainContext`, or everywhere. */
export type UntrackedMessageId = 'untracked' | 'untrackedInMainContext' | 'untrackedAlways';
