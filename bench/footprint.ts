/**
 * `npm run bench:footprint`: what each package adds to an ESLint + typescript-eslint project, from
 * a real `npm install` of its packed tarball into a scratch project (bench/lib/footprint.ts). The
 * plugin's target is at most 10 packages and 5 MB (tests/package/footprint.test.ts holds it there).
 * Extra arguments are other tarballs to measure the same way, e.g. an older release to compare with:
 *   npm run bench:footprint -- /path/to/eslint-plugin-graceful-shutdown-0.1.0.tgz
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CLI_DIR,
  PLUGIN_DIR,
  eslintProjectBaseline,
  measureFootprint,
  megabytes,
  packWorkspace,
} from './lib/footprint.js';

const PLUGIN_LIMIT = { packages: 10, megabytes: 5 };

const temp = mkdtempSync(path.join(tmpdir(), 'graceful-shutdown-footprint-'));
try {
  const baseline = eslintProjectBaseline();
  const plugin = packWorkspace(PLUGIN_DIR, path.join(temp, 'tarballs')).tarball;
  const cli = packWorkspace(CLI_DIR, path.join(temp, 'tarballs')).tarball;
  const rows: [string, readonly string[]][] = [
    ['eslint-plugin-graceful-shutdown', [plugin]],
    ['eslint-plugin-graceful-shutdown + graceful-shutdown-cli', [plugin, cli]],
    ...process.argv
      .slice(2)
      .map((tarball): [string, readonly string[]] => [path.basename(tarball), [path.resolve(tarball)]]),
  ];
  console.log(`scratch project: ${baseline.join(' ')}`);
  rows.forEach(([label, tarballs], index) => {
    const footprint = measureFootprint(path.join(temp, `project-${index}`), baseline, tarballs);
    if (index === 0)
      console.log(`  before: ${footprint.before.packages} packages, ${megabytes(footprint.before.bytes)} MB`);
    console.log(
      `  + ${label}: +${footprint.addedPackages} packages, +${megabytes(footprint.addedBytes)} MB` +
        (index === 0 ? ` (target: at most ${PLUGIN_LIMIT.packages} packages, ${PLUGIN_LIMIT.megabytes} MB)` : ''),
    );
  });
} finally {
  rmSync(temp, { recursive: true, force: true });
}
