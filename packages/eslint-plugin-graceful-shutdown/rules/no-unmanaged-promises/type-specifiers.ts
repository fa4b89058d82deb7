/**
 * typescript-eslint's type-or-value specifiers (`allowForKnownSafeCalls`, `allowForKnownSafePromises`),
 * matched against the type checker's view of a callee or a promise.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import type { TypeOrValueSpecifier } from './options.js';
import { ambientModuleOf } from '../../detection/never-rejecting-apis.js';

const specifierNames = (name: string | readonly string[]): readonly string[] =>
  typeof name === 'string' ? [name] : name;

function nameMatches(type: ts.Type, names: readonly string[]): boolean {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const intrinsic = (type as { intrinsicName?: string }).intrinsicName;
  return names.some((name) => (symbol !== undefined && symbol.escapedName === name) || intrinsic === name);
}

function declaredInPackage(packageName: string, symbol: ts.Symbol | undefined, program: ts.Program): boolean {
  const declarations = symbol?.getDeclarations() ?? [];
  const normalized = packageName.replace(/^node:/, '');
  const typesName = normalized.replace(/^@([^/]+)\//, '$1__');
  return declarations.some((declaration) => {
    // `declare module 'pkg' { … }` (Node's own typings declare their modules this way).
    const ambient = ambientModuleOf(declaration);
    if (ambient === packageName || ambient === normalized || ambient === `node:${normalized}`) return true;
    const file = declaration.getSourceFile();
    if (!program.isSourceFileFromExternalLibrary(file)) return false;
    const path = file.fileName.replace(/\\/g, '/');
    return path.includes(`/node_modules/${normalized}/`) || path.includes(`/node_modules/@types/${typesName}/`);
  });
}

function sourceMatches(
  specifier: Exclude<TypeOrValueSpecifier, string>,
  symbol: ts.Symbol | undefined,
  program: ts.Program,
): boolean {
  const files = (symbol?.getDeclarations() ?? []).map((declaration) => declaration.getSourceFile());
  switch (specifier.from) {
    case 'lib':
      return files.length === 0 || files.some((file) => program.isSourceFileDefaultLibrary(file));
    case 'file': {
      const cwd = program.getCurrentDirectory().replace(/\\/g, '/');
      if (specifier.path === undefined)
        return files.some(
          (file) => file.fileName.replace(/\\/g, '/').startsWith(cwd) && !file.fileName.includes('/node_modules/'),
        );
      const wanted = `${cwd}/${specifier.path.replace(/^\.\//, '')}`;
      return files.some((file) => file.fileName.replace(/\\/g, '/') === wanted);
    }
    case 'package':
      return declaredInPackage(specifier.package, symbol, program);
    default:
      return false;
  }
}

function typeMatchesSpecifier(type: ts.Type, specifier: TypeOrValueSpecifier, program: ts.Program): boolean {
  if (type.isUnion()) return type.types.every((part) => typeMatchesSpecifier(part, specifier, program));
  const names = specifierNames(typeof specifier === 'string' ? specifier : specifier.name);
  if (
    nameMatches(type, names) &&
    (typeof specifier === 'string' || sourceMatches(specifier, type.getSymbol() ?? type.aliasSymbol, program))
  )
    return true;
  return type.isIntersection() && type.types.some((part) => typeMatchesSpecifier(part, specifier, program));
}

export function typeMatchesSomeSpecifier(
  type: ts.Type,
  specifiers: readonly TypeOrValueSpecifier[],
  program: ts.Program,
): boolean {
  return specifiers.length > 0 && specifiers.some((specifier) => typeMatchesSpecifier(type, specifier, program));
}

export function valueMatchesSpecifier(
  node: TSESTree.Node,
  specifier: TypeOrValueSpecifier,
  type: ts.Type,
  program: ts.Program,
): boolean {
  const name =
    node.type === 'Identifier'
      ? node.name
      : node.type === 'Literal' && typeof node.value === 'string'
        ? node.value
        : undefined;
  if (name === undefined) return false;
  if (typeof specifier === 'string') return specifier === name;
  if (!specifierNames(specifier.name).includes(name)) return false;
  return specifier.from === 'package'
    ? declaredInPackage(specifier.package, type.getSymbol() ?? type.aliasSymbol, program)
    : true;
}
