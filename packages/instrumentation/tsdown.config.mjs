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

// Source patches to bundled SDK files, each checked: the build fails when a new SDK release no
// longer has the text a patch expects, instead of silently shipping the unpatched code.
const SDK_PATCHES = [
  {
    // sdk-metrics' own attribute hash, wrapped by the one `frozenAttributeHash` this package also
    // applies to an installed sdk-metrics (src/sdk/share-attribute-hashes.ts).
    file: /@opentelemetry[\\/]sdk-metrics[\\/]dist[\\/]utils\.mjs$/,
    find: 'function hashAttributes(attributes) {',
    patch: (code, find) => `${code.replace(find, 'function hashAttributesEveryTime(attributes) {')}
import { frozenAttributeHash } from ${JSON.stringify(fileURLToPath(new URL('./src/sdk/frozen-attribute-hash.ts', import.meta.url)))};
const hashAttributes = frozenAttributeHash(hashAttributesEveryTime);
`,
  },
  {
    // core checks every attribute value of every span (twice at start) with a fresh cycle-tracking
    // WeakSet, even for a string: ~1.6 KiB of garbage per server span, and WeakSets are costly for
    // the GC. Primitives answer before the set is made; anything else is checked as before.
    file: /@opentelemetry[\\/]core[\\/]dist[\\/]common[\\/]attributes\.mjs$/,
    find: 'function isAnyValue(val) {',
    patch: (code, find) => code.replace(find, `${find}
	const type = typeof val;
	if (type === "string" || type === "number" || type === "boolean") return true;`),
  },
  {
    // The same check walks the attributes with Object.entries: one array per attribute, per call.
    // for-in with Object.hasOwn visits the same keys in the same order from V8's cached key list.
    file: /@opentelemetry[\\/]core[\\/]dist[\\/]common[\\/]attributes\.mjs$/,
    find: 'for (const [key, val] of Object.entries(inAttributes)) {',
    patch: (code, find) => code.replace(find, 'for (const key in inAttributes) {\n\t\tif (!Object.hasOwn(inAttributes, key)) continue;\n\t\tconst val = inAttributes[key];'),
  },
  {
    // A log record's attributes (every pino line exported) set through Object.entries: an array per
    // attribute and one for the list. for-in with Object.hasOwn visits the same keys in the same order.
    file: /@opentelemetry[\\/]sdk-logs[\\/]dist[\\/]LogRecordImpl\.mjs$/,
    find: 'for (const [k, v] of Object.entries(attributes)) this.setAttribute(k, v);',
    patch: (code, find) => code.replace(find, 'for (const k in attributes) if (Object.hasOwn(attributes, k)) this.setAttribute(k, attributes[k]);'),
  },
  {
    // The tracer's own span counts (otel.sdk.span.started/live) go to the API's no-op meter unless a
    // meter provider is given, which Sightline does not do: still an attribute object per span, and a
    // closure and two calls per recorded one. With the no-op meter the bookkeeping is skipped.
    file: /@opentelemetry[\\/]sdk-trace[\\/]dist[\\/]Tracer\.mjs$/,
    find: 'this._tracerMetrics = new TracerMetrics(meter);',
    patch: (code, find) => code.replace(find, 'this._tracerMetrics = meter === api.createNoopMeter() ? undefined : new TracerMetrics(meter);'),
  },
  {
    file: /@opentelemetry[\\/]sdk-trace[\\/]dist[\\/]Tracer\.mjs$/,
    find: 'const recordEndMetrics = this._tracerMetrics.startSpan(',
    patch: (code, find) => code.replace(find, 'const recordEndMetrics = this._tracerMetrics?.startSpan('),
  },
];

const applied = new Set();
const sdkPatchPlugin = {
  name: 'sightline-sdk-patches',
  buildEnd(error) {
    const missing = SDK_PATCHES.filter((p) => !applied.has(p));
    if (!error && missing.length > 0) throw new Error(`SDK patches not applied (file not bundled): ${missing.map((p) => p.find).join('; ')}`);
  },
  transform: {
    filter: { id: { include: SDK_PATCHES.map((p) => p.file) } },
    handler(code, id) {
      for (const p of SDK_PATCHES.filter((q) => q.file.test(id))) {
        if (code.split(p.find).length !== 2) throw new Error(`${id}: "${p.find}" not found once; update the SDK patch in tsdown.config.mjs`);
        code = p.patch(code, p.find);
        applied.add(p);
      }
      return code;
    },
  },
};

const preload = {
  entry: { preload: 'src/start.ts' },
  platform: 'node',
  target: 'node22.15',
  format: 'cjs',
  unbundle: false,
  deps: { alwaysBundle: isBundled, onlyBundle: BUNDLED, neverBundle: (id) => /^[^./#]/.test(id) && !isBundled(id) },
  define: { __SIGHTLINE_BUNDLE__: 'true' },
  plugins: [sdkPatchPlugin],
  dts: false,
  sourcemap: false,
  clean: false,
};

export default [...files, preload];
