import { createRequire } from 'node:module';
import { ConsoleLogRecordExporter, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { ConsoleMetricExporter, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import type { ExporterTarget, OtlpProtocol, OtlpTarget, PrometheusTarget, Signal } from '../config/SightlineConfig.js';

// Exporter packages are loaded only when a target needs them: gRPC alone pulls in @grpc/grpc-js.
const require = createRequire(import.meta.url);

const PACKAGE: Record<Signal, Record<OtlpProtocol, string>> = {
  traces: { 'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto', 'http/json': '@opentelemetry/exporter-trace-otlp-http', grpc: '@opentelemetry/exporter-trace-otlp-grpc' },
  metrics: { 'http/protobuf': '@opentelemetry/exporter-metrics-otlp-proto', 'http/json': '@opentelemetry/exporter-metrics-otlp-http', grpc: '@opentelemetry/exporter-metrics-otlp-grpc' },
  logs: { 'http/protobuf': '@opentelemetry/exporter-logs-otlp-proto', 'http/json': '@opentelemetry/exporter-logs-otlp-http', grpc: '@opentelemetry/exporter-logs-otlp-grpc' },
};
const CLASS: Record<Signal, string> = { traces: 'OTLPTraceExporter', metrics: 'OTLPMetricExporter', logs: 'OTLPLogExporter' };

// Bounded memory while a backend is down: at most this many exports in flight per exporter.
const CONCURRENCY_LIMIT = 4;

function otlpOptions(t: OtlpTarget): Record<string, unknown> {
  const options: Record<string, unknown> = { url: t.url, timeoutMillis: t.timeoutMillis, concurrencyLimit: CONCURRENCY_LIMIT };
  if (t.protocol === 'grpc') {
    const { Metadata } = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
    const metadata = new Metadata();
    for (const [k, v] of Object.entries(t.headers)) metadata.set(k, v);
    options.metadata = metadata;
    if (t.compression === 'gzip') options.compression = 'gzip';
  } else {
    options.headers = t.headers;
    options.compression = t.compression;
  }
  return options;
}

function otlp(signal: Signal, t: OtlpTarget): unknown {
  const mod = require(PACKAGE[signal][t.protocol]) as Record<string, new (o: unknown) => unknown>;
  return new mod[CLASS[signal]]!(otlpOptions(t));
}

export function createSpanExporter(t: ExporterTarget): SpanExporter {
  if (t.kind === 'console') return new ConsoleSpanExporter();
  return otlp('traces', t) as SpanExporter;
}

export function createMetricExporter(t: ExporterTarget): PushMetricExporter {
  if (t.kind === 'console') return new ConsoleMetricExporter();
  return otlp('metrics', t) as PushMetricExporter;
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
