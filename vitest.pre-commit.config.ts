// `npm run test:pre-commit`: the pre-commit hooks installed by the real tool (minutes: each
// install builds the package), apart from `npm test`; .ci/run runs it.
import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: { ...base.test, include: ['tests/pre-commit/**/*.test.ts'], exclude: configDefaults.exclude },
});
