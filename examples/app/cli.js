#!/usr/bin/env node
// Writes a report file for each name given: `node cli.js alice bob`.
import { appendFile, writeFile } from 'node:fs/promises';
import { fetchReport } from './lib/reports.js';

async function main() {
  const names = process.argv.slice(2);
  for (const name of names) {
    const report = await fetchReport(name);
    writeFile(`${name}.txt`, report); // floating: nothing waits for the write
  }
  appendFile('runs.log', `${names.join(' ')}\n`); // floating, and its failure is an unhandled rejection
}

// Hides the error, and exits while writes may still be in flight.
main().catch(() => process.exit(1));
