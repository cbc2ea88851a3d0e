import { defineConfig } from 'vitest/config';

// Real binaries and ports: one file at a time, generous timeouts (a cold collector build takes minutes
// and runs in globalSetup).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
  },
});
