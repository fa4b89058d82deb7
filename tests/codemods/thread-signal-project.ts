// In-memory ts-morph projects for thread-signal tests, with the real @types/node and undici-types
// (read once per test file) so Node's APIs resolve exactly as in a user's project.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';
import {
  threadSignal,
  type ThreadSignalOptions,
  type ThreadSignalResult,
} from '../../packages/graceful-shutdown-cli/codemods/thread-signal.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let typings: Array<[string, string]> | undefined;
function nodeTypings(): Array<[string, string]> {
  if (typings) return typings;
  const collected: Array<[string, string]> = [];
  const copy = (dir: string, to: string): void => {
    for (const entry of readdirSync(dir)) {
      const from = path.join(dir, entry);
      if (statSync(from).isDirectory()) copy(from, `${to}/${entry}`);
      else if (/\.d\.ts$|^package\.json$/.test(entry)) collected.push([`${to}/${entry}`, readFileSync(from, 'utf8')]);
    }
  };
  copy(path.join(repo, 'node_modules/@types/node'), '/node_modules/@types/node');
  copy(path.join(repo, 'node_modules/undici-types'), '/node_modules/undici-types');
  typings = collected;
  return collected;
}

export const BASE_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  types: ['node'],
  typeRoots: ['/node_modules/@types'],
  skipLibCheck: true,
  noEmit: true,
};

// One project per compiler-options set, reused across tests: the parsed @types/node files are
// kept between programs, so a test costs a check of its own files, not of Node's typings. Each
// test gets its own root folder: a path is never reused (the language service caches by path).
const pool = new Map<string, Project>();
let roots = 0;

/** A project with `files` (paths relative to the returned root) on an in-memory file system. */
export function memoryProject(
  files: Record<string, string>,
  compilerOptions: ts.CompilerOptions = {},
): { project: Project; root: string } {
  const options = { ...BASE_OPTIONS, ...compilerOptions };
  const poolKey = JSON.stringify(options);
  let project = pool.get(poolKey);
  if (!project) {
    project = new Project({ useInMemoryFileSystem: true, compilerOptions: options });
    const fs = project.getFileSystem();
    for (const [file, text] of nodeTypings()) fs.writeFileSync(file, text);
    pool.set(poolKey, project);
  }
  for (const file of project.getSourceFiles('/app-*/**/*')) project.removeSourceFile(file);
  const root = `/app-${++roots}`;
  project.getFileSystem().writeFileSync(`${root}/package.json`, JSON.stringify({ name: 'app', type: 'module' }));
  for (const [file, text] of Object.entries(files)) project.createSourceFile(path.posix.join(root, file), text);
  return { project, root };
}

export interface Run {
  readonly result: ThreadSignalResult;
  readonly project: Project;
  readonly root: string;
  /** A file's text after the run. */
  readonly text: (file: string) => string;
  /** A path relative to the root (for comparing results' absolute paths). */
  readonly relative: (file: string) => string;
}

type RunOptions = Omit<ThreadSignalOptions, 'project' | 'cwd'> & { compilerOptions?: ts.CompilerOptions };

export function run(files: Record<string, string>, options: RunOptions = {}): Run {
  const { compilerOptions, ...rest } = options;
  const { project, root } = memoryProject(files, compilerOptions);
  const result = threadSignal({ ...rest, cwd: root, project });
  return {
    result,
    project,
    root,
    text: (file) => project.getSourceFileOrThrow(path.posix.join(root, file)).getFullText(),
    relative: (file) => path.posix.relative(root, file),
  };
}

/** Runs again on a run's output: must change nothing. */
export function rerun(previous: Run, options: RunOptions = {}): ThreadSignalResult {
  const { compilerOptions: _ignored, ...rest } = options;
  return threadSignal({ ...rest, cwd: previous.root, project: previous.project });
}
