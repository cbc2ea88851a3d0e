import { sightlineVitestConfig } from '../vitest.shared.js';

// Real binaries and ports, generous timeouts (a cold collector build takes minutes and runs in globalSetup).
export default sightlineVitestConfig({
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
});
