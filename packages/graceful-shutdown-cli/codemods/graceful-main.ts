/**
 * `graceful-main`: rewrites an entrypoint to gather → cancel → drain → close (docs/architecture.md §6).
 *
 *   npx jscodeshift -t node_modules/eslint-plugin-graceful-shutdown/dist/codemods/graceful-main.js src/cli.ts
 *
 * `main()` (and `await main()`, `main().catch(…)`, async IIFEs, top-level-await scripts, servers,
 * intervals) becomes `runMain(main)` from a small helper written into the project; naive signal
 * handlers become `defer`s, floating promises in main are tracked, servers are closed after
 * shutdown. Files it cannot rewrite safely are left untouched with a one-line reason.
 */
// First import on purpose: under jscodeshift's default --babel it stops Babel compiling the rest.
import './graceful-main/load-natively.js';
import path from 'node:path';
import type { API, FileInfo, Options } from 'jscodeshift';
import {
  type AnyNode,
  child,
  children,
  memberPath,
  stringValue,
  walk,
} from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';
import { detectEntrypoint } from 'eslint-plugin-graceful-shutdown/detection/entrypoint';
import { handlingModule, importedDamagingWork } from 'eslint-plugin-graceful-shutdown/detection/imported-modules';
import { findPackageDir, readPackage } from 'eslint-plugin-graceful-shutdown/detection/project';
import { CLOSE_SERVER, RUN_MAIN } from 'eslint-plugin-graceful-shutdown/detection/shutdown-helpers';
import { isRequireCall, isRequireExpression } from 'eslint-plugin-graceful-shutdown/detection/syntax/require';
import {
  type HelperVariant,
  defaultHelperPath,
  ensureHelper,
  findExistingHelper,
  helperForEntrypoint,
  helperSpecifier,
  helperVariantOf,
} from './graceful-main/helper-location.js';
import { type HelperNames, type RewriteInput, Skip, Unchanged, rewriteProgram } from './graceful-main/rewrite.js';
import {
  type CodeStyle,
  detectStyle,
  isTypeScriptFile,
  jscodeshiftFor,
  joinSource,
  parseModule,
  parseProgram,
  parserFor,
  printProgram,
  splitSource,
} from './graceful-main/source.js';
import { parseErrorText } from './parse-error.js';

export { defaultHelperPath, ensureHelper };

export interface GracefulMainOptions {
  /** Absolute path of the helper file to import from (a JavaScript file that cannot import it gets the JavaScript variant beside it, see `result.helper`). Default: an existing helper of the package (beside the file, its `src/`, its root), else `defaultHelperPath(filePath)`. */
  helperPath?: string;
  /** Extra helper module specifiers/paths recognised as "already graceful" (settings `helpers`). */
  helpers?: readonly string[];
}

export type GracefulMainStatus = 'changed' | 'unchanged' | 'skipped';

export interface GracefulMainResult {
  status: GracefulMainStatus;
  /** The new text (identical to the input unless status is 'changed'). Always parses. */
  output: string;
  /** One line for 'skipped' and 'unchanged'. */
  reason?: string;
  /** When status is 'changed': the helper file the output imports, which the caller must make exist (`ensureHelper`). */
  helper?: { path: string; variant: HelperVariant };
}

/** The source does not parse (or, a bug, the rewrite would not): names the file. */
export class GracefulMainError extends Error {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GracefulMainError';
    this.file = file;
  }
}

/** Rewrites one file's text. Pure: reads package.json/tsconfig to decide, writes nothing. */
export function gracefulMain(filePath: string, source: string, options: GracefulMainOptions = {}): GracefulMainResult {
  const file = path.resolve(filePath);
  const parser = parserFor(file);
  const j = jscodeshiftFor(parser);
  const layout = splitSource(source);
  const lineOffset = layout.prefix.split('\n').length - 1;
  let parsed: ReturnType<typeof parseProgram>;
  try {
    parsed = parseProgram(j, layout.body);
  } catch (error) {
    throw new GracefulMainError(file, `${file}: does not parse: ${parseErrorText(error, lineOffset)}`, {
      cause: error,
    });
  }
  const { program } = parsed;
  const detection = detectEntrypoint({ filename: file, program, text: source });
  if (!detection.isEntrypoint) return { status: 'unchanged', output: source, reason: 'not an entrypoint' };

  const style = detectStyle(program, layout.body, layout.prefix);
  const esm = usesEsm(file, program);
  const specifiers = moduleSpecifiers(program);
  let names: HelperNames;
  try {
    names = rewriteProgram({
      j,
      program,
      text: layout.body,
      typescript: isTypeScriptFile(file),
      style,
      reasons: detection.reasons,
      helpers: options.helpers ?? [],
      lineOffset,
      ...importedModuleFacts(file, program, source, options.helpers ?? []),
    });
  } catch (error) {
    if (error instanceof Skip) return { status: 'skipped', output: source, reason: error.message };
    if (error instanceof Unchanged) return { status: 'unchanged', output: source, reason: error.message };
    throw error;
  }

  const helperPath =
    options.helperPath !== undefined
      ? helperForEntrypoint(file, path.resolve(options.helperPath))
      : (findExistingHelper(file) ?? defaultHelperPath(file));
  const importLine = helperImport(names, helperSpecifier(file, helperPath, specifiers), {
    esm,
    typescript: isTypeScriptFile(file),
    style,
  });
  const body = insertImport(printProgram(parsed.root, style, layout.body), importLine, esm, j);
  const output = joinSource(layout, body);
  const outputLayout = splitSource(output);
  try {
    parseProgram(j, outputLayout.body);
  } catch (error) {
    throw new GracefulMainError(
      file,
      `${file}: the rewritten code does not parse (a graceful-main bug, please report it): ${parseErrorText(error, outputLayout.prefix.split('\n').length - 1)}`,
      { cause: error },
    );
  }
  return { status: 'changed', output, helper: { path: helperPath, variant: helperVariantOf(helperPath) } };
}

/** What the modules this file runs do, read from disk (relative imports within its package). */
function importedModuleFacts(
  file: string,
  program: AnyNode,
  source: string,
  helpers: readonly string[],
): Pick<RewriteInput, 'importedWork' | 'handlingModule'> {
  const moduleOptions = { parse: parseModule, helpers };
  const relative = (target: string): string => {
    const name = path.relative(path.dirname(file), target).split(path.sep).join('/');
    return name.startsWith('../') ? name : `./${name}`;
  };
  return {
    importedWork: (node, imports) => {
      const work = importedDamagingWork(node, imports, file, moduleOptions);
      return work && { ...work, file: relative(work.file) };
    },
    handlingModule: () => {
      const module = handlingModule(file, program, source, moduleOptions);
      return module === undefined ? undefined : relative(module);
    },
  };
}

/** Whether the file imports with ESM syntax: TypeScript always; JavaScript by its own syntax, else extension and package type. */
function usesEsm(file: string, program: AnyNode): boolean {
  if (isTypeScriptFile(file)) return true;
  const body = children(program, 'body');
  if (body.some((statement) => statement.type === 'ImportDeclaration' || statement.type.startsWith('Export')))
    return true;
  let commonJs = false;
  walk(program, (node) => {
    if (commonJs) return false;
    if (isRequireCall(node)) commonJs = true;
    if (node.type === 'MemberExpression' && (memberPath(node) ?? '').startsWith('module.exports')) commonJs = true;
    return undefined;
  });
  if (commonJs) return false;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.mjs') return true;
  if (ext === '.cjs') return false;
  const packageDir = findPackageDir(path.dirname(file));
  return (packageDir === undefined ? undefined : readPackage(packageDir)?.type) === 'module';
}

function moduleSpecifiers(program: AnyNode): string[] {
  const specifiers: string[] = [];
  walk(program, (node) => {
    if (
      node.type === 'ImportDeclaration' ||
      node.type === 'ExportAllDeclaration' ||
      node.type === 'ExportNamedDeclaration'
    ) {
      const source = stringValue(child(node, 'source'));
      if (source !== undefined) specifiers.push(source);
    } else if (isRequireCall(node)) {
      const source = stringValue(children(node, 'arguments')[0]);
      if (source !== undefined) specifiers.push(source);
    }
    return undefined;
  });
  return specifiers;
}

function helperImport(
  names: HelperNames,
  specifier: string,
  how: { esm: boolean; typescript: boolean; style: CodeStyle },
): string {
  const quoted = `${how.style.quote}${specifier}${how.style.quote}`;
  const semi = how.style.semicolons ? ';' : '';
  const values = [RUN_MAIN, ...(names.closeServer ? [CLOSE_SERVER] : [])];
  if (!how.esm) return `const { ${values.join(', ')} } = require(${quoted})${semi}`;
  const types = names.mainContextType && how.typescript ? ['type MainContext'] : [];
  return `import { ${[...values, ...types].join(', ')} } from ${quoted}${semi}`;
}

/**
 * Adds the helper's import as text after the printed code's last import (ESM) or leading
 * `require`s (CommonJS), else after the directives, else first: recast would reflow the blank
 * lines around a new import statement.
 */
function insertImport(body: string, importLine: string, esm: boolean, j: ReturnType<typeof jscodeshiftFor>): string {
  const { program } = parseProgram(j, body);
  const statements = children(program, 'body');
  let anchor: AnyNode | undefined;
  if (esm) anchor = statements.filter((statement) => statement.type === 'ImportDeclaration').at(-1);
  else {
    for (const statement of statements) {
      if (!isRequireDeclaration(statement)) break;
      anchor = statement;
    }
  }
  const directive = anchor ? undefined : children(program, 'directives').at(-1);
  const after = anchor ?? directive;
  if (!after) return `${importLine}\n\n${body}`;
  const lineEnd = body.indexOf('\n', Number(after.end));
  const at = lineEnd === -1 ? body.length : lineEnd;
  const blank = directive && body[at + 1] !== '\n' ? '\n' : '';
  return `${body.slice(0, at)}\n${importLine}${blank}${body.slice(at)}`;
}

function isRequireDeclaration(statement: AnyNode): boolean {
  if (statement.type !== 'VariableDeclaration') return false;
  return children(statement, 'declarations').every((declarator) => isRequireExpression(child(declarator, 'init')));
}

/** The plain jscodeshift transform: `--helper=<path>` places the helper, `--dry` writes nothing. */
export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const helperPath = typeof options.helper === 'string' ? path.resolve(options.helper) : undefined;
  const helpers = typeof options.helpers === 'string' ? options.helpers.split(',').filter(Boolean) : [];
  const result = gracefulMain(file.path, file.source, { ...(helperPath === undefined ? {} : { helperPath }), helpers });
  if (result.status === 'skipped')
    (api.report as ((message: string) => void) | undefined)?.(`skipped: ${result.reason ?? ''}`);
  if (result.status !== 'changed') return undefined;
  if (helperPath !== undefined && result.helper && result.helper.path !== helperPath) {
    (api.report as ((message: string) => void) | undefined)?.(
      `imports the ${result.helper.variant} helper ${result.helper.path} beside --helper ${helperPath}, which it cannot run`,
    );
  }
  if (!options.dry && result.helper) ensureHelper(result.helper);
  return result.output;
}
