import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';

/**
 * The compiler options of every virtual file a typed rule test lints (`file.ts`, `react.tsx`, docs examples).
 * typescript-eslint keeps ONE project service per process and takes the default project's options from the
 * first typed parse; the rule suites share a worker (`isolate: false`), so per-suite options made results
 * depend on which suite ran first. Every typed suite passes these same options.
 */
export const VIRTUAL_FILES_TSCONFIG = path.resolve(
  import.meta.dirname,
  '../../fixtures/rules/tsconfig.virtual-files.json',
);

/** Parser options that lint virtual files under `tsconfigRootDir` with the shared default project. */
export function typedParserOptions(tsconfigRootDir: string) {
  return {
    projectService: { allowDefaultProject: ['*.ts*'], defaultProject: VIRTUAL_FILES_TSCONFIG },
    tsconfigRootDir,
  };
}

/** A finding of `lintTypedJavaScript`. */
export interface JavaScriptFinding {
  readonly line: number;
  readonly messageId: string | undefined;
  readonly message: string;
}

/**
 * Lints one JavaScript file of a fixture project whose tsconfig.json has `allowJs`, with one rule in
 * type-aware mode: as a typed lint of a package's JavaScript runs (JSDoc types declarations there).
 */
export async function lintTypedJavaScript(
  project: string,
  file: string,
  rule: unknown,
  options: Record<string, unknown>,
): Promise<JavaScriptFinding[]> {
  const eslint = new ESLint({
    cwd: project,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.js'],
        languageOptions: { parser: tsParser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: project } },
        plugins: { gs: { rules: { rule: rule as never } } },
        rules: { 'gs/rule': ['error', { typeAware: true, ...options }] },
      },
    ],
  });
  const [result] = await eslint.lintFiles([path.join(project, 'lib', file)]);
  return result!.messages.map(({ line, messageId, message }) => ({ line, messageId, message }));
}
