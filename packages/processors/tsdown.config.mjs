import { sightlineBuild } from '../../tsdown.shared.mjs';

// One file per format: the preload loads this package at every start (bench/RESULTS.md section 11).
export default sightlineBuild(['src/index.ts'], {}, { bundle: true });
