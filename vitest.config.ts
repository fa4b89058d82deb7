import { configDefaults, defineConfig } from 'vitest/config';

/** Minutes each, with their own scripts that .ci/run runs: npm run test:pre-commit (and test:node-matrix). */
const OWN_SCRIPT = ['tests/pre-commit/**'];
const RULES = ['tests/rules/**/*.test.ts'];
/** The typed rule suites, run again under TypeScript 5 (tests/typescript-5.cjs). */
const TYPED_RULES = [
  'tests/rules/*.typed.test.ts',
  'tests/rules/*.typed-javascript.test.ts',
  'tests/rules/typescript-flags.test.ts',
];
/** Suites that run everything in memory (no child process, no signal, no global left behind). */
const IN_PROCESS = [
  'tests/detection/**/*.test.ts',
  'tests/bench/**/*.test.ts',
  'tests/stress/**/*.test.ts',
  'tests/suggestions-end-their-finding.test.ts',
  'tests/cli/units.test.ts',
  'tests/cli/probe-units.test.ts',
  'tests/codemods/graceful-main.test.ts',
  'tests/codemods/graceful-main-lint.test.ts',
  'tests/codemods/graceful-main-typecheck.test.ts',
  'tests/codemods/graceful-main-helper-placement.test.ts',
  'tests/codemods/thread-signal.test.ts',
];

/**
 * The CLI imports the plugin by its package name (`eslint-plugin-graceful-shutdown/detection/…`): this
 * export condition resolves it to the plugin's .ts sources, as tsconfig.json's `customConditions` does
 * for tsc, so tests never need a build first (docs/architecture.md §11).
 */
/** Ours first, then vite's `defaultServerConditions` (which setting the list replaces). */
const SOURCE_CONDITIONS = ['graceful-shutdown-source', 'module', 'node', 'development|production'];

export default defineConfig({
  ssr: { resolve: { conditions: SOURCE_CONDITIONS } },
  test: {
    // Process-spawning tests (runtime helper, codemod outputs, the CLI) need generous time on a loaded
    // 2-core box, where several run at once.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // vitest's default on 2 cores is one worker, idle while the processes a test spawns run; a
    // third keeps both cores busy through those waits.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        // RuleTester needs vitest's hooks (the setup file); only the rule tests pay for loading it.
        // Rule and in-process suites keep no state between files: a worker runs them in turn without
        // a fresh process each, so typescript-eslint and TypeScript load once per worker.
        test: { name: 'rules', include: RULES, setupFiles: ['tests/setup-rule-tester.ts'], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'rules-typescript-5',
          include: TYPED_RULES,
          setupFiles: ['tests/setup-rule-tester.ts'],
          isolate: false,
          execArgv: ['--require', './tests/typescript-5.cjs'],
          env: { GRACEFUL_SHUTDOWN_TYPESCRIPT: '5' },
        },
      },
      { extends: true, test: { name: 'in-process', include: IN_PROCESS, isolate: false } },
      {
        extends: true,
        test: {
          name: 'tools',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...RULES, ...IN_PROCESS, ...OWN_SCRIPT],
        },
      },
    ],
  },
});
