#!/usr/bin/env node
// The mechanical half of the two-package layout (docs/architecture.md §11): moves the
// plugin's sources (index.ts, rules/, detection/) into packages/eslint-plugin-graceful-shutdown/ and
// the CLI's (cli/, codemods/) into packages/graceful-shutdown-cli/ with `git mv`, then rewrites every
// relative import in the repository's code for the new places:
// - inside one package: the same relative path (each package keeps its folders' relative layout);
// - from the CLI package to the plugin: the plugin's public `exports` subpath
//   (`eslint-plugin-graceful-shutdown/detection/ast`, `eslint-plugin-graceful-shutdown`), never `../../`;
// - from the root (tests/, bench/, scripts/): a relative path into packages/.
// Re-runnable: a file still at an old place (say, added on another branch) is moved, and an import
// written for the old layout is rewritten; what is already in the new layout is left as it is.
// Usage: node scripts/split-workspaces.mjs (from anywhere in the repository, after `npm ci`: it runs
// the repository's Prettier on the files it rewrote). Edits the working tree and the index; commit
// the result on its own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PLUGIN = 'eslint-plugin-graceful-shutdown';
// Not `graceful-shutdown`: that name belongs to another project on npm (docs/architecture.md §11).
const CLI = 'graceful-shutdown-cli';
const PACKAGE_DIRS = new Map([
  [PLUGIN, `packages/${PLUGIN}`],
  [CLI, `packages/${CLI}`],
]);
/** Old place → new place; a file entry also covers its compiled name (index.ts ↔ index.js). */
const MOVES = [
  { from: 'index.ts', to: `packages/${PLUGIN}/index.ts`, file: true },
  { from: 'rules', to: `packages/${PLUGIN}/rules` },
  { from: 'detection', to: `packages/${PLUGIN}/detection` },
  { from: 'cli', to: `packages/${CLI}/cli` },
  { from: 'codemods', to: `packages/${CLI}/codemods` },
];
/** Plugin folders the CLI may import, each an `exports` subpath pattern of the plugin's package.json. */
const PLUGIN_EXPORTED_DIRS = ['detection'];
/** Code whose exact text is the test (as in .prettierignore): never rewritten. */
const FROZEN = ['fixtures/', 'examples/app/', 'tests/runtime/programs/', 'bench/programs/apps/'];
const CODE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;
/** `from '…'`, `import '…'`, `import('…')`, `require('…')`: the relative specifiers only. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])(\.\.?\/[^'"\n]*)\2/g;

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
const stem = (file) => file.replace(/\.(?:d\.)?[cm]?[jt]sx?$/, '');

/** Maps a repository path through the moves (`toNew`) or back (`toOld`); other paths are unchanged. */
function mapPath(file, direction) {
  for (const move of MOVES) {
    const [from, to] = direction === 'toNew' ? [move.from, move.to] : [move.to, move.from];
    if (move.file) {
      if (stem(file) === stem(from)) return stem(to) + file.slice(stem(file).length);
    } else if (file === from || file.startsWith(`${from}/`)) return to + file.slice(from.length);
  }
  return file;
}

const packageOf = (file) => [...PACKAGE_DIRS].find(([, dir]) => file.startsWith(`${dir}/`))?.[0];

function trackedFiles() {
  return git('ls-files', '-z')
    .split('\0')
    .filter((file) => file !== '');
}

function moveFiles() {
  let moved = 0;
  for (const file of trackedFiles()) {
    const target = mapPath(file, 'toNew');
    if (target === file) continue;
    mkdirSync(path.join(root, path.dirname(target)), { recursive: true });
    git('mv', file, target);
    moved++;
  }
  return moved;
}

const problems = [];

/** The specifier `file` (at its new place) should use for `specifier`, written for the old layout. */
function rewriteSpecifier(file, specifier) {
  const oldTarget = path.posix.normalize(path.posix.join(path.posix.dirname(mapPath(file, 'toOld')), specifier));
  const target = mapPath(oldTarget, 'toNew');
  const from = packageOf(file);
  const to = packageOf(target);
  // Not the repository's sources (a path inside code a codemod writes, a test's own fixture): as it is.
  if (to === undefined) return specifier;
  if (from === CLI && to === PLUGIN) {
    const inside = path.posix.relative(PACKAGE_DIRS.get(PLUGIN), target);
    if (stem(inside) === 'index') return PLUGIN;
    const dir = inside.split('/')[0];
    // An exports pattern's `*` matches nested paths too (`detection/syntax/require`).
    if (PLUGIN_EXPORTED_DIRS.includes(dir)) return `${PLUGIN}/${stem(inside)}`;
    problems.push(`${file}: imports ${specifier}, which the plugin does not export`);
  } else if (from === PLUGIN && to === CLI) {
    problems.push(`${file}: the plugin imports ${specifier} from the CLI package`);
  }
  let relative = path.posix.relative(path.posix.dirname(file), target);
  if (!relative.startsWith('.')) relative = `./${relative}`;
  return relative;
}

function rewriteImports() {
  const changed = [];
  for (const file of trackedFiles()) {
    if (!CODE.test(file) || FROZEN.some((dir) => file.startsWith(dir))) continue;
    const full = path.join(root, file);
    const text = readFileSync(full, 'utf8');
    const next = text.replace(
      SPECIFIER,
      (match, keyword, quote, specifier) => `${keyword}${quote}${rewriteSpecifier(file, specifier)}${quote}`,
    );
    if (next === text) continue;
    writeFileSync(full, next);
    changed.push(file);
  }
  return changed;
}

/** Longer specifiers can pass the line width: the repository's Prettier formats what was rewritten. */
function format(files) {
  if (files.length === 0) return;
  const prettier = path.join(root, 'node_modules/.bin/prettier');
  if (existsSync(prettier))
    execFileSync(prettier, ['--write', '--log-level=warn', ...files], { cwd: root, stdio: 'inherit' });
  else console.error('Prettier is not installed (npm ci): run `npx prettier --write` on the rewritten files');
  git('add', ...files);
}

const moved = moveFiles();
const rewritten = rewriteImports();
format(rewritten);
console.log(`moved ${moved} files, rewrote imports in ${rewritten.length} files`);
if (problems.length > 0) {
  console.error(`${problems.length} imports need a hand (left as relative paths):\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
}
