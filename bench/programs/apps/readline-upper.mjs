#!/usr/bin/env node
// A stdin-driven CLI: upper-cases each line it reads, then prints the count.
import { createInterface } from 'node:readline';

const lines = createInterface({ input: process.stdin });
let count = 0;
for await (const line of lines) {
  count += 1;
  console.log(`${count}: ${line.toUpperCase()}`);
}
console.log(`${count} lines`);
