// Decodes OTLP export requests for the stand-ins, with the workspace's shared protobuf decoder
// (@sightline/tests, generated from opentelemetry-proto), into the small shapes these tests assert on.
import { decodeProtobuf } from '@sightline/tests/otlp-proto';
import { anyValue, attrs } from '@sightline/tests/otlp-receiver';

export type AttrValue = string | number | boolean;
export type Attributes = Record<string, AttrValue>;

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  name: string;
  statusCode: number;
  attributes: Attributes;
  resource: Attributes;
}

export interface DecodedLog {
  /** Hex, '' when the record has no trace context. */
  traceId: string;
  body: AttrValue;
  attributes: Attributes;
  resource: Attributes;
}

export function decodeTraces(body: Buffer): DecodedSpan[] {
  return (decodeProtobuf('traces', body).resourceSpans ?? []).flatMap((rs: any) => {
    const resource = attrs(rs.resource?.attributes) as Attributes;
    return (rs.scopeSpans ?? []).flatMap((ss: any) => (ss.spans ?? []).map((s: any) => ({
      traceId: s.traceId,
      spanId: s.spanId,
      name: s.name ?? '',
      statusCode: s.status?.code ?? 0,
      attributes: attrs(s.attributes) as Attributes,
      resource,
    })));
  });
}

export function decodeLogs(body: Buffer): DecodedLog[] {
  return (decodeProtobuf('logs', body).resourceLogs ?? []).flatMap((rl: any) => {
    const resource = attrs(rl.resource?.attributes) as Attributes;
    return (rl.scopeLogs ?? []).flatMap((sl: any) => (sl.logRecords ?? []).map((l: any) => ({
      traceId: l.traceId ?? '',
      body: (anyValue(l.body) ?? '') as AttrValue,
      attributes: attrs(l.attributes) as Attributes,
      resource,
    })));
  });
}

/** Metric names in an ExportMetricsServiceRequest. */
export function decodeMetricNames(body: Buffer): string[] {
  return (decodeProtobuf('metrics', body).resourceMetrics ?? []).flatMap((rm: any) =>
    (rm.scopeMetrics ?? []).flatMap((sm: any) => (sm.metrics ?? []).map((m: any) => m.name as string)));
}
