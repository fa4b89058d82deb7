// TypeScript outputs type-check under `strict` when their inputs did: every TS fixture case is
// copied to a temp dir with the helper written beside it, and the TypeScript compiler checks the
// inputs in one program and the outputs in another.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHelperVariant } from '../../packages/graceful-shutdown-cli/codemods/helper/variants.js';
import { type FixtureCase, isTypeScript, loadCases, repoRoot } from './graceful-main-fixtures.js';

const cases = loadCases().filter((fixture) => isTypeScript(fixture.ext));
const changed = cases.filter((fixture) => fixture.output !== undefined);

const BASE_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  moduleDetection: ts.ModuleDetectionKind.Force,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  noEmit: true,
  skipLibCheck: true,
};

let temp = '';
/** Diagnostics per case: for its inputs (and their files) and for its outputs. */
const diagnostics = new Map<string, { input: string[]; output: string[] }>();

const caseDir = (fixture: FixtureCase): string => path.join(temp, fixture.name);

function optionsFor(fixture: FixtureCase): ts.CompilerOptions {
  const tsconfig = path.join(fixture.dir, 'tsconfig.json');
  const read = ts.readConfigFile(tsconfig, (file) => ts.sys.readFile(file));
  if (read.error) return BASE_OPTIONS;
  const parsed = ts.convertCompilerOptionsFromJson(
    (read.config as { compilerOptions?: object }).compilerOptions ?? {},
    fixture.dir,
  );
  return { ...BASE_OPTIONS, ...parsed.options };
}

// Lib and @types files parsed once for every program.
const sourceFiles = new Map<string, ts.SourceFile | undefined>();
let checkedFiles = 0;

function check(files: string[], options: ts.CompilerOptions): Map<string, string[]> {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, languageVersion, onError) => {
    if (file.startsWith(temp) && !file.includes(`${path.sep}node_modules${path.sep}`))
      return getSourceFile(file, languageVersion, onError);
    const key = `${file}\0${JSON.stringify(languageVersion)}`;
    if (!sourceFiles.has(key)) sourceFiles.set(key, getSourceFile(file, languageVersion, onError));
    return sourceFiles.get(key);
  };
  const program = ts.createProgram(files, options, host);
  checkedFiles += program.getRootFileNames().length;
  const byFile = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? '(global)';
    const { line } =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
        : { line: -1 };
    const message = `${path.relative(temp, file)}:${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    byFile.set(file, [...(byFile.get(file) ?? []), message]);
  }
  return byFile;
}

describe('graceful-main TypeScript outputs type-check', () => {
  beforeAll(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'graceful-main-tsc-'));
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(temp, 'node_modules'), 'dir');
    const helper = readHelperVariant('ts');
    for (const fixture of cases) {
      cpSync(fixture.dir, caseDir(fixture), { recursive: true });
      const helperPath = path.join(caseDir(fixture), 'graceful-shutdown.ts');
      writeFileSync(helperPath, helper, { flag: 'w' });
    }
    // One program for all inputs and one for all outputs per set of compiler options (fast).
    const groups = new Map<string, { options: ts.CompilerOptions; fixtures: FixtureCase[] }>();
    for (const fixture of cases) {
      const options = optionsFor(fixture);
      const key = JSON.stringify(options);
      groups.set(key, { options, fixtures: [...(groups.get(key)?.fixtures ?? []), fixture] });
    }
    for (const { options, fixtures } of groups.values()) {
      const filesOf = (fixture: FixtureCase, side: 'input' | 'output'): string[] =>
        readdirSync(caseDir(fixture))
          .filter(
            (file) => /\.(?:[cm]?ts|d\.ts)$/.test(file) && !file.startsWith(side === 'input' ? 'output.' : 'input.'),
          )
          .map((file) => path.join(caseDir(fixture), file));
      const inputs = check(
        fixtures.flatMap((fixture) => filesOf(fixture, 'input')),
        options,
      );
      const outputs = check(
        fixtures.filter((fixture) => fixture.output !== undefined).flatMap((fixture) => filesOf(fixture, 'output')),
        options,
      );
      for (const fixture of fixtures) {
        const inDir = (byFile: Map<string, string[]>) =>
          [...byFile]
            .filter(([file]) => file.startsWith(caseDir(fixture) + path.sep))
            .flatMap(([, messages]) => messages);
        diagnostics.set(fixture.name, { input: inDir(inputs), output: inDir(outputs) });
      }
    }
  }, 120_000);

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('checks real programs: the TS inputs type-check (so the outputs have something to live up to)', () => {
    expect(checkedFiles).toBeGreaterThan(cases.length + changed.length);
    const clean = changed.filter((fixture) => diagnostics.get(fixture.name)!.input.length === 0);
    expect(clean.map((fixture) => fixture.name)).toEqual(changed.map((fixture) => fixture.name));
  });

  it.each(changed.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
    const result = diagnostics.get(fixture.name)!;
    if (result.input.length > 0) return; // the input did not type-check: nothing to compare with
    expect(result.output).toEqual([]);
    // The helper itself is part of the check.
    expect(readFileSync(path.join(caseDir(fixture), 'graceful-shutdown.ts'), 'utf8')).toContain(
      'export function runMain',
    );
  });
});
