/**
 * Published packages for the harnesses, fetched once from the npm registry into a gitignored cache
 * and used offline afterwards: `npm pack` tarballs (bench/corpus) and `npm install`ed trees
 * (bench/programs, whose programs must run with their dependencies). Exact versions only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface PinnedPackage {
  readonly name: string;
  readonly version: string;
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[\w.]+)?$/;

function checkPinned(pkg: PinnedPackage): void {
  if (!EXACT_VERSION.test(pkg.version))
    throw new Error(`${pkg.name}: '${pkg.version}' is not an exact version (pin one, e.g. 1.2.3)`);
}

/** Where `npm pack` puts a package's tarball in `cacheDir`. */
export const tarballOf = (cacheDir: string, pkg: PinnedPackage): string =>
  path.join(cacheDir, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);

/** `npm pack`s the packages whose tarball is not in `cacheDir` yet (the first run needs the registry). */
export function packMissing(packages: readonly PinnedPackage[], cacheDir: string, log: (line: string) => void): void {
  packages.forEach(checkPinned);
  const missing = packages.filter((pkg) => !existsSync(tarballOf(cacheDir, pkg)));
  if (missing.length === 0) return;
  mkdirSync(cacheDir, { recursive: true });
  log(`npm pack ${missing.length} package${missing.length === 1 ? '' : 's'} into ${cacheDir} (first run only)…`);
  const specs = missing.map((pkg) => `${pkg.name}@${pkg.version}`);
  const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', cacheDir, ...specs], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (packed.status !== 0)
    throw new Error(`npm pack failed (the first run needs the npm registry):\n${packed.stderr.slice(-3_000)}`);
  const stillMissing = missing.filter((pkg) => !existsSync(tarballOf(cacheDir, pkg)));
  if (stillMissing.length > 0)
    throw new Error(`npm pack did not produce ${stillMissing.map((pkg) => tarballOf(cacheDir, pkg)).join(', ')}`);
}

/** Unpacks a tarball's `package/` folder into `dir`. */
export function unpackTarball(tarball: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const tar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`could not unpack ${tarball}: ${tar.stderr}`);
}

/**
 * `npm install`s exactly these packages (and their dependencies, install scripts off) into
 * `dir/node_modules`, once: a stamp file records what was installed, so later runs are offline.
 * Returns `dir/node_modules`.
 */
export function installPinned(dir: string, packages: readonly PinnedPackage[], log: (line: string) => void): string {
  packages.forEach(checkPinned);
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
