import { sightlineBuild } from '../../tsdown.shared.mjs';

// The preload's CommonJS entry is written apart (register-require.ts, built as register.cjs): it
// loads the rest synchronously, where the ESM one (register.ts) uses a top-level await.
// node-version is loaded by path from bin/sightline.js.
export default sightlineBuild(['src/index.ts', 'src/cli/main.ts', 'src/node-version.ts'], {
  esm: ['src/register.ts'],
  cjs: [{ register: 'src/register-require.ts' }],
});
