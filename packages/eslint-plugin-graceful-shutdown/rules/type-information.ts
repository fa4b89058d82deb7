/**
 * Rule-only glue for `typeAware: true` (docs/architecture.md §5): every rule asks for type
 * information here, so a missing parser setup fails the same way, naming the rule and the file.
 */
import type { ParserServicesWithTypeInformation, TSESLint } from '@typescript-eslint/utils';
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import { typelessEngineReason } from '../detection/engine.js';

/** The parser's type information for this file; throws a clear error when the parser provided none. */
export function requireTypeInformation(
  ruleName: string,
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): ParserServicesWithTypeInformation {
  try {
    return ESLintUtils.getParserServices(context);
  } catch (error) {
    // An engine that never gives type information (oxlint's JS plugins) gets its own reason.
    const engineReason = typelessEngineReason(context.languageOptions);
    if (engineReason !== undefined)
      throw new Error(`graceful-shutdown/${ruleName}: "typeAware: true" in ${context.filename}: ${engineReason}.`, {
        cause: error,
      });
    throw new Error(
      `graceful-shutdown/${ruleName}: "typeAware: true" needs type information, but the parser provided none for ${context.filename}. ` +
        'Lint TypeScript files with @typescript-eslint/parser and `parserOptions.projectService: true` (or `project`), ' +
        'or turn "typeAware" off (the `recommended-type-checked` config only covers **/*.{ts,tsx,mts,cts}).',
      { cause: error },
    );
  }
}
