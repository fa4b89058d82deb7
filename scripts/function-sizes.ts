/**
 * The largest source files and functions, in lines: the measure behind "no function over ~120
 * lines outside tables" (docs/architecture.md §10). Usage: `tsx scripts/function-sizes.ts [top] [root]`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const PLUGIN = 'packages/eslint-plugin-graceful-shutdown';
const CLI = 'packages/graceful-shutdown-cli';
/** The two packages' sources; a checkout from before the split (docs/architecture.md §11) had them at the root. */
const SOURCE_DIRS = [`${CLI}/cli`, `${CLI}/codemods`, `${PLUGIN}/detection`, `${PLUGIN}/rules`, `${PLUGIN}/index.ts`];
const SOURCE_DIRS_BEFORE_THE_SPLIT = ['cli', 'codemods', 'detection', 'rules', 'index.ts'];

interface Sized {
  readonly name: string;
  readonly lines: number;
}

/** The TypeScript sources below `root`'s source folders (a checkout or an unpacked `git archive`). */
function sourceFiles(root: string): string[] {
  const dirs = existsSync(path.join(root, 'packages')) ? SOURCE_DIRS : SOURCE_DIRS_BEFORE_THE_SPLIT;
  return dirs.flatMap((entry) =>
    entry.endsWith('.ts')
      ? [entry]
      : readdirSync(path.join(root, entry), { recursive: true, encoding: 'utf8' })
          .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
          .map((file) => path.join(entry, file)),
  );
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
    return parent.name.getText();
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

function functionsOf(file: string, text: string): Sized[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lineOf = (position: number): number => source.getLineAndCharacterOfPosition(position).line;
  const found: Sized[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const lines = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
      found.push({ name: `${file}:${lineOf(node.getStart(source)) + 1} ${functionName(node)}`, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const top = Number(process.argv[2] ?? 15);
const root = process.argv[3] ?? '.';
const files: Sized[] = [];
const functions: Sized[] = [];
for (const file of sourceFiles(root).sort()) {
  const text = readFileSync(path.join(root, file), 'utf8');
  files.push({ name: file, lines: text.split('\n').length - 1 });
  functions.push(...functionsOf(file, text));
}
const print = (title: string, rows: Sized[]): void => {
  console.log(`${title}`);
  for (const row of rows.sort((a, b) => b.lines - a.lines).slice(0, top))
    console.log(`${String(row.lines).padStart(6)}  ${row.name}`);
};
print('largest files (lines)', files);
print(`largest functions (lines); over 120: ${functions.filter((row) => row.lines > 120).length}`, functions);
