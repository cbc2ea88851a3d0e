// The server variants every root bench shares (how each is started and with what environment) and the OTLP sink they export to.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
export { cleanEnv } from '../packages/instrumentation/bench/lib/clean-env.js';
export { startSink } from '../packages/instrumentation/bench/lib/start-sink.js';

export const instrumentationDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'instrumentation');
export const fixtures = join(instrumentationDir, 'bench', 'fixtures');
const require = createRequire(join(instrumentationDir, 'package.json'));

/** The preload's ESM entry (`--import`), read from the package's exports map. */
function esmEntry() {
  const pkg = JSON.parse(readFileSync(join(instrumentationDir, 'package.json'), 'utf8'));
  const dot = pkg.exports['.'];
  return join(instrumentationDir, dot.import?.default ?? dot.import ?? dot.default);
}

/**
 * Variants for an app (`hello` | `realistic`) sending to `sinkUrl`; upstream always runs the CommonJS twin.
 * BENCH_COMPARE_ENTRY (another build's register.mjs, e.g. a copy of dist/ taken before a change) adds
 * `compare`, Sightline from that build, for a before/after in one run.
 */
export function serverVariants(sinkUrl, app = 'hello') {
  const otlp = {
    OTEL_SERVICE_NAME: 'bench-hello',
    OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  };
  const sightline = esmEntry();
  const list = [
    { name: 'baseline', nodeArgs: [], env: {}, app: `${app}-server.mjs` },
    { name: 'sightline', nodeArgs: ['--import', sightline], env: otlp, app: `${app}-server.mjs` },
  ];
  const compare = process.env.BENCH_COMPARE_ENTRY;
  if (compare) list.push({ name: 'compare', nodeArgs: ['--import', compare], env: otlp, app: `${app}-server.mjs` });
  try {
    list.push({
      name: 'upstream-auto',
      nodeArgs: ['--require', require.resolve('@opentelemetry/auto-instrumentations-node/register')],
      env: { ...otlp, OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process' },
      app: `${app}-server.cjs`,
    });
  } catch {
    // not installed: the caller reports the missing variant
  }
  return list;
}

/** The variants named in a comma list (an environment variable's value); all of them when it is unset or empty. */
export function selectVariants(list, names) {
  const only = names?.split(',').map((v) => v.trim()).filter(Boolean);
  return only?.length ? list.filter((v) => only.includes(v.name)) : list;
}


/**
 * More variants from the environment variable `name` (`name[@base]:VAR=value+VAR=value;...`): each is
 * `sightline` (or the variant `base`) with those variables set, e.g. one switch off at a time.
 */
export function envVariants(name, all) {
  return (process.env[name] ?? '').split(';').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new Error(`${name}: "${entry}" is not name:VAR=value+VAR=value`);
    const [variant, baseName = 'sightline'] = entry.slice(0, colon).split('@');
    const base = all.find((v) => v.name === baseName);
    if (!base) throw new Error(`${name}: no variant "${baseName}" to start "${variant}" from (BENCH_COMPARE_ENTRY unset?)`);
    const env = { ...base.env };
    for (const pair of entry.slice(colon + 1).split('+').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`${name}: "${pair}" in "${entry}" is not VAR=value`);
      env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return { ...base, name: variant, env };
  });
}
