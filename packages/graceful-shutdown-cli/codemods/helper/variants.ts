// The runtime helper the `graceful-main` codemod writes into a user's project, in the flavour the
// project needs. `graceful-shutdown.ts` beside this file is the single source of truth; the
// JavaScript variants are generated from it (types stripped by TypeScript's own transpiler) at
// build time by scripts/build-helper.ts, or in memory when no build output exists (tests).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ts as TypeScript } from 'ts-morph';

export type HelperVariant = 'ts' | 'esm' | 'cjs';

/** Built file names under dist/helper/. */
export const helperFileNames: Readonly<Record<HelperVariant, string>> = {
  ts: 'graceful-shutdown.ts',
  esm: 'graceful-shutdown.esm.js',
  cjs: 'graceful-shutdown.cjs',
};

const VERSION_LINE = /^\/\/ graceful-shutdown helper v\S+$/m;
// The TypeScript printer drops blank lines; this marker comment carries them through.
const BLANK = '//@@graceful-shutdown-blank-line@@';

// ts-morph's own TypeScript (a runtime dependency), loaded only when a variant must be generated:
// reading the built files must not pay its ~1 s start-up (jscodeshift loads the codemod per worker).
let typescript: typeof TypeScript | undefined;
const loadTypeScript = (): typeof TypeScript =>
  (typescript ??= (createRequire(import.meta.url)('ts-morph') as { ts: typeof TypeScript }).ts);

/** Generates one variant of the helper from the template's text, stamping `version`. */
export function generateHelperVariant(variant: HelperVariant, templateText: string, version: string): string {
  if (!VERSION_LINE.test(templateText))
    throw new Error('helper template: no version stamp line ("// graceful-shutdown helper v…")');
  const text = templateText.replace(/\r\n/g, '\n').replace(VERSION_LINE, `// graceful-shutdown helper v${version}`);
  if (variant === 'ts') return text;
  const ts = loadTypeScript();
  // The header comment would be elided with the `import type` it is attached to: keep it aside.
  const headerMatch = /^(?:\/\/.*\n)+/.exec(text);
  const header = headerMatch?.[0] ?? '';
  const body = text.slice(header.length).replace(/^[ \t]*$/gm, BLANK);
  const { outputText, diagnostics } = ts.transpileModule(body, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  if (diagnostics && diagnostics.length > 0) {
    throw new Error(`helper template: ${ts.flattenDiagnosticMessageText(diagnostics[0]?.messageText, '\n')}`);
  }
  const esm = tidy(outputText);
  return variant === 'esm' ? header + esm : header + toCommonJs(esm);
}

/** Restores blank lines, halves the printer's 4-space indentation (the template has no multi-line
 * template literals whose text this could touch), and trims blank-line runs. */
function tidy(js: string): string {
  return js
    .replace(new RegExp(`^[ \\t]*${BLANK}[ \\t]*$`, 'gm'), '')
    .replace(/^((?: {4})+)/gm, (indent) => ' '.repeat(indent.length / 2))
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .replace(/\n*$/, '\n');
}

/**
 * Turns the template's ESM output into plain CommonJS: named `node:` imports become
 * `const { … } = require(…)` and exported functions become `module.exports = { … }`. It accepts
 * only those two forms, and throws on anything else, so a template edit cannot slip through
 * half-converted. (TypeScript's own CommonJS output would add `__esModule` and `(0, x_1.f)(…)`.)
 */
function toCommonJs(esm: string): string {
  const ts = loadTypeScript();
  const file = ts.createSourceFile('helper.js', esm, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const edits: { start: number; end: number; text: string }[] = [];
  const exported: string[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings) || statement.importClause?.name) {
        throw new Error(`helper template: only named imports convert to CommonJS: ${statement.getText()}`);
      }
      const names = bindings.elements.map((e) =>
        e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text,
      );
      const specifier = statement.moduleSpecifier.getText();
      edits.push({
        start: statement.getStart(),
        end: statement.getEnd(),
        text: `const { ${names.join(', ')} } = require(${specifier});`,
      });
    } else if (ts.isFunctionDeclaration(statement) && statement.name && hasExport(statement)) {
      const keyword = statement.modifiers?.find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (keyword) edits.push({ start: keyword.getStart(), end: keyword.getEnd() + 1, text: '' });
      exported.push(statement.name.text);
    } else if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement) || hasExport(statement)) {
      throw new Error(`helper template: only exported functions convert to CommonJS: ${statement.getText()}`);
    }
  }
  let out = esm;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, start) + text + out.slice(end);
  return `'use strict';\n${out.replace(/\n*$/, '\n')}\nmodule.exports = { ${exported.join(', ')} };\n`;
}

function hasExport(node: TypeScript.Statement): boolean {
  const ts = loadTypeScript();
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

const packageVersion = (): string => {
  for (const up of ['../../package.json', '../../../package.json']) {
    const url = new URL(up, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
    if (pkg.name === 'graceful-shutdown-cli' && typeof pkg.version === 'string') return pkg.version;
  }
  throw new Error('graceful-shutdown helper: cannot find the package version');
};

/**
 * The text of a variant as built (dist/helper/), or generated now from the template when no
 * build output is there (running from sources without a build, as tests do).
 */
export function readHelperVariant(variant: HelperVariant): string {
  const name = helperFileNames[variant];
  for (const dir of ['../../helper/', '../../dist/helper/']) {
    const url = new URL(name, new URL(dir, import.meta.url));
    if (existsSync(url)) return readFileSync(url, 'utf8');
  }
  const template = readFileSync(new URL('./graceful-shutdown.ts', import.meta.url), 'utf8');
  return generateHelperVariant(variant, template, packageVersion());
}
