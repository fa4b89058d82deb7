// The graceful-main fixture cases, shared by the fixture, type-check, lint and process tests.
// A case is a folder of fixtures/graceful-main/: `input.<ext>`, and either `output.<ext>` (the
// exact rewrite) or `untouched.txt` (`skipped: <reason>` / `unchanged: <reason>`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixturesRoot = path.join(repoRoot, 'fixtures', 'graceful-main');

export interface FixtureCase {
  readonly name: string;
  readonly dir: string;
  readonly inputPath: string;
  readonly input: string;
  readonly ext: string;
  /** The expected rewrite; undefined when the file must be left untouched. */
  readonly output?: string;
  readonly outputPath?: string;
  /** For untouched cases: the expected status and reason. */
  readonly untouched?: { status: 'skipped' | 'unchanged'; reason: string };
  readonly moduleType: 'module' | 'commonjs';
}

export function loadCases(): FixtureCase[] {
  return readdirSync(fixturesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name): FixtureCase => {
      const dir = path.join(fixturesRoot, name);
      const inputFile = readdirSync(dir).find((file) => file.startsWith('input.'));
      if (!inputFile) throw new Error(`fixture ${name}: no input file`);
      const ext = path.extname(inputFile);
      const inputPath = path.join(dir, inputFile);
      const outputPath = path.join(dir, `output${ext}`);
      const untouchedPath = path.join(dir, 'untouched.txt');
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: string };
      const base = {
        name,
        dir,
        inputPath,
        input: readFileSync(inputPath, 'utf8'),
        ext,
        moduleType: pkg.type === 'module' ? 'module' : 'commonjs',
      } as const;
      if (existsSync(outputPath)) return { ...base, output: readFileSync(outputPath, 'utf8'), outputPath };
      const line = readFileSync(untouchedPath, 'utf8').trim();
      const match = /^(skipped|unchanged): (.+)$/.exec(line);
      if (!match)
        throw new Error(`fixture ${name}: untouched.txt must read "skipped: <reason>" or "unchanged: <reason>"`);
      return { ...base, untouched: { status: match[1] as 'skipped' | 'unchanged', reason: match[2]! } };
    });
}

export const isTypeScript = (ext: string): boolean => ['.ts', '.mts', '.cts', '.tsx'].includes(ext);

/** How a JavaScript file of a case is parsed by Node: `.mjs`/`.cjs`, else the package's type. */
export const sourceTypeOf = (fixture: FixtureCase): 'module' | 'commonjs' =>
  fixture.ext === '.mjs' || isTypeScript(fixture.ext)
    ? 'module'
    : fixture.ext === '.cjs'
      ? 'commonjs'
      : fixture.moduleType;
