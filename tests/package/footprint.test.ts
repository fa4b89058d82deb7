// The plugin's weight in a user's project (issue #17): installed from its packed tarball into an
// ESLint + typescript-eslint project, it adds at most 10 packages and 5 MB. A real `npm install`
// into a scratch project, offline from the npm cache when it can be (bench/lib/footprint.ts;
// `npm run bench:footprint` prints the same figures for both packages).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PLUGIN_DIR,
  eslintProjectBaseline,
  measureFootprint,
  megabytes,
  packWorkspace,
} from '../../bench/lib/footprint.js';
import { ensureBuilt } from '../cli/helpers.js';

const temp = mkdtempSync(path.join(tmpdir(), 'graceful-shutdown-footprint-'));

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('the plugin installed into an ESLint + typescript-eslint project', () => {
  it('adds at most 10 packages and 5 MB', () => {
    ensureBuilt();
    const { tarball } = packWorkspace(PLUGIN_DIR, temp);
    const footprint = measureFootprint(path.join(temp, 'project'), eslintProjectBaseline(), [tarball]);
    const figures = `+${footprint.addedPackages} packages, +${megabytes(footprint.addedBytes)} MB`;
    // The baseline is a real project: a measurement that saw nothing installed would prove nothing.
    expect(footprint.before.packages, figures).toBeGreaterThan(50);
    expect(footprint.addedPackages, figures).toBeGreaterThanOrEqual(1);
    expect(footprint.addedPackages, figures).toBeLessThanOrEqual(10);
    expect(footprint.addedBytes, figures).toBeLessThanOrEqual(5_000_000);
  }, 900_000);
});
