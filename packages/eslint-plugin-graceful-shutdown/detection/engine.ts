/**
 * What the linting engine tells a rule about the file, read the same way under ESLint and under
 * oxlint's JS plugin API (which calls our rules with an ESLint-shaped context of its own).
 */

/** The part of a rule context's `languageOptions` read here. */
export interface LanguageOptionsLike {
  readonly sourceType?: string | undefined;
  readonly parser?: unknown;
}

/** oxlint's rule contexts name their parser "oxlint". */
export const isOxlint = (languageOptions: LanguageOptionsLike): boolean =>
  (languageOptions.parser as { name?: unknown } | undefined)?.name === 'oxlint';

/**
 * Whether the file is a classic script, whose top-level bindings are globals other scripts share.
 * Under ESLint the config says so (`sourceType: "script"`). oxlint parses `.js`/`.jsx`/`.ts`/`.tsx`
 * unambiguously and calls every such file without import/export a script, though Node runs it as
 * CommonJS or as an ES module, where top-level bindings stay in the file: there no file is one.
 */
export const isClassicScript = (languageOptions: LanguageOptionsLike): boolean =>
  languageOptions.sourceType === 'script' && !isOxlint(languageOptions);

/**
 * For a rule whose `typeAware` option found no type information: the engine's own reason, when it
 * can never provide any (oxlint gives JS plugins no TypeScript program), else undefined.
 */
export const typelessEngineReason = (languageOptions: LanguageOptionsLike): string | undefined =>
  isOxlint(languageOptions)
    ? 'oxlint gives JS plugins no type information: turn `typeAware` off in the oxlint config and run the type-aware checks with ESLint'
    : undefined;
