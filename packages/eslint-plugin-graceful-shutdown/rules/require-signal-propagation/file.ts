/** What `require-signal-propagation`'s analyses share about the file being linted. */
import type { TSESLint } from '@typescript-eslint/utils';
import type { ImportMap } from '../../detection/imports.js';
import type { SignalApiLookup } from '../../detection/signal-apis.js';
import type { SignalScope } from '../../detection/signal-scope.js';
import type { TypeInformation } from './type-information.js';

export interface PropagationFile {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** The file's module bindings, filled on `Program` before any call is checked. */
  imports: ImportMap;
  /** The table (with the `apis` option's rows) and the ESLint-scope name resolver. */
  readonly lookup: SignalApiLookup;
  readonly scope: SignalScope;
  /** Present with `typeAware: true`. */
  readonly typed: TypeInformation | undefined;
}
