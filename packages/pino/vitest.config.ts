import { sightlineVitestConfig } from '../../vitest.shared.js';

export default sightlineVitestConfig();
