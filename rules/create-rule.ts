import { ESLintUtils } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields our rules declare (read by eslint-doc-generator and the configs). */
export interface GracefulShutdownDocs {
  description: string;
  /** In `configs.recommended`. */
  recommended?: boolean;
  /** Only meaningful with `typeAware: true`. */
  requiresTypeChecking?: boolean;
}

export const REPO_URL = 'https://github.com/eslint-plugin-graceful-shutdown/eslint-plugin-graceful-shutdown';

export const docsUrl = (name: string): string => `${REPO_URL}/blob/main/docs/rules/${name}.md`;

export const createRule = ESLintUtils.RuleCreator<GracefulShutdownDocs>(docsUrl);
