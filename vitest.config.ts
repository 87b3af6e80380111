import { defineConfig } from 'vitest/config';

// CI also writes a JSON report, which .ci/run turns into its closing "N passed, N failed" line.
const reporters =
  process.env.CI === 'true' ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: reporters as never,
  },
});
