import { DEFAULT_IGNORE_PATHS } from '../http/ignore-paths.js';

/**
 * Every environment variable Sightline reads, in one list: the preload, @sightline/pino,
 * @sightline/processors and the collector's run script. The readers, `sightline check`'s unknown-name
 * detection and the README tables are all checked against it.
 *
 * Registering a variable is one line: `v('SIGHTLINE_X', 'number', '100', 'instrumentation', 'what it does')`.
 */
export type VariableType = 'boolean' | 'number' | 'string' | 'list' | 'enum' | 'url' | 'headers' | 'file';
export type VariableOwner = 'instrumentation' | 'pino' | 'processors' | 'collector' | 'tooling';

export interface VariableSpec {
  name: string;
  type: VariableType;
  /** The default as the README shows it; '' when unset means "off" or "not sent". */
  default: string;
  owner: VariableOwner;
  description: string;
  /** The name that replaces this one (old names are still read, with a deprecation problem). */
  replacedBy?: string;
}

function v(name: string, type: VariableType, def: string, owner: VariableOwner, description: string, replacedBy?: string): VariableSpec {
  return replacedBy === undefined ? { name, type, default: def, owner, description } : { name, type, default: def, owner, description, replacedBy };
}

/** One entry per OTLP setting: the generic name and the three per-signal ones. */
function otlp(suffix: string, type: VariableType, def: string, description: string): VariableSpec[] {
  return ['', 'TRACES_', 'METRICS_', 'LOGS_'].map((s) => v(`OTEL_EXPORTER_OTLP_${s}${suffix}`, type, def, 'instrumentation', description));
}

export const VARIABLES: readonly VariableSpec[] = [
  v('OTEL_SDK_DISABLED', 'boolean', 'false', 'instrumentation', 'true starts nothing'),
  v('OTEL_SERVICE_NAME', 'string', '', 'instrumentation', 'service.name'),
  v('OTEL_RESOURCE_ATTRIBUTES', 'list', '', 'instrumentation', 'key=value resource attributes'),
  v('OTEL_NODE_RESOURCE_DETECTORS', 'list', '', 'instrumentation', 'resource detectors to run'),
  v('SIGHTLINE_ENVIRONMENT', 'string', '', 'instrumentation', 'deployment.environment.name (default NODE_ENV)'),
  v('OTEL_TRACES_SAMPLER', 'enum', 'parentbased_always_on', 'instrumentation', 'sampler'),
  v('OTEL_TRACES_SAMPLER_ARG', 'number', '1', 'instrumentation', 'sampler ratio'),
  v('OTEL_PROPAGATORS', 'list', 'tracecontext,baggage', 'instrumentation', 'propagators'),
  v('OTEL_TRACES_EXPORTER', 'list', 'otlp', 'instrumentation', 'trace exporters'),
  v('OTEL_METRICS_EXPORTER', 'list', 'otlp', 'instrumentation', 'metric exporters'),
  v('OTEL_EXPORTER_PROMETHEUS_HOST', 'string', 'localhost', 'instrumentation', 'host the prometheus scrape endpoint binds'),
  v('OTEL_EXPORTER_PROMETHEUS_PORT', 'number', '9464', 'instrumentation', 'port of the prometheus scrape endpoint'),
  v('OTEL_LOGS_EXPORTER', 'list', 'otlp', 'instrumentation', 'log exporters'),
  v('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', 'enum', 'cumulative', 'instrumentation', 'OTLP metrics temporality: cumulative, delta, lowmemory'),
  ...otlp('ENDPOINT', 'url', 'http://localhost:4318', 'OTLP endpoint'),
  ...otlp('PROTOCOL', 'enum', 'http/protobuf', 'OTLP protocol'),
  ...otlp('HEADERS', 'headers', '', 'OTLP headers'),
  ...otlp('TIMEOUT', 'number', '10000', 'OTLP export timeout, ms'),
  ...otlp('COMPRESSION', 'enum', 'none', 'OTLP compression'),
  ...otlp('CERTIFICATE', 'file', '', 'PEM file of the CA that signs the OTLP endpoint\'s certificate'),
  ...otlp('CLIENT_CERTIFICATE', 'file', '', 'PEM client certificate for mutual TLS'),
  ...otlp('CLIENT_KEY', 'file', '', 'PEM client private key for mutual TLS'),
  ...['BSP', 'BLRP'].flatMap((p) => [
    v(`OTEL_${p}_SCHEDULE_DELAY`, 'number', p === 'BSP' ? '5000' : '1000', 'instrumentation', 'ms between batches'),
    v(`OTEL_${p}_MAX_QUEUE_SIZE`, 'number', '2048', 'instrumentation', 'items buffered'),
    v(`OTEL_${p}_MAX_EXPORT_BATCH_SIZE`, 'number', '512', 'instrumentation', 'items per export'),
    v(`OTEL_${p}_EXPORT_TIMEOUT`, 'number', '30000', 'instrumentation', 'ms per batch export'),
  ]),
  v('OTEL_METRIC_EXPORT_INTERVAL', 'number', '60000', 'instrumentation', 'ms between metric exports'),
  v('OTEL_METRIC_EXPORT_TIMEOUT', 'number', '30000', 'instrumentation', 'ms per metric export'),
  v('OTEL_NODE_ENABLED_INSTRUMENTATIONS', 'list', '', 'instrumentation', 'instrumentations to turn on'),
  v('OTEL_NODE_DISABLED_INSTRUMENTATIONS', 'list', '', 'instrumentation', 'instrumentations to turn off'),
  v('OTEL_LOG_LEVEL', 'enum', 'warn', 'instrumentation', 'OpenTelemetry diagnostics level'),
  v('SIGHTLINE_BACKENDS', 'list', '', 'instrumentation', 'presets'),
  v('SIGHTLINE_TRACES_BACKENDS', 'list', '', 'instrumentation', 'presets for traces'),
  v('SIGHTLINE_METRICS_BACKENDS', 'list', '', 'instrumentation', 'presets for metrics'),
  v('SIGHTLINE_LOGS_BACKENDS', 'list', '', 'instrumentation', 'presets for logs'),
  v('SIGHTLINE_COLLECTOR_URL', 'url', 'http://localhost:4318', 'instrumentation', 'the collector preset\'s endpoint'),
  v('AXIOM_TOKEN', 'string', '', 'instrumentation', 'Axiom API token'),
  v('AXIOM_ORG_ID', 'string', '', 'instrumentation', 'Axiom organisation id (personal tokens need it)'),
  v('AXIOM_DATASET', 'string', '', 'instrumentation', 'Axiom dataset for traces and logs'),
  v('AXIOM_METRICS_DATASET', 'string', '', 'instrumentation', 'Axiom dataset for metrics'),
  v('AXIOM_URL', 'url', 'https://api.axiom.co', 'instrumentation', 'Axiom API URL (or host)'),
  v('AXIOM_DOMAIN', 'url', '', 'instrumentation', 'old name', 'AXIOM_URL'),
  v('GRAFANA_CLOUD_OTLP_ENDPOINT', 'url', '', 'instrumentation', 'Grafana Cloud OTLP gateway'),
  v('GRAFANA_CLOUD_INSTANCE_ID', 'string', '', 'instrumentation', 'Grafana Cloud instance id'),
  v('GRAFANA_CLOUD_API_TOKEN', 'string', '', 'instrumentation', 'Grafana Cloud token'),
  v('SENTRY_DSN', 'url', '', 'instrumentation', 'Sentry project DSN'),
  v('SIGHTLINE_IGNORE_PATHS', 'list', DEFAULT_IGNORE_PATHS.join(','), 'instrumentation', 'paths neither traced nor counted'),
  v('SIGHTLINE_REQUEST_ID_HEADERS', 'list', 'x-request-id,x-correlation-id', 'instrumentation', 'request-id headers'),
  v('SIGHTLINE_SHUTDOWN_TIMEOUT_MS', 'number', '5000', 'instrumentation', 'flush deadline'),
  v('SIGHTLINE_ESM_HOOK', 'enum', 'auto', 'instrumentation', 'ESM hook mode'),
  v('SIGHTLINE_HEALTH_PORT', 'number', '', 'instrumentation', 'port of the health probe server (off when unset)'),
  v('SIGHTLINE_HEALTH_HOST', 'string', '', 'instrumentation', 'interface of the health probe server (all when unset)'),
  v('SIGHTLINE_SHUTDOWN_DELAY_MS', 'number', '5000', 'instrumentation', 'drain on SIGTERM before the flush (5000 when probes are served, else 0)'),
  v('SIGHTLINE_HEALTH_CRITICAL_BREAKERS', 'list', '', 'instrumentation', 'breakers whose open state fails readiness'),
  v('SIGHTLINE_HEALTH_STARTUP', 'enum', 'listen', 'instrumentation', 'when startup is complete: listen or manual'),
  v('SIGHTLINE_HEALTH_LOOP_DELAY_MS', 'number', '1000', 'instrumentation', 'event-loop delay that counts against liveness'),
  v('SIGHTLINE_HEALTH_LOOP_GRACE_MS', 'number', '10000', 'instrumentation', 'how long that delay may last before liveness fails'),
  v('SIGHTLINE_STRICT', 'boolean', 'false', 'instrumentation', 'problems stop the process'),
  v('OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST', 'list', '', 'instrumentation', 'request headers recorded on server spans'),
  v('OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_RESPONSE', 'list', '', 'instrumentation', 'response headers recorded on server spans'),
  v('OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_CLIENT_REQUEST', 'list', '', 'instrumentation', 'request headers recorded on client spans'),
  v('OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_CLIENT_RESPONSE', 'list', '', 'instrumentation', 'response headers recorded on client spans'),

  v('SIGHTLINE_PINO_EXPORT', 'enum', 'auto', 'pino', 'OTLP export of log lines'),
  v('SIGHTLINE_PINO_REDACT', 'boolean', 'true', 'pino', 'redaction of logs and spans'),
  v('SIGHTLINE_PINO_REDACT_KEYS', 'list', '', 'pino', 'extra sensitive field names'),
  v('SIGHTLINE_PINO_REDACT_PATHS', 'list', '', 'pino', 'extra pino redact paths'),
  v('SIGHTLINE_PINO_SUPPRESS_IGNORED', 'boolean', 'true', 'pino', 'drop debug/info lines of ignored requests'),
  v('SIGHTLINE_PINO_SAMPLE_ROUTES', 'list', '', 'pino', 'per-route keep ratios'),
  v('SIGHTLINE_PINO_OTLP_TRANSPORTS', 'list', '', 'pino', 'transport targets that ship to OTLP'),

  v('SIGHTLINE_PROCESSORS', 'list', 'all', 'processors', 'processors to install'),
  v('SIGHTLINE_BUSINESS_RULES', 'file', '', 'processors', 'business rule file'),
  v('SIGHTLINE_BUSINESS_CARDINALITY_LIMIT', 'number', '100', 'processors', 'per-metric series limit'),

  // The collector (collector/config, collector/scripts/run.sh). The app reads none of these, but one
  // environment often serves both (compose, one Kubernetes secret), so they are known names; a test
  // holds this list equal to the variables the collector's configs and scripts use.
  ...[
    ['SIGHTLINE_OTLP_GRPC_ENDPOINT', '0.0.0.0:4317'], ['SIGHTLINE_OTLP_HTTP_ENDPOINT', '0.0.0.0:4318'],
    ['SIGHTLINE_HEALTH_ENDPOINT', '0.0.0.0:13133'], ['SIGHTLINE_SELF_METRICS_HOST', '0.0.0.0'], ['SIGHTLINE_SELF_METRICS_PORT', '8888'],
    ['SIGHTLINE_LOG_LEVEL', 'info'], ['SIGHTLINE_STORAGE_DIR', '/var/lib/otelcol/sightline'], ['SIGHTLINE_MEMORY_LIMIT_PERCENT', '80'],
    ['SIGHTLINE_MEMORY_SPIKE_PERCENT', '20'], ['SIGHTLINE_SAMPLING_PERCENT', '10'], ['SIGHTLINE_SLOW_TRACE_MS', '1000'],
    ['SIGHTLINE_TAIL_DECISION_WAIT', '10s'], ['SIGHTLINE_TAIL_DECISION_WAIT_AFTER_ROOT', '2s'], ['SIGHTLINE_SPAN_METRICS_FLUSH_INTERVAL', '15s'],
    ['SIGHTLINE_BATCH_TIMEOUT', '1s'], ['SIGHTLINE_QUEUE_SIZE', '5000'], ['SIGHTLINE_RETRY_MAX_INTERVAL', '30s'],
    ['SIGHTLINE_TEMPO_ENDPOINT', ''], ['SIGHTLINE_LOKI_ENDPOINT', ''], ['SIGHTLINE_PROMETHEUS_ENDPOINT', ''], ['SIGHTLINE_PROMETHEUS_REMOTE_WRITE_URL', ''],
    ['SIGHTLINE_REMOTE_WRITE_FLUSH_INTERVAL', '15s'], ['SIGHTLINE_DEBUG', ''], ['SIGHTLINE_COLLECTOR_BIN', ''], ['SIGHTLINE_COLLECTOR_FORCE_BUILD', ''],
    ['SIGHTLINE_COLLECTOR_ROLE', 'single'], ['SIGHTLINE_GATEWAY_ENDPOINTS', ''], ['SIGHTLINE_GATEWAY_HOSTNAMES', ''], ['SIGHTLINE_GATEWAY_DNS', ''],
    ['SIGHTLINE_GATEWAY_PORT', '4317'], ['SIGHTLINE_GATEWAY_DNS_INTERVAL', '5s'], ['SIGHTLINE_GATEWAY_INSECURE', 'true'], ['SIGHTLINE_GATEWAY_QUEUE_SIZE', '1000'],
  ].map(([name, def]) => v(name!, 'string', def!, 'collector', 'see collector/README.md')),
  v('SIGHTLINE_AXIOM_TOKEN', 'string', '', 'collector', 'old name', 'AXIOM_TOKEN'),
  // This repository's own scripts and test fixtures (scripts/toolchain.sh, tests/support): known, so a
  // development shell does not report them.
  v('SIGHTLINE_NODE', 'file', '', 'tooling', 'the Node binary scripts/toolchain.sh put on PATH'),
  v('SIGHTLINE_ROOT', 'file', '', 'tooling', 'the repository root (scripts/toolchain.sh)'),
  v('SIGHTLINE_TEST_NODE', 'file', '', 'tooling', 'the Node binary test processes run with'),
  v('SIGHTLINE_TEST_OUT', 'file', '', 'tooling', 'a test fixture\'s output file'),
  v('SIGHTLINE_TEST_LATE', 'boolean', '', 'tooling', 'a test fixture switch'),
  v('SIGHTLINE_AXIOM_DATASET', 'string', '', 'collector', 'old name', 'AXIOM_DATASET'),
  v('SIGHTLINE_AXIOM_METRICS_DATASET', 'string', '', 'collector', 'old name', 'AXIOM_METRICS_DATASET'),
  v('SIGHTLINE_AXIOM_ENDPOINT', 'url', '', 'collector', 'old name', 'AXIOM_URL'),
];

/**
 * OpenTelemetry names that Sightline does not read but that are legitimate in an app's environment
 * (other SDK settings): never reported as misspellings.
 */
export const FOREIGN_OTEL_NAMES: readonly string[] = [
  'OTEL_EXPORTER_OTLP_INSECURE', 'OTEL_EXPORTER_OTLP_TRACES_INSECURE', 'OTEL_EXPORTER_OTLP_METRICS_INSECURE', 'OTEL_EXPORTER_OTLP_LOGS_INSECURE',
  'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION',
  'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_EVENT_COUNT_LIMIT', 'OTEL_SPAN_LINK_COUNT_LIMIT',
  'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', 'OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', 'OTEL_METRICS_EXEMPLAR_FILTER', 'OTEL_SEMCONV_STABILITY_OPT_IN',
  'OTEL_EXPORTER_ZIPKIN_ENDPOINT', 'OTEL_CONFIG_FILE', 'OTEL_EXPERIMENTAL_CONFIG_FILE',
];

const BY_NAME = new Map(VARIABLES.map((s) => [s.name, s]));

export function variableSpec(name: string): VariableSpec | undefined {
  return BY_NAME.get(name);
}
