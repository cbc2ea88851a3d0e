import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { encodeTraceRequest } from './encode-trace-request.js';
import type { ProtoSignal } from './ProtoHttpExporter.js';

// What the upstream exporters pass to otlp-exporter-base, per signal.
export const TRACES: ProtoSignal<ReadableSpan[]> = {
  identifier: 'TRACES',
  path: 'v1/traces',
  componentType: 'otlp_http_span_exporter',
  metricsHelper: { name: 'span', countItems: (spans) => spans.length },
  rejectedField: 'rejectedSpans',
  encode: encodeTraceRequest,
};
