import { sightlineVitestConfig } from '../../vitest.shared.js';

export default sightlineVitestConfig({ globalSetup: ['test/global-setup.ts'] });
