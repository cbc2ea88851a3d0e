import { createRequire } from 'node:module';
import { ConsoleLogRecordExporter, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { ConsoleMetricExporter, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import type { ExporterTarget, MetricTemporality, OtlpProtocol, OtlpTarget, PrometheusTarget, Signal } from '../config/SightlineConfig.js';
import { ProtoHttpExporter } from './otlp/ProtoHttpExporter.js';
import { ProtoMetricExporter } from './otlp/ProtoMetricExporter.js';
import { LOGS, TRACES } from './otlp/proto-signals.js';

// Exporter packages are loaded only when a target needs them: gRPC alone pulls in @grpc/grpc-js.
const require = createRequire(import.meta.url);

const PACKAGE: Record<Signal, Record<Exclude<OtlpProtocol, 'http/protobuf'>, string>> = {
  traces: { 'http/json': '@opentelemetry/exporter-trace-otlp-http', grpc: '@opentelemetry/exporter-trace-otlp-grpc' },
  metrics: { 'http/json': '@opentelemetry/exporter-metrics-otlp-http', grpc: '@opentelemetry/exporter-metrics-otlp-grpc' },
  logs: { 'http/json': '@opentelemetry/exporter-logs-otlp-http', grpc: '@opentelemetry/exporter-logs-otlp-grpc' },
};
const CLASS: Record<Signal, string> = { traces: 'OTLPTraceExporter', metrics: 'OTLPMetricExporter', logs: 'OTLPLogExporter' };

// Bounded memory while a backend is down: at most this many exports in flight per exporter.
const CONCURRENCY_LIMIT = 4;

// What the OTLP exporters would otherwise read from process.env themselves and merge into every
// exporter, whichever vendor it sends to: headers, endpoints and PEM files. (The metrics temporality
// preference is hidden too: resolveConfig reads it once and it is passed in, see createMetricExporter.)
const EXPORTER_ENV = /^OTEL_EXPORTER_OTLP_/;

function otlpOptions(t: OtlpTarget): Record<string, unknown> {
  const options: Record<string, unknown> = { url: t.url, timeoutMillis: t.timeoutMillis, concurrencyLimit: CONCURRENCY_LIMIT };
  if (t.protocol === 'grpc') {
    const grpc = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
    const metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(t.headers)) metadata.set(k, v);
    options.metadata = metadata;
    // Explicit credentials: the exporter would otherwise read the PEM files from the environment
    // when it connects, for every target.
    options.credentials = t.url.startsWith('https://')
      ? grpc.credentials.createSsl(pem(t.tls.ca), pem(t.tls.key), pem(t.tls.cert))
      : grpc.credentials.createInsecure();
    if (t.compression === 'gzip') options.compression = 'gzip';
  } else {
    options.headers = t.headers;
    options.compression = t.compression;
    // Explicit agent options replace the exporter's own agent built from the environment's PEM files.
    const agent: Record<string, unknown> = { keepAlive: true };
    if (t.tls.ca) agent.ca = t.tls.ca.pem;
    if (t.tls.cert && t.tls.key) {
      agent.cert = t.tls.cert.pem;
      agent.key = t.tls.key.pem;
    }
    options.httpAgentOptions = agent;
  }
  return options;
}

function pem(file: { pem: string } | undefined): Buffer | null {
  return file === undefined ? null : Buffer.from(file.pem);
}

/**
 * Runs `build` with the OTLP exporter variables hidden from process.env: the exporters merge them
 * under the options given in code (headers can only be added to, not removed), so without this
 * a collector's `OTEL_EXPORTER_OTLP_HEADERS` would reach Axiom, Sentry or any other target.
 * Synchronous, so nothing else runs while they are hidden.
 */
export function withoutExporterEnv<T>(build: () => T): T {
  const hidden: Array<[string, string]> = [];
  for (const key of Object.keys(process.env)) {
    if (!EXPORTER_ENV.test(key)) continue;
    hidden.push([key, process.env[key]!]);
    delete process.env[key];
  }
  try {
    return build();
  } finally {
    for (const [key, value] of hidden) process.env[key] = value;
  }
}

/**
 * http/protobuf: Sightline's encoders (otlp/) on otlp-exporter-base's HTTP transport, which is what
 * the upstream -proto packages use too; http/json and grpc: the upstream packages.
 */
function ownProto(signal: Signal, t: OtlpTarget, temporality: MetricTemporality | undefined): unknown {
  const options = otlpOptions(t);
  if (temporality !== undefined) return new ProtoMetricExporter(options, temporality);
  return signal === 'traces' ? new ProtoHttpExporter(TRACES, options) : new ProtoHttpExporter(LOGS, options);
}

// The upstream metric exporters' AggregationTemporalityPreference values.
const TEMPORALITY_PREFERENCE: Record<MetricTemporality, number> = { delta: 0, cumulative: 1, lowmemory: 2 };

/** Whether this target gets ownProto (the protocol test `otlp` dispatches on), so items can be encoded ahead of export. */
export function encodesOwnProtobuf(t: ExporterTarget): boolean {
  return t.kind === 'otlp' && t.protocol === 'http/protobuf';
}

/** `temporality`: given for metrics only. */
function otlp(signal: Signal, t: OtlpTarget, temporality?: MetricTemporality): unknown {
  if (t.protocol === 'http/protobuf') return withoutExporterEnv(() => ownProto(signal, t, temporality));
  const mod = require(PACKAGE[signal][t.protocol]) as Record<string, new (o: unknown) => unknown>;
  const options = temporality === undefined ? otlpOptions(t) : { ...otlpOptions(t), temporalityPreference: TEMPORALITY_PREFERENCE[temporality] };
  return withoutExporterEnv(() => new mod[CLASS[signal]]!(options));
}

export function createSpanExporter(t: ExporterTarget): SpanExporter {
  if (t.kind === 'console') return new ConsoleSpanExporter();
  return otlp('traces', t) as SpanExporter;
}

/** `temporality`: resolveConfig's OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE (the exporters never see the variable). */
export function createMetricExporter(t: ExporterTarget, temporality: MetricTemporality = 'cumulative'): PushMetricExporter {
  if (t.kind === 'console') return new ConsoleMetricExporter();
  return otlp('metrics', t, temporality) as PushMetricExporter;
}

export function createLogExporter(t: ExporterTarget): LogRecordExporter {
  if (t.kind === 'console') return new ConsoleLogRecordExporter();
  return otlp('logs', t) as LogRecordExporter;
}

/**
 * OTEL_METRICS_EXPORTER=prometheus: a scrape endpoint in this process. Its package is an optional
 * peer dependency, loaded only when chosen, because it pins its own copy of the metrics SDK.
 */
export function createPrometheusReader(t: PrometheusTarget, warn: (m: string) => void): MetricReader {
  let mod: typeof import('@opentelemetry/exporter-prometheus');
  try {
    mod = require('@opentelemetry/exporter-prometheus') as typeof import('@opentelemetry/exporter-prometheus');
  } catch {
    throw new Error('OTEL_METRICS_EXPORTER=prometheus needs @opentelemetry/exporter-prometheus (npm install @opentelemetry/exporter-prometheus)');
  }
  return new mod.PrometheusExporter({ host: t.host, port: t.port }, (error) => {
    if (error) warn(`prometheus endpoint http://${t.host}:${t.port}/metrics could not start (${error.message}); metrics are not served`);
  }) as unknown as MetricReader;
}
