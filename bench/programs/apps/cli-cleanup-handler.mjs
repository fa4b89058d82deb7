#!/usr/bin/env node
// A CLI with the Ctrl+C handler many tools write: say so, remove the partial file, exit 130.
// Nobody interrupts it in the harness: after `fix` it must print and leave exactly what it did.
import { rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const partial = 'result.txt.partial';

async function main() {
  writeFileSync(partial, 'half');
  await sleep(Number(process.argv[2] ?? 0));
  rmSync(partial);
  writeFileSync('result.txt', 'done\n');
  console.log('done');
}

process.on('SIGINT', () => {
  console.error('interrupted: removing the partial result');
  rmSync(partial, { force: true });
  process.exit(130);
});

main();
