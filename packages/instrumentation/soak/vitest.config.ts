import { sightlineVitestConfig } from '../../../vitest.shared.js';

// The long suites: `pnpm soak` (minutes), never part of `./run test`.
export default sightlineVitestConfig({ include: ['soak/**/*.soak.ts'], testTimeout: 30 * 60_000, outputFile: { json: '.reports/soak.json' } });
