import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Minutes each, with their own scripts that .ci/run runs: test:pre-commit (and the Node matrix).
    exclude: [...configDefaults.exclude, 'tests/pre-commit/**'],
    setupFiles: ['tests/setup-rule-tester.ts'],
    // Process-spawning tests (runtime helper, codemod outputs) need generous time on a loaded 2-core box.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
