import { sightlineBuild } from '../../tsdown.shared.mjs';

export default sightlineBuild(['src/index.ts', 'src/policy.ts', 'src/pending.ts']);
