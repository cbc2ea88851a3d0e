import { sightlineBuild } from '../../tsdown.shared.mjs';

export default sightlineBuild(['src/register.ts', 'src/index.ts', 'src/cli/main.ts']);
