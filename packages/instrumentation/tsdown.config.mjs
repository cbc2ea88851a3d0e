import { fileURLToPath } from 'node:url';
import { sightlineBuild } from '../../tsdown.shared.mjs';

// The preload's entries are register.ts (ESM, `--import`) and register-require.ts (built as
// register.cjs, `--require`); both load dist/preload.cjs below at run time, after the version check.
// node-version is loaded by path from bin/sightline.js.
const files = sightlineBuild(['src/index.ts', 'src/start.ts', 'src/cli/main.ts', 'src/node-version.ts'], {
  esm: ['src/register.ts'],
  cjs: [{ register: 'src/register-require.ts' }],
});

// What both register entries load: start, this package's own modules and the OpenTelemetry SDK in
// one CommonJS file (one module to resolve and compile instead of ~260: about 55 ms of start-up, see
// bench/RESULTS.md section 11). Shared with the app, so never bundled: `@opentelemetry/api` (global
// registry, the app's peer copy), `@sightline/*` (the app imports them too), import-in-the-middle
// (its loader hook resolves itself). Packages loaded on demand (gRPC, Prometheus, library
// instrumentations, Sentry, YAML) are required at run time and stay separate installs.
const BUNDLED = [
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/core',
  '@opentelemetry/otlp-exporter-base',
  '@opentelemetry/resource-detector-container',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-logs',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/semantic-conventions',
];
const isBundled = (id) => BUNDLED.some((name) => id === name || id.startsWith(`${name}/`));

// sdk-metrics' own attribute hash, wrapped at build time by the one `frozenAttributeHash` this
// package also applies to an installed sdk-metrics (src/sdk/share-attribute-hashes.ts). Fails the
// build when a new sdk-metrics no longer has the function, instead of silently hashing more.
let frozenHashApplied = false;
const frozenHashPlugin = {
  name: 'sightline-frozen-attribute-hash',
  buildEnd(error) {
    if (!error && !frozenHashApplied) throw new Error('sdk-metrics dist/utils.mjs was not bundled; update the frozen-hash build patch');
  },
  transform: {
    filter: { id: /@opentelemetry[\\/]sdk-metrics[\\/]dist[\\/]utils\.mjs$/ },
    handler(code) {
      const declaration = 'function hashAttributes(attributes) {';
      if (code.split(declaration).length !== 2) throw new Error('sdk-metrics dist/utils.mjs: hashAttributes(attributes) not found once; update the frozen-hash build patch');
      frozenHashApplied = true;
      const wrapper = fileURLToPath(new URL('./src/sdk/frozen-attribute-hash.ts', import.meta.url));
      return `${code.replace(declaration, 'function hashAttributesEveryTime(attributes) {')}
import { frozenAttributeHash } from ${JSON.stringify(wrapper)};
const hashAttributes = frozenAttributeHash(hashAttributesEveryTime);
`;
    },
  },
};

const preload = {
  entry: { preload: 'src/start.ts' },
  platform: 'node',
  target: 'node22.15',
  format: 'cjs',
  unbundle: false,
  deps: { alwaysBundle: BUNDLED.map((name) => new RegExp(`^${name}(/|$)`)), onlyBundle: BUNDLED, neverBundle: (id) => /^[^./#]/.test(id) && !isBundled(id) },
  define: { __SIGHTLINE_BUNDLE__: 'true' },
  plugins: [frozenHashPlugin],
  dts: false,
  sourcemap: false,
  clean: false,
};

export default [...files, preload];
