import path from 'node:path';

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
