/**
 * Published packages, pinned by exact version, fetched once with `npm pack` into a cache folder
 * (the first run needs the npm registry; later runs are offline) and unpacked into throwaway
 * folders. Shared by the corpus run (bench/corpus/) and the precision harness (bench/precision/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface PinnedPackage {
  readonly name: string;
  readonly version: string;
}

/** Where `npm pack` puts `name@version`: `@scope/name` becomes `scope-name-<version>.tgz`. */
export const tarballOf = (cacheDir: string, pkg: PinnedPackage): string =>
  path.join(cacheDir, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);

/** `npm pack` every package whose tarball is not in `cacheDir` yet, in one call. */
export function fetchMissing(cacheDir: string, packages: readonly PinnedPackage[], log: (line: string) => void): void {
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

/** Unpacks the cached tarball into `<into>/<name>` (`@scope/name` → `scope__name`) and returns that folder. */
export function unpack(cacheDir: string, pkg: PinnedPackage, into: string): string {
  const dir = path.join(into, pkg.name.replace(/^@/, '').replace('/', '__'));
  mkdirSync(dir, { recursive: true });
  const tarball = tarballOf(cacheDir, pkg);
  const tar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`could not unpack ${tarball}: ${tar.stderr}`);
  return dir;
}

interface PackageJson {
  readonly type?: string;
  readonly bin?: string | Record<string, string>;
}

/** The package's `bin` targets that exist, with or without an extension: npm links every one of them. */
export function binFiles(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  const targets = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  return [...new Set(targets.map((target) => path.resolve(dir, target)))].filter(
    (file) => existsSync(file) && statSync(file).isFile(),
  );
}

/** The `type` of the nearest package.json at or above the file (a package may nest `{"type": "module"}` folders), as Node reads it. */
export function packageTypeOf(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson).type;
      } catch {
        return undefined; // Node would refuse to run it; callers still need an answer
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
