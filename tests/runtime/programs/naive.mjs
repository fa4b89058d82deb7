// Fixture: the naive handler `graceful-main` replaces. Exiting with a code instead of dying of the
// signal lets a calling shell script go on. Used to prove the bash test can tell the difference.
import { runMain } from './graceful-shutdown.mjs';

if (process.argv[2] === 'naive') {
  process.on('SIGINT', () => process.exit(130));
  setInterval(() => {}, 1 << 30);
  console.log('ready');
} else {
  runMain(async ({ shutdown }) => {
    const timer = setInterval(() => {}, 1 << 30);
    console.log('ready');
    await shutdown;
    clearInterval(timer);
  });
}
