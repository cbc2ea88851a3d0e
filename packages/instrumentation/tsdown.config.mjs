import { sightlineBuild } from '../../tsdown.shared.mjs';

// The preload's entries are register.ts (ESM, `--import`) and register-require.ts (built as
// register.cjs, `--require`); both load dist/preload.cjs below at run time, after the version check.
// node-version is loaded by path from bin/sightline.js.
const files = sightlineBuild(['src/index.ts', 'src/start.ts', 'src/cli/main.ts', 'src/node-version.ts'], {
  esm: ['src/register.ts'],
  cjs: [{ register: 'src/register-require.ts' }],
});

// What both register entries load: start and this package's own modules in one CommonJS file (one
// module to resolve and compile instead of ~70, about 15 ms of start-up); every package stays
// external, so each OpenTelemetry package is still installed and loaded once.
const preload = {
  entry: { preload: 'src/start.ts' },
  platform: 'node',
  target: 'node22.15',
  format: 'cjs',
  unbundle: false,
  external: [/^[^./]/],
  dts: false,
  sourcemap: false,
  clean: false,
};

export default [...files, preload];
