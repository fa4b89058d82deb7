/**
 * Published programs installed with their dependencies (`npm install`, install scripts off) into a
 * cache folder, once: bench/programs runs them, so a tarball (bench/lib/npm-pack.ts) is not enough.
 * The first run needs the npm registry; later runs are offline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PinnedPackage } from './npm-pack.js';

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[\w.]+)?$/;

/**
 * `npm install`s exactly these packages (and their dependencies, install scripts off) into
 * `dir/node_modules`, once: a stamp file records what was installed, so later runs are offline.
 * Returns `dir/node_modules`.
 */
export function installPinned(dir: string, packages: readonly PinnedPackage[], log: (line: string) => void): string {
  for (const pkg of packages)
    if (!EXACT_VERSION.test(pkg.version))
      throw new Error(`${pkg.name}: '${pkg.version}' is not an exact version (pin one, e.g. 1.2.3)`);
  const specs = packages.map((pkg) => `${pkg.name}@${pkg.version}`).sort();
  const stamp = path.join(dir, '.installed');
  const modules = path.join(dir, 'node_modules');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === specs.join('\n')) return modules;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  log(`npm install ${specs.join(' ')} (first run only)…`);
  const installed = spawnSync(
    'npm',
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', '--prefix', dir, ...specs],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (installed.status !== 0)
    throw new Error(
      `npm install ${specs.join(' ')} failed (the first run needs the npm registry):\n${installed.stderr.slice(-3_000)}`,
    );
  writeFileSync(stamp, specs.join('\n'));
  return modules;
}
