// `npm run test:pre-commit`: the pre-commit hooks installed by the real tool (minutes: each
// install builds the package), apart from `npm test`; .ci/run runs it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['tests/pre-commit/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 300_000, pool: 'forks' },
});
