import type { Problem } from './Problem.js';

export type Signal = 'traces' | 'metrics' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

export interface OtlpTarget {
  kind: 'otlp';
  /** Where the target came from: `otlp` (OTEL_* variables) or a preset name. */
  source: string;
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMillis: number;
  compression: 'gzip' | 'none';
}

export interface ConsoleTarget {
  kind: 'console';
  source: string;
}

export type ExporterTarget = OtlpTarget | ConsoleTarget;

/** OTEL_METRICS_EXPORTER=prometheus: an in-process endpoint Prometheus scrapes (a pull, not an export). */
export interface PrometheusTarget {
  kind: 'prometheus';
  source: 'prometheus';
  host: string;
  port: number;
}

export type MetricTarget = ExporterTarget | PrometheusTarget;

export interface SamplerConfig {
  name: string;
  ratio: number;
}

export interface BatchConfig {
  scheduledDelayMillis: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
  exportTimeoutMillis: number;
}

export interface SightlineConfig {
  disabled: boolean;
  strict: boolean;
  serviceName: string | undefined;
  resourceAttributes: Record<string, string>;
  /** OTEL_NODE_RESOURCE_DETECTORS, or undefined for Sightline's default set. */
  resourceDetectors: string[] | undefined;
  sampler: SamplerConfig;
  propagators: string[];
  exporters: { traces: ExporterTarget[]; metrics: MetricTarget[]; logs: ExporterTarget[] };
  /** Names (without the `@opentelemetry/instrumentation-` prefix) or undefined for the defaults. */
  enabledInstrumentations: string[] | undefined;
  disabledInstrumentations: string[];
  ignorePaths: string[];
  esmHook: 'auto' | 'async';
  requestIdHeaders: string[];
  shutdownTimeoutMs: number;
  metricExportIntervalMs: number;
  metricExportTimeoutMs: number;
  spanBatch: BatchConfig;
  logBatch: BatchConfig;
  logLevel: string;
  sentryDsn: string | undefined;
  problems: Problem[];
}
