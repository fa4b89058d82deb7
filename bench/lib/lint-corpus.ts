/**
 * The lint and fix benchmarks' corpus: a fixed, seeded selection of real JavaScript and TypeScript
 * sources from the packages installed in node_modules (pinned by package-lock.json), copied into
 * bench/.cache/lint/files/ with each package's package.json (so entrypoint detection sees `bin`
 * and `type` as it would in the package). Every selected file parses with every parser the
 * benchmarks use (espree, @typescript-eslint/parser, jscodeshift's), so a run never measures a
 * parse error. Rebuilt only when the installed packages or the selection rules change.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import { parseProgram } from '../../packages/graceful-shutdown-cli/cli/parse.js';
import { seededRandom, shuffled } from './random.js';

/** Bump when the selection rules change, so caches built by the old rules are replaced. */
const SELECTION_VERSION = 4;
const SEED = 20_251_125;
export const TARGET_FILES = 600;
/** Real TypeScript is scarce in node_modules (most packages ship JS + .d.ts): take up to this many. */
const TYPESCRIPT_QUOTA = 150;
/** No package may dominate the timing. */
const PER_PACKAGE_CAP = 30;
const MIN_BYTES = 400;
const MAX_BYTES = 64 * 1024;

const SOURCE_EXTENSION = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;
const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;
/** Folders whose files are data or deliberately odd rather than code someone runs. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'fixtures', 'fixture', '__fixtures__', 'locale', 'locales']);

export interface LintCorpus {
  /** The folder ESLint, the CLI and jscodeshift run in. */
  readonly dir: string;
  /** Paths relative to `dir`, sorted. */
  readonly files: readonly string[];
  readonly typescriptFiles: number;
  readonly packages: number;
  readonly bytes: number;
  readonly lines: number;
  /** A digest of the selected paths and contents: equal digests mean the same corpus. */
  readonly digest: string;
}

interface Manifest extends Omit<LintCorpus, 'dir'> {
  readonly selectionVersion: number;
  readonly installed: string;
}

interface Candidate {
  readonly pkg: string;
  readonly pkgDir: string;
  readonly relative: string;
  readonly typescript: boolean;
}

/** name@version → folder, for every package under node_modules (nested ones too), first found wins. */
/**
 * Dependencies the repository installs under an alias (`"typescript-5": "npm:typescript@…"`, the
 * tests' second TypeScript): test tooling, not one more package anyone lints. Counting them would
 * reshuffle the whole corpus whenever one is added.
 */
function aliasedDevTools(nodeModules: string): Set<string> {
  const manifest = JSON.parse(readFileSync(path.join(nodeModules, '..', 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const specs = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies });
  return new Set(specs.filter(([, spec]) => spec.startsWith('npm:')).map(([name]) => path.join(nodeModules, name)));
}

function installedPackages(nodeModules: string): Map<string, string> {
  const found = new Map<string, string>();
  const testDoubles = aliasedDevTools(nodeModules);
  const visitModules = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      const full = path.join(dir, entry);
      if (entry.startsWith('@')) {
        visitModules(full);
        continue;
      }
      try {
        const pkg = JSON.parse(readFileSync(path.join(full, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name && pkg.version && !testDoubles.has(full) && !found.has(`${pkg.name}@${pkg.version}`))
          found.set(`${pkg.name}@${pkg.version}`, full);
      } catch {
        // not a package
      }
      visitModules(path.join(full, 'node_modules'));
    }
  };
  visitModules(nodeModules);
  return found;
}

function candidatesOf(pkg: string, pkgDir: string): Candidate[] {
  const out: Candidate[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      // Hidden files (`.tonic_example.js`) are no package's code, and a tsconfig's `**/*` skips them.
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(full);
      } else if (
        entry.isFile() &&
        SOURCE_EXTENSION.test(entry.name) &&
        !DECLARATION.test(entry.name) &&
        !entry.name.includes('.min.')
      ) {
        const size = statSync(full).size;
        if (size >= MIN_BYTES && size <= MAX_BYTES)
          out.push({ pkg, pkgDir, relative: path.relative(pkgDir, full), typescript: TYPESCRIPT.test(entry.name) });
      }
    }
  };
  visit(pkgDir);
  return out;
}

/** Bundled or minified output is not code anyone lints: long lines give it away. */
function looksHandWritten(text: string): boolean {
  const lines = text.split('\n');
  return lines.every((line) => line.length <= 1_000) && text.length / lines.length <= 120;
}

type ConfigArray = Linter.Config[];

async function loadConfig(file: string): Promise<ConfigArray> {
  const loaded = (await import(pathToFileURL(file).href)) as { default: ConfigArray };
  return loaded.default;
}

/** The folder name a package's files go to: `@babel/core@7.28.0` → `babel__core@7.28.0`. */
const folderOf = (pkg: string): string => pkg.replace(/^@/, '').replace('/', '__');

export async function ensureLintCorpus(repoRoot: string, log: (line: string) => void = () => {}): Promise<LintCorpus> {
  const cacheDir = path.join(repoRoot, 'bench', '.cache', 'lint');
  const dir = path.join(cacheDir, 'files');
  const manifestPath = path.join(cacheDir, 'manifest.json');
  const packages = installedPackages(path.join(repoRoot, 'node_modules'));
  const installed = createHash('sha256')
    .update([...packages.keys()].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);

  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (
      manifest.selectionVersion === SELECTION_VERSION &&
      manifest.installed === installed &&
      manifest.files.every((file) => existsSync(path.join(dir, file)))
    ) {
      const { selectionVersion: _version, installed: _installed, ...rest } = manifest;
      return { dir, ...rest };
    }
  }

  log(`selecting ${TARGET_FILES} files from ${packages.size} installed packages (seed ${SEED})…`);
  const random = seededRandom(SEED);
  // The repo's own code is not "code nobody here wrote".
  const own = new Set(['eslint-plugin-graceful-shutdown']);
  const candidates = shuffled(
    [...packages]
      .filter(([pkg]) => !own.has(pkg.slice(0, pkg.lastIndexOf('@'))))
      .flatMap(([pkg, pkgDir]) => candidatesOf(pkg, pkgDir)),
    random,
  );

  const configsDir = path.join(repoRoot, 'bench', 'configs');
  const syntactic = await loadConfig(path.join(configsDir, 'parse-only.mjs'));
  const typedParserOnly: ConfigArray = (await loadConfig(path.join(configsDir, 'typed-parse-only.mjs'))).map(
    (config) => ({
      ...config,
      // Parsing without a program: the typed run's parser must accept the file too (a program adds types, not syntax).
      languageOptions: { ...config.languageOptions, parserOptions: { ecmaFeatures: { jsx: true } } },
    }),
  );
  const linter = new Linter({ configType: 'flat' });
  const parses = (candidate: Candidate, text: string): boolean => {
    const filename = path.join(dir, folderOf(candidate.pkg), candidate.relative);
    for (const config of [syntactic, typedParserOnly]) {
      if (linter.verify(text, config, filename).some((message) => message.fatal)) return false;
    }
    try {
      parseProgram(filename, text);
    } catch {
      return false;
    }
    return true;
  };

  const perPackage = new Map<string, number>();
  const seen = new Set<string>();
  const chosen: Candidate[] = [];
  let typescript = 0;
  const take = (onlyTypeScript: boolean, limit: number): void => {
    for (const candidate of candidates) {
      if (chosen.length >= limit) return;
      if (onlyTypeScript && (!candidate.typescript || typescript >= TYPESCRIPT_QUOTA)) continue;
      if (!onlyTypeScript && candidate.typescript) continue;
      if ((perPackage.get(candidate.pkg) ?? 0) >= PER_PACKAGE_CAP) continue;
      const text = readFileSync(path.join(candidate.pkgDir, candidate.relative), 'utf8');
      const hash = createHash('sha1').update(text).digest('hex');
      if (seen.has(hash) || !looksHandWritten(text) || !parses(candidate, text)) continue;
      seen.add(hash);
      chosen.push(candidate);
      perPackage.set(candidate.pkg, (perPackage.get(candidate.pkg) ?? 0) + 1);
      if (candidate.typescript) typescript++;
    }
  };
  take(true, TYPESCRIPT_QUOTA);
  take(false, TARGET_FILES);
  if (chosen.length < TARGET_FILES)
    throw new Error(`only ${chosen.length} usable files in node_modules (wanted ${TARGET_FILES})`);

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const digest = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  const files: string[] = [];
  for (const candidate of chosen) {
    const relative = path.join(folderOf(candidate.pkg), candidate.relative);
    const target = path.join(dir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    const text = readFileSync(path.join(candidate.pkgDir, candidate.relative), 'utf8');
    writeFileSync(target, text);
    files.push(relative);
    bytes += Buffer.byteLength(text);
    lines += text.split('\n').length;
  }
  files.sort();
  for (const file of files) digest.update(`${file}\0${readFileSync(path.join(dir, file), 'utf8')}\0`);
  for (const pkg of new Set(chosen.map((candidate) => candidate.pkg))) {
    cpSync(path.join(packages.get(pkg)!, 'package.json'), path.join(dir, folderOf(pkg), 'package.json'));
  }
  // One program for the type-aware runs: JavaScript included, Node's types, nothing emitted.
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          allowJs: true,
          checkJs: false,
          noEmit: true,
          strict: true,
          skipLibCheck: true,
          types: ['node'],
        },
        include: ['**/*'],
      },
      null,
      2,
    )}\n`,
  );

  const corpus: LintCorpus = {
    dir,
    files,
    typescriptFiles: typescript,
    packages: new Set(chosen.map((candidate) => candidate.pkg)).size,
    bytes,
    lines,
    digest: digest.digest('hex').slice(0, 16),
  };
  const { dir: _dir, ...rest } = corpus;
  const manifest: Manifest = { selectionVersion: SELECTION_VERSION, installed, ...rest };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return corpus;
}
