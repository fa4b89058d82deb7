/**
 * What installing a package adds to a project, measured for real: a scratch project gets the
 * baseline packages with `npm install`, is counted (packages and bytes under node_modules), then
 * gets the tarball(s) and is counted again. Offline from the npm cache when it holds everything,
 * else from the registry (`--prefer-offline`). Shared by bench/footprint.ts and
 * tests/package/footprint.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const PLUGIN_DIR = path.join(repoRoot, 'packages', 'eslint-plugin-graceful-shutdown');
export const CLI_DIR = path.join(repoRoot, 'packages', 'graceful-shutdown-cli');

/** What an ESLint + typescript-eslint project already has: the versions this repository's lock file installed. */
export function eslintProjectBaseline(): string[] {
  return ['eslint', 'typescript-eslint', 'typescript'].map((name) => {
    const manifest = path.join(repoRoot, 'node_modules', name, 'package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    return `${name}@${version}`;
  });
}

export interface Installed {
  /** Package folders under node_modules (nested ones included; a scope folder is not a package). */
  readonly packages: number;
  readonly bytes: number;
}

export interface Footprint {
  readonly before: Installed;
  readonly after: Installed;
  readonly addedPackages: number;
  readonly addedBytes: number;
}

function npm(args: readonly string[], cwd: string, timeout = 600_000): ReturnType<typeof spawnSync> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  delete env.NODE_OPTIONS;
  return spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout });
}

/** `npm pack` of a built workspace package (its dist/ must exist: no prepack); the tarball's path. */
export function packWorkspace(packageDir: string, destination: string): { tarball: string; files: string[] } {
  mkdirSync(destination, { recursive: true });
  const packed = npm(['pack', '--json', '--ignore-scripts', '--pack-destination', destination], packageDir);
  if (packed.status !== 0) throw new Error(`npm pack in ${packageDir} failed:\n${String(packed.stderr)}`);
  const [result] = JSON.parse(String(packed.stdout)) as { filename: string; files: { path: string }[] }[];
  if (!result) throw new Error(`npm pack in ${packageDir} printed no result`);
  return { tarball: path.join(destination, result.filename), files: result.files.map((file) => file.path) };
}

/** `npm install`s `specs` into `project`: from the npm cache only if it can, else the registry too. */
export function installInto(project: string, specs: readonly string[]): void {
  const args = ['install', '--ignore-scripts', '--no-audit', '--no-fund', ...specs];
  let installed = npm([...args, '--offline'], project);
  if (installed.status !== 0) installed = npm([...args, '--prefer-offline'], project);
  if (installed.status !== 0)
    throw new Error(`npm install ${specs.join(' ')} in ${project} failed:\n${String(installed.stderr).slice(-3_000)}`);
}

/** Counts the packages and the files' bytes under `project/node_modules` (symbolic links not followed). */
export function measureInstalled(project: string): Installed {
  let packages = 0;
  let bytes = 0;
  const visit = (dir: string, packagesHere: boolean): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (!entry.isDirectory()) {
        bytes += lstatSync(full).size;
        continue;
      }
      if (packagesHere && entry.name.startsWith('@')) {
        visit(full, true); // a scope folder: its entries are the packages
        continue;
      }
      if (packagesHere && !entry.name.startsWith('.')) packages++;
      visit(full, entry.name === 'node_modules');
    }
  };
  visit(path.join(project, 'node_modules'), true);
  return { packages, bytes };
}

/** A scratch project with `baseline` installed, then `tarballs`: what the tarballs added. */
export function measureFootprint(project: string, baseline: readonly string[], tarballs: readonly string[]): Footprint {
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  installInto(project, baseline);
  const before = measureInstalled(project);
  installInto(project, tarballs);
  const after = measureInstalled(project);
  return { before, after, addedPackages: after.packages - before.packages, addedBytes: after.bytes - before.bytes };
}

export const megabytes = (bytes: number): string => (bytes / 1_000_000).toFixed(2);
