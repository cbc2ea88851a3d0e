import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { encodeLogsRequest } from './encode-logs-request.js';
import { encodeMetricsRequest } from './encode-metrics-request.js';
import { encodeTraceRequest } from './encode-trace-request.js';
import { releaseEncoded } from './EncodedItem.js';
import type { ProtoSignal } from './ProtoHttpExporter.js';

// What the upstream exporters pass to otlp-exporter-base, per signal.
export const TRACES: ProtoSignal<ReadableSpan[]> = {
  identifier: 'TRACES',
  path: 'v1/traces',
  componentType: 'otlp_http_span_exporter',
  metricsHelper: { name: 'span', countItems: (spans) => spans.length },
  rejectedField: 'rejectedSpans',
  encode: (w, spans) => {
    encodeTraceRequest(w, spans);
    // The request holds copies of their bytes now; retries resend that request.
    releaseEncoded(spans);
  },
};

export const LOGS: ProtoSignal<ReadableLogRecord[]> = {
  identifier: 'LOGS',
  path: 'v1/logs',
  componentType: 'otlp_http_log_exporter',
  metricsHelper: { name: 'log', countItems: (logs) => logs.length },
  rejectedField: 'rejectedLogRecords',
  encode: (w, logs) => {
    encodeLogsRequest(w, logs);
    releaseEncoded(logs);
  },
};

export const METRICS: ProtoSignal<ResourceMetrics> = {
  identifier: 'METRICS',
  path: 'v1/metrics',
  componentType: 'otlp_http_metric_exporter',
  metricsHelper: {
    name: 'metric_data_point',
    countItems: (request) => {
      let count = 0;
      for (const scope of request.scopeMetrics) for (const metric of scope.metrics) count += metric.dataPoints.length;
      return count;
    },
  },
  rejectedField: 'rejectedDataPoints',
  encode: encodeMetricsRequest,
};
