/**
 * The shared table of signal-accepting APIs (`detection/signal-apis.ts`) applied to ts-morph's
 * TypeScript nodes. The table's matcher (`findSignalApi`) and placement (`optionsPlacement`) work
 * on ESTree-shaped nodes and argument shapes; this file gives them a minimal ESTree view of the
 * call (callee, arguments, the file's imports) and answers their scope questions with the checker,
 * so the codemod and the `require-signal-propagation` rule can never disagree on a row.
 */
import { ts } from 'ts-morph';
import { type AnyNode } from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';
import { collectImports, type ImportMap } from 'eslint-plugin-graceful-shutdown/detection/imports';
import {
  type ArgumentShape,
  findSignalApi,
  objectLiteralSignal,
  optionsPlacement,
  type SignalApi,
} from 'eslint-plugin-graceful-shutdown/detection/signal-apis';
import {
  GLOBAL_BINDING,
  IMPORT_BINDING,
  type NameResolver,
  UNKNOWN_BINDING,
} from 'eslint-plugin-graceful-shutdown/detection/syntax/names';
import { type CallEditOutcome, abbreviate } from './call-edits.js';
import { type AnalysisContext, type Binding } from './model.js';
import { appendToList, bracedCommaList } from './text-edits.js';

const TS_NODE = Symbol('tsNode');
type Estree = AnyNode & { [TS_NODE]?: ts.Node };

const cache = new WeakMap<ts.Node, Estree>();

const literal = (node: ts.Node, value: unknown): Estree => ({ type: 'Literal', value, [TS_NODE]: node });

/** An ESTree view of an expression, as deep as the table's matcher looks (callees, receivers, argument shapes). */
export function toEstree(node: ts.Node): Estree {
  const cached = cache.get(node);
  if (cached) return cached;
  const converted = convert(node);
  converted[TS_NODE] = node;
  cache.set(node, converted);
  return converted;
}

function propertyKey(name: ts.PropertyName): { key: Estree; computed: boolean } {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name))
    return { key: { type: 'Identifier', name: name.text }, computed: false };
  if (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))
    return { key: literal(name, name.text), computed: false };
  if (ts.isNumericLiteral(name)) return { key: literal(name, Number(name.text)), computed: false };
  if (ts.isComputedPropertyName(name)) return { key: toEstree(name.expression), computed: true };
  return { key: { type: 'Unknown' }, computed: true };
}

function convert(node: ts.Node): Estree {
  if (ts.isIdentifier(node)) return { type: 'Identifier', name: node.text };
  if (ts.isParenthesizedExpression(node))
    return { type: 'ParenthesizedExpression', expression: toEstree(node.expression) };
  if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node))
    return { type: 'TSAsExpression', expression: toEstree(node.expression) };
  if (ts.isSatisfiesExpression(node)) return { type: 'TSSatisfiesExpression', expression: toEstree(node.expression) };
  if (ts.isNonNullExpression(node)) return { type: 'TSNonNullExpression', expression: toEstree(node.expression) };
  if (ts.isPropertyAccessExpression(node)) {
    return {
      type: 'MemberExpression',
      object: toEstree(node.expression),
      property: { type: 'Identifier', name: node.name.text },
      computed: false,
      optional: node.questionDotToken !== undefined,
    };
  }
  if (ts.isElementAccessExpression(node))
    return {
      type: 'MemberExpression',
      object: toEstree(node.expression),
      property: toEstree(node.argumentExpression),
      computed: true,
    };
  if (ts.isCallExpression(node)) {
    const callee =
      node.expression.kind === ts.SyntaxKind.ImportKeyword ? { type: 'Import' } : toEstree(node.expression);
    return {
      type: 'CallExpression',
      callee,
      arguments: node.arguments.map(toEstree),
      optional: node.questionDotToken !== undefined,
    };
  }
  if (ts.isNewExpression(node))
    return {
      type: 'NewExpression',
      callee: toEstree(node.expression),
      arguments: (node.arguments ?? []).map(toEstree),
    };
  if (ts.isSpreadElement(node)) return { type: 'SpreadElement', argument: toEstree(node.expression) };
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    return { type: 'Literal', value: node.text };
  if (ts.isTemplateExpression(node))
    return {
      type: 'TemplateLiteral',
      quasis: [],
      expressions: node.templateSpans.map((span) => toEstree(span.expression)),
    };
  if (ts.isNumericLiteral(node)) return { type: 'Literal', value: Number(node.text) };
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword)
    return { type: 'Literal', value: node.kind === ts.SyntaxKind.TrueKeyword };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { type: 'Literal', value: null };
  if (node.kind === ts.SyntaxKind.ThisKeyword) return { type: 'ThisExpression' };
  if (ts.isArrayLiteralExpression(node)) return { type: 'ArrayExpression', elements: node.elements.map(toEstree) };
  if (ts.isArrowFunction(node))
    return {
      type: 'ArrowFunctionExpression',
      params: [],
      async: node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false,
    };
  if (ts.isFunctionExpression(node)) return { type: 'FunctionExpression', params: [] };
  if (ts.isClassExpression(node)) return { type: 'ClassExpression' };
  if (ts.isBinaryExpression(node)) return { type: 'BinaryExpression' };
  if (ts.isPrefixUnaryExpression(node) || ts.isTypeOfExpression(node) || ts.isVoidExpression(node))
    return { type: 'UnaryExpression' };
  if (ts.isPostfixUnaryExpression(node)) return { type: 'UpdateExpression' };
  if (ts.isRegularExpressionLiteral(node)) return { type: 'RegExpLiteral' };
  if (ts.isBigIntLiteral(node)) return { type: 'BigIntLiteral' };
  if (ts.isMetaProperty(node))
    return {
      type: 'MetaProperty',
      meta: { type: 'Identifier', name: node.keywordToken === ts.SyntaxKind.ImportKeyword ? 'import' : 'new' },
      property: { type: 'Identifier', name: node.name.text },
    };
  if (ts.isObjectLiteralExpression(node)) {
    return {
      type: 'ObjectExpression',
      properties: node.properties.map((property): Estree => {
        if (ts.isSpreadAssignment(property)) return { type: 'SpreadElement', argument: toEstree(property.expression) };
        if (ts.isShorthandPropertyAssignment(property)) {
          return {
            type: 'Property',
            key: { type: 'Identifier', name: property.name.text },
            value: toEstree(property.name),
            computed: false,
            shorthand: true,
          };
        }
        const { key, computed } = propertyKey(property.name);
        const value = ts.isPropertyAssignment(property)
          ? toEstree(property.initializer)
          : { type: 'FunctionExpression', params: [] };
        return { type: 'Property', key, value, computed };
      }),
    };
  }
  return { type: 'Unknown' };
}

function pattern(name: ts.BindingName): Estree {
  if (ts.isIdentifier(name)) return { type: 'Identifier', name: name.text };
  if (ts.isObjectBindingPattern(name)) {
    return {
      type: 'ObjectPattern',
      properties: name.elements.map((element): Estree => {
        if (element.dotDotDotToken) return { type: 'RestElement', argument: pattern(element.name) };
        const keyName = element.propertyName ?? element.name;
        const { key, computed } = ts.isIdentifier(keyName)
          ? { key: { type: 'Identifier', name: keyName.text } as Estree, computed: false }
          : propertyKey(keyName as ts.PropertyName);
        const value = element.initializer
          ? { type: 'AssignmentPattern', left: pattern(element.name) }
          : pattern(element.name);
        return { type: 'Property', key, value, computed };
      }),
    };
  }
  return { type: 'ArrayPattern', elements: [] };
}

const importCache = new WeakMap<ts.SourceFile, ImportMap>();

/** The file's module bindings, by the shared `collectImports` over an ESTree view of its top-level statements. */
function importsOf(file: ts.SourceFile): ImportMap {
  const cached = importCache.get(file);
  if (cached) return cached;
  const body: Estree[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const specifiers: Estree[] = [];
      if (clause && !clause.isTypeOnly) {
        if (clause.name)
          specifiers.push({ type: 'ImportDefaultSpecifier', local: { type: 'Identifier', name: clause.name.text } });
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings))
          specifiers.push({
            type: 'ImportNamespaceSpecifier',
            local: { type: 'Identifier', name: bindings.name.text },
          });
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            if (element.isTypeOnly) continue;
            const imported = element.propertyName ?? element.name;
            specifiers.push({
              type: 'ImportSpecifier',
              local: { type: 'Identifier', name: element.name.text },
              imported: ts.isIdentifier(imported)
                ? { type: 'Identifier', name: imported.text }
                : { type: 'Literal', value: imported.text },
            });
          }
        }
      }
      body.push({
        type: 'ImportDeclaration',
        source: { type: 'Literal', value: statement.moduleSpecifier.text },
        specifiers,
      });
    } else if (ts.isVariableStatement(statement)) {
      body.push({
        type: 'VariableDeclaration',
        declarations: statement.declarationList.declarations.map((d) => ({
          type: 'VariableDeclarator',
          id: pattern(d.name),
          init: d.initializer ? toEstree(d.initializer) : null,
        })),
      });
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      body.push({
        type: 'TSImportEqualsDeclaration',
        id: { type: 'Identifier', name: statement.name.text },
        moduleReference: {
          type: 'TSExternalModuleReference',
          expression: { type: 'Literal', value: statement.moduleReference.expression.text },
        },
      });
    }
  }
  const imports = collectImports({ type: 'Program', body });
  importCache.set(file, imports);
  return imports;
}

/** The scope questions of the table's matcher, answered by the checker. */
function resolver(ctx: AnalysisContext): NameResolver {
  return (identifier) => {
    const node = (identifier as Estree)[TS_NODE];
    if (!node) return GLOBAL_BINDING;
    const symbol = ctx.checker.getSymbolAtLocation(node);
    const declaration = symbol?.declarations?.[0];
    if (!declaration) return GLOBAL_BINDING;
    if (
      ts.isImportSpecifier(declaration) ||
      ts.isImportClause(declaration) ||
      ts.isNamespaceImport(declaration) ||
      ts.isImportEqualsDeclaration(declaration)
    )
      return IMPORT_BINDING;
    const file = declaration.getSourceFile();
    if (file.isDeclarationFile) return GLOBAL_BINDING;
    let holder: ts.Node = declaration;
    while (ts.isBindingElement(holder) || ts.isObjectBindingPattern(holder) || ts.isArrayBindingPattern(holder))
      holder = holder.parent;
    if (ts.isVariableDeclaration(holder)) {
      const constant = (ts.getCombinedNodeFlags(holder) & ts.NodeFlags.Const) !== 0;
      if (holder.initializer && (constant || holder !== declaration))
        return { kind: 'value', init: toEstree(holder.initializer) };
    }
    return UNKNOWN_BINDING;
  };
}

/** The table row a call matches, if any. */
export function tableApi(call: ts.CallExpression, ctx: AnalysisContext): SignalApi | undefined {
  return findSignalApi(toEstree(call), importsOf(call.getSourceFile()), { resolve: resolver(ctx) });
}

/** What an argument certainly is: syntax first, then (in type-checked files) its type. */
function shapeOf(argument: ts.Expression, ctx: AnalysisContext, typed: boolean): ArgumentShape {
  if (ts.isSpreadElement(argument)) return { isObjectLiteral: false, isSpread: true };
  let inner: ts.Expression = argument;
  while (
    ts.isParenthesizedExpression(inner) ||
    ts.isAsExpression(inner) ||
    ts.isSatisfiesExpression(inner) ||
    ts.isNonNullExpression(inner)
  )
    inner = inner.expression;
  if (ts.isObjectLiteralExpression(inner)) return { isObjectLiteral: true, isSpread: false };
  if (ts.isArrayLiteralExpression(inner)) return { isObjectLiteral: false, isSpread: false, kind: 'array' };
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner))
    return { isObjectLiteral: false, isSpread: false, kind: 'function' };
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) || ts.isTemplateExpression(inner))
    return { isObjectLiteral: false, isSpread: false, kind: 'string' };
  if (
    ts.isNumericLiteral(inner) ||
    inner.kind === ts.SyntaxKind.NullKeyword ||
    inner.kind === ts.SyntaxKind.TrueKeyword ||
    inner.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(inner) && inner.text === 'undefined')
  ) {
    return { isObjectLiteral: false, isSpread: false, kind: 'other' };
  }
  if (!typed) return { isObjectLiteral: false, isSpread: false };
  const type = ctx.checker.getTypeAtLocation(inner);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { isObjectLiteral: false, isSpread: false };
  const parts = type.isUnion() ? type.types : [type];
  if (parts.every((part) => part.flags & ts.TypeFlags.StringLike))
    return { isObjectLiteral: false, isSpread: false, kind: 'string' };
  if (parts.every((part) => part.getCallSignatures().length > 0))
    return { isObjectLiteral: false, isSpread: false, kind: 'function' };
  if (parts.every((part) => ctx.checker.isArrayLikeType(part)))
    return { isObjectLiteral: false, isSpread: false, kind: 'array' };
  if (
    parts.every(
      (part) =>
        part.flags &
        (ts.TypeFlags.NumberLike |
          ts.TypeFlags.BooleanLike |
          ts.TypeFlags.Null |
          ts.TypeFlags.Undefined |
          ts.TypeFlags.BigIntLike),
    )
  )
    return { isObjectLiteral: false, isSpread: false, kind: 'other' };
  // `new URL(…)` and other class instances without a `signal` are certainly not options here.
  if (parts.every((part) => part.isClass() || part.getSymbol()?.getName() === 'URL'))
    return { isObjectLiteral: false, isSpread: false, kind: 'other' };
  return { isObjectLiteral: false, isSpread: false };
}

function objectMember(binding: Binding): string {
  return binding.expression === 'signal' ? 'signal' : `signal: ${binding.expression}`;
}

/** The edit at a call matched by a table row, placed by the shared `optionsPlacement`. */
export function tableCallEdit(
  file: ts.SourceFile,
  call: ts.CallExpression,
  api: SignalApi,
  binding: Binding,
  ctx: AnalysisContext,
  checkedFile: boolean,
): CallEditOutcome {
  const args = call.arguments;
  const placement = optionsPlacement(
    api,
    args.map((argument) => shapeOf(argument, ctx, checkedFile)),
  );
  const member = objectMember(binding);
  switch (placement.kind) {
    case 'add-property': {
      let target: ts.Expression = args[placement.index]!;
      while (ts.isParenthesizedExpression(target)) target = target.expression;
      if (!ts.isObjectLiteralExpression(target)) return { kind: 'blocked', reason: 'its options could not be located' };
      const present = objectLiteralSignal(toEstree(target));
      if (present === 'present') return { kind: 'passed' };
      if (present === 'spread')
        return {
          kind: 'blocked',
          reason:
            'its options spread another object, which may already carry a signal: add `signal` where that object is built',
        };
      return {
        kind: 'edit',
        edit: appendToList(file, bracedCommaList(file, target, target.properties), member),
      };
    }
    case 'append-argument': {
      const text = [...placement.fillers, `{ ${member} }`].join(', ');
      const before = args[placement.index];
      if (before)
        return { kind: 'edit', edit: { start: before.getStart(file), end: before.getStart(file), text: `${text}, ` } };
      return {
        kind: 'edit',
        edit: appendToList(
          file,
          {
            items: args,
            openEnd: args.pos,
            closeStart: call.getEnd() - 1,
            separator: ',',
            separatorInItems: false,
            padEmpty: false,
          },
          text,
        ),
      };
    }
    case 'wrap-argument': {
      const argument = args[placement.index]!;
      if (placement.property !== undefined) {
        if (!checkedFile)
          return {
            kind: 'blocked',
            reason: `its \`${placement.property}\` string would become an options object (not certainly safe without checkJs)`,
          };
        return {
          kind: 'edit',
          edit: {
            start: argument.getStart(file),
            end: argument.getEnd(),
            text: `{ ${placement.property}: ${argument.getText(file)}, ${member} }`,
          },
        };
      }
      return {
        kind: 'blocked',
        reason: `its options are the expression \`${abbreviate(argument.getText(file))}\`: add \`signal\` where they are built`,
      };
    }
    default:
      return { kind: 'blocked', reason: 'where its options go cannot be told from its arguments' };
  }
}
