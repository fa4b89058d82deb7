/**
 * Opening the user's project for thread-signal: a TypeScript project through its tsconfig, a JS
 * project through its jsconfig / tsconfig with `allowJs`, or — with neither — the given files as
 * an `allowJs` program without `checkJs` (then only certainly-safe edits are made).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';

export interface OpenOptions {
  readonly tsconfigPath?: string | undefined;
  readonly project?: Project | undefined;
  readonly files?: readonly string[] | undefined;
  readonly cwd?: string | undefined;
}

/** The nearest tsconfig.json (or jsconfig.json) at or above `dir`, stopping at the package root. */
export function findConfig(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const candidate = path.join(current, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(path.join(current, 'package.json'))) return undefined;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** A directory the files have in common (where to look for a config). */
function commonDir(files: readonly string[], cwd: string): string {
  const dirs = files.map((file) => {
    const absolute = path.resolve(cwd, file);
    return existsSync(absolute) && statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
  });
  if (dirs.length === 0) return cwd;
  let common = dirs[0]!;
  for (const dir of dirs.slice(1)) {
    while (!(dir === common || dir.startsWith(common + path.sep))) common = path.dirname(common);
  }
  return common;
}

const JS_DEFAULTS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
};

export function openProject(options: OpenOptions): { project: Project; root: string; config?: string } {
  const cwd = options.cwd ?? process.cwd();
  if (options.project) return { project: options.project, root: cwd };
  const config = options.tsconfigPath
    ? path.resolve(cwd, options.tsconfigPath)
    : findConfig(commonDir(options.files ?? [], cwd));
  let project: Project;
  if (config) {
    const jsconfig = path.basename(config) === 'jsconfig.json';
    project = new Project({
      tsConfigFilePath: config,
      ...(jsconfig ? { compilerOptions: { allowJs: true, noEmit: true } } : {}),
    });
  } else {
    project = new Project({ compilerOptions: JS_DEFAULTS });
    const targets = options.files && options.files.length > 0 ? options.files : [cwd];
    for (const target of targets) {
      const absolute = path.resolve(cwd, target);
      if (existsSync(absolute) && statSync(absolute).isDirectory()) {
        project.addSourceFilesAtPaths([
          `${absolute}/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}`,
          `!${absolute}/**/node_modules/**`,
          `!${absolute}/**/*.d.ts`,
        ]);
      } else project.addSourceFileAtPathIfExists(absolute);
    }
    project.resolveSourceFileDependencies();
  }
  for (const file of options.files ?? []) {
    const absolute = path.resolve(cwd, file);
    if (existsSync(absolute) && statSync(absolute).isFile() && !project.getSourceFile(absolute))
      project.addSourceFileAtPath(absolute);
  }
  return config ? { project, root: path.dirname(config), config } : { project, root: cwd };
}

/**
 * Why a file thread-signal was given is not in the program it edits, or undefined when nothing
 * explains it. TypeScript leaves JavaScript out unless `allowJs` is set, whatever `include` says.
 */
export function outsideProgramReason(
  file: string,
  config: string | undefined,
  options: ts.CompilerOptions,
): string | undefined {
  if (!/\.[cm]?jsx?$/.test(file) || options.allowJs === true || config === undefined) return undefined;
  const name = path.basename(config);
  const read = ts.readConfigFile(config, (name) => ts.sys.readFile(name));
  const included =
    read.error === undefined &&
    ts
      .parseJsonConfigFileContent(read.config, ts.sys, path.dirname(config), { allowJs: true }, config)
      .fileNames.some((name) => path.resolve(name) === path.resolve(file));
  return included
    ? `a JavaScript file outside the TypeScript program: ${name} does not set "allowJs" (set "allowJs": true for thread-signal to edit it)`
    : `a JavaScript file outside the TypeScript program: ${name} does not include it and does not set "allowJs" (add it to "include" and set "allowJs": true for thread-signal to edit it)`;
}

/** Whether the checker reports errors for a file: TS (unless `// @ts-nocheck`), JS with checkJs or `// @ts-check`. */
export function isCheckedFile(file: ts.SourceFile, options: ts.CompilerOptions): boolean {
  const header = /^(?:\uFEFF)?(?:#![^\n]*\n)?(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/.exec(file.text)?.[0] ?? '';
  if (/@ts-nocheck\b/.test(header)) return false;
  if (/\.(?:[cm]?ts|tsx)$/.test(file.fileName)) return true;
  if (/@ts-check\b/.test(header)) return true;
  return options.checkJs === true;
}
