import { sightlineBuild } from '../../tsdown.shared.mjs';

// The preload's CommonJS entry is written apart (register-require.ts, built as register.cjs): it
// loads the rest synchronously, where the ESM one (register.ts) uses a top-level await.
// start is an entry of its own so that startFromEntry, which that entry loads at run time, is kept;
// node-version is loaded by path from bin/sightline.js.
export default sightlineBuild(['src/index.ts', 'src/start.ts', 'src/cli/main.ts', 'src/node-version.ts'], {
  esm: ['src/register.ts'],
  cjs: [{ register: 'src/register-require.ts' }],
});
