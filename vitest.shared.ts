import { defineConfig, type ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;

/**
 * What every suite shares: real processes and ports, so one file at a time with generous timeouts,
 * and a JSON report that scripts/test-summary.mjs adds up into the closing line CI reads.
 */
export function sightlineVitestConfig(overrides: TestOptions = {}) {
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      fileParallelism: false,
      reporters: ['default', 'json'],
      outputFile: { json: '.reports/vitest.json' },
      ...overrides,
    },
  });
}
