import { sightlineVitestConfig } from '../vitest.shared.js';

export default sightlineVitestConfig({ include: ['**/*.test.ts'], exclude: ['**/node_modules/**'] });
