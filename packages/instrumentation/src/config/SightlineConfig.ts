import type { HealthConfig } from './health-config.js';
import type { RedactionPolicy, SightlinePinoOptions } from '@sightline/pino';
import type { ProcessorSettings } from '@sightline/processors';
import type { Problem } from './Problem.js';

export type Signal = 'traces' | 'metrics' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/** PEM files for one OTLP target: the CA its certificate is checked against, and a client certificate. */
export interface TlsSettings {
  ca?: { file: string; pem: string };
  cert?: { file: string; pem: string };
  key?: { file: string; pem: string };
}

export interface OtlpTarget {
  kind: 'otlp';
  /** Where the target came from: `otlp` (OTEL_* variables) or a preset name. */
  source: string;
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  /** Exactly the TLS settings this target gets; the exporters never read OTEL_* themselves. */
  tls: TlsSettings;
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
  /** OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_*: lower-case header names to record on HTTP spans. */
  captureHeaders: { serverRequest: string[]; serverResponse: string[]; clientRequest: string[]; clientResponse: string[] };
  shutdownTimeoutMs: number;
  metricExportIntervalMs: number;
  metricExportTimeoutMs: number;
  /** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE, for every OTLP metrics target. */
  metricTemporality: MetricTemporality;
  spanBatch: BatchConfig;
  logBatch: BatchConfig;
  logLevel: string;
  sentryDsn: string | undefined;
  health: HealthConfig;
  /** @sightline/pino's settings; `redaction` also redacts spans and Sentry events. */
  pino: SightlinePinoOptions & { redaction: RedactionPolicy | false };
  processors: ProcessorSettings;
  problems: Problem[];
}

export type MetricTemporality = 'cumulative' | 'delta' | 'lowmemory';
