// A plain library module: no entrypoint, so `fix` leaves it alone.
import { setTimeout as sleep } from 'node:timers/promises';

export async function fetchReport(name) {
  await sleep(50); // stands in for a network call
  return `report for ${name}\n`;
}
