import { EnvReader } from './EnvReader.js';
import { resolveHealthConfig } from './health-config.js';
import { PRESETS, type Preset, presetTarget } from './presets.js';
import { resolveOtlpTarget } from './otlp-target.js';
import { DEFAULT_REQUEST_ID_HEADERS } from '@sightline/pino/policy';
import { INSTRUMENTATION_NAMES } from '../instrumentations.js';
import { captureHeaders, ignorePaths } from './http-settings.js';
import { pinoSettings, processorSettings } from './package-settings.js';
import { checkVariableNames } from './unknown-variables.js';
import { RESOURCE_DETECTOR_NAMES } from './resource-detector-names.js';
import { parseDsn, sentryOtlpTraceTarget } from '../sentry/sentry-dsn.js';
import { SIGNALS, type BatchConfig, type MetricTarget, type MetricTemporality, type PrometheusTarget, type SamplerConfig, type Signal, type SightlineConfig } from './SightlineConfig.js';

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];
const PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi', 'none'];
const EXPORTERS = ['otlp', 'console', 'none'];
const METRIC_EXPORTERS = [...EXPORTERS, 'prometheus'];

function resourceAttributes(env: EnvReader): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = env.string('OTEL_RESOURCE_ATTRIBUTES');
  if (raw === undefined) return out;
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const i = pair.indexOf('=');
    if (i <= 0) {
      env.problem('OTEL_RESOURCE_ATTRIBUTES', raw, `malformed entry ${JSON.stringify(pair)} (expected key=value)`, 'skipping it');
      continue;
    }
    try {
      out[pair.slice(0, i).trim()] = decodeURIComponent(pair.slice(i + 1).trim());
    } catch {
      out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
    }
  }
  return out;
}

function resourceDetectors(env: EnvReader): string[] | undefined {
  const list = env.list('OTEL_NODE_RESOURCE_DETECTORS');
  for (const n of list?.filter((d) => !RESOURCE_DETECTOR_NAMES.includes(d)) ?? []) {
    env.problem('OTEL_NODE_RESOURCE_DETECTORS', list!.join(','), `unknown detector ${JSON.stringify(n)} (known: ${RESOURCE_DETECTOR_NAMES.join(', ')})`, 'skipping it');
  }
  return list?.filter((d) => RESOURCE_DETECTOR_NAMES.includes(d));
}

const TEMPORALITIES: readonly MetricTemporality[] = ['cumulative', 'delta', 'lowmemory'];

function metricTemporality(env: EnvReader): MetricTemporality {
  const value = env.string('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE')?.toLowerCase() ?? 'cumulative';
  if ((TEMPORALITIES as readonly string[]).includes(value)) return value as MetricTemporality;
  env.problem('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', value, `unsupported temporality (supported: ${TEMPORALITIES.join(', ')})`, 'using cumulative');
  return 'cumulative';
}

function sampler(env: EnvReader): SamplerConfig {
  const fallback = 'parentbased_always_on';
  let name = env.string('OTEL_TRACES_SAMPLER')?.toLowerCase() ?? fallback;
  if (!SAMPLERS.includes(name)) {
    env.problem('OTEL_TRACES_SAMPLER', name, `unsupported sampler (supported: ${SAMPLERS.join(', ')})`, `using ${fallback}`);
    name = fallback;
  }
  const ratio = name.endsWith('traceidratio') ? env.number('OTEL_TRACES_SAMPLER_ARG', 1, { min: 0, max: 1 }) : 1;
  return { name, ratio };
}

function propagators(env: EnvReader): string[] {
  const list = env.list('OTEL_PROPAGATORS') ?? ['tracecontext', 'baggage'];
  const unknown = list.filter((p) => !PROPAGATORS.includes(p));
  if (unknown.length > 0) {
    env.problem('OTEL_PROPAGATORS', list.join(','), `unsupported propagator ${unknown.join(', ')} (supported: ${PROPAGATORS.join(', ')})`, 'skipping it');
  }
  return list.filter((p) => PROPAGATORS.includes(p) && p !== 'none');
}

function presetsFor(env: EnvReader, signal: Signal): Preset[] | undefined {
  const variable = env.has(`SIGHTLINE_${signal.toUpperCase()}_BACKENDS`) ? `SIGHTLINE_${signal.toUpperCase()}_BACKENDS` : 'SIGHTLINE_BACKENDS';
  const list = env.list(variable);
  if (list === undefined) return undefined;
  const valid = list.filter((p): p is Preset => (PRESETS as readonly string[]).includes(p));
  // One problem for all unknown names: one per name grows with the square of the value's length.
  const unknown = list.filter((p) => !(PRESETS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    env.problem(variable, list.join(','), `unknown preset ${unknown.map((p) => JSON.stringify(p)).join(', ')} (known: ${PRESETS.join(', ')})`, 'skipping it');
  }
  return valid;
}

function exportersFor(env: EnvReader, signal: Signal): MetricTarget[] {
  const variable = `OTEL_${signal.toUpperCase()}_EXPORTER`;
  const explicit = env.list(variable);
  if (explicit !== undefined) {
    const out: MetricTarget[] = [];
    const supported = signal === 'metrics' ? METRIC_EXPORTERS : EXPORTERS;
    // A name listed twice still means one exporter; all unknown names make one problem.
    if (explicit.includes('otlp')) out.push(resolveOtlpTarget(env, signal, { source: 'otlp' })!);
    if (explicit.includes('console')) out.push({ kind: 'console', source: 'console' });
    if (explicit.includes('prometheus') && signal === 'metrics') out.push(prometheusTarget(env));
    const unknown = explicit.filter((name) => !supported.includes(name));
    if (unknown.length > 0) {
      env.problem(variable, explicit.join(','), `unsupported exporter ${unknown.map((n) => JSON.stringify(n)).join(', ')} (supported: ${supported.join(', ')})`, 'skipping it');
    }
    return explicit.includes('none') ? [] : out;
  }
  const presets = presetsFor(env, signal);
  if (presets === undefined) return [resolveOtlpTarget(env, signal, { source: 'otlp' })!];
  const remote = presets.filter((p) => p !== 'console' && p !== 'none');
  const targets = presets.map((p) => presetTarget(env, p, signal, remote.length > 1));
  return targets.filter((t) => t !== undefined);
}

function prometheusTarget(env: EnvReader): PrometheusTarget {
  return {
    kind: 'prometheus',
    source: 'prometheus',
    host: env.string('OTEL_EXPORTER_PROMETHEUS_HOST') ?? 'localhost',
    port: env.number('OTEL_EXPORTER_PROMETHEUS_PORT', 9464, { min: 0, max: 65535 }),
  };
}

function batch(env: EnvReader, prefix: 'OTEL_BSP' | 'OTEL_BLRP', delay: number): BatchConfig {
  const maxQueueSize = env.number(`${prefix}_MAX_QUEUE_SIZE`, 2048, { min: 1 });
  let maxExportBatchSize = env.number(`${prefix}_MAX_EXPORT_BATCH_SIZE`, 512, { min: 1 });
  if (maxExportBatchSize > maxQueueSize) {
    env.problem(`${prefix}_MAX_EXPORT_BATCH_SIZE`, String(maxExportBatchSize), `larger than ${prefix}_MAX_QUEUE_SIZE (${maxQueueSize})`, `using ${maxQueueSize}`);
    maxExportBatchSize = maxQueueSize;
  }
  return {
    scheduledDelayMillis: env.number(`${prefix}_SCHEDULE_DELAY`, delay, { min: 0 }),
    maxQueueSize,
    maxExportBatchSize,
    exportTimeoutMillis: env.number(`${prefix}_EXPORT_TIMEOUT`, 30_000, { min: 1 }),
  };
}

function instrumentationList(env: EnvReader, variable: string): string[] | undefined {
  const list = env.list(variable)?.map((n) => n.replace(/^@opentelemetry\/instrumentation-/, ''));
  const unknown = list?.filter((n) => !INSTRUMENTATION_NAMES.includes(n)) ?? [];
  if (unknown.length > 0) {
    env.problem(variable, list!.join(','), `unknown instrumentation ${unknown.map((u) => JSON.stringify(u)).join(', ')} (known: ${INSTRUMENTATION_NAMES.join(', ')})`, 'ignoring it');
  }
  return list?.filter((n) => INSTRUMENTATION_NAMES.includes(n));
}

function sentryDsn(env: EnvReader): string | undefined {
  const dsn = env.string('SENTRY_DSN');
  if (dsn === undefined || parseDsn(dsn) !== undefined) return dsn;
  env.problem('SENTRY_DSN', dsn, 'not a Sentry DSN (expected https://<key>@<host>/<project>)', 'not sending to Sentry');
  return undefined;
}

/** Reads the whole Sightline configuration from an environment; never throws. */
export function resolveConfig(source: NodeJS.ProcessEnv = process.env): SightlineConfig {
  const env = new EnvReader(source);
  checkVariableNames(env, env.names());
  const disabled = env.boolean('OTEL_SDK_DISABLED', false);
  const exporters = {} as SightlineConfig['exporters'];
  for (const signal of SIGNALS) exporters[signal] = exportersFor(env, signal) as never;
  const dsn = sentryDsn(env);
  // Sentry's OTLP target is resolved here like the others, so the startup line and `sightline check`
  // show it with exactly the headers it gets.
  if (dsn !== undefined) exporters.traces.push(sentryOtlpTraceTarget(parseDsn(dsn)!, 10_000));
  return {
    disabled,
    strict: env.boolean('SIGHTLINE_STRICT', false),
    serviceName: env.string('OTEL_SERVICE_NAME'),
    resourceAttributes: resourceAttributes(env),
    resourceDetectors: resourceDetectors(env),
    sampler: sampler(env),
    propagators: propagators(env),
    exporters,
    enabledInstrumentations: instrumentationList(env, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS'),
    disabledInstrumentations: instrumentationList(env, 'OTEL_NODE_DISABLED_INSTRUMENTATIONS') ?? [],
    ignorePaths: ignorePaths(env),
    esmHook: env.oneOf('SIGHTLINE_ESM_HOOK', ['auto', 'async'] as const, 'auto'),
    requestIdHeaders: (env.list('SIGHTLINE_REQUEST_ID_HEADERS') ?? [...DEFAULT_REQUEST_ID_HEADERS]).map((h) => h.toLowerCase()),
    captureHeaders: captureHeaders(env),
    shutdownTimeoutMs: env.number('SIGHTLINE_SHUTDOWN_TIMEOUT_MS', 5000, { min: 0 }),
    metricExportIntervalMs: env.number('OTEL_METRIC_EXPORT_INTERVAL', 60_000, { min: 100 }),
    metricExportTimeoutMs: env.number('OTEL_METRIC_EXPORT_TIMEOUT', 30_000, { min: 1 }),
    metricTemporality: metricTemporality(env),
    spanBatch: batch(env, 'OTEL_BSP', 5000),
    logBatch: batch(env, 'OTEL_BLRP', 1000),
    logLevel: env.oneOf('OTEL_LOG_LEVEL', ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const, 'warn'),
    sentryDsn: dsn,
    health: resolveHealthConfig(env),
    pino: pinoSettings(env),
    processors: processorSettings(env),
    problems: env.problems,
  };
}
