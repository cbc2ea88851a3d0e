import { randomBytes } from 'node:crypto';

export interface SpanSpec {
  name: string;
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  attributes?: Record<string, string | number | boolean>;
  error?: boolean;
  durationMs?: number;
}

export const newTraceId = (): string => randomBytes(16).toString('hex');
export const newSpanId = (): string => randomBytes(8).toString('hex');

function otlpAttributes(attrs: Record<string, string | number | boolean> = {}) {
  return Object.entries(attrs).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : { intValue: String(v) },
  }));
}

/** Server spans as an OTLP/JSON ExportTraceServiceRequest; fills in ids it is not given. */
export function tracesRequest(service: string, spans: SpanSpec[]) {
  const end = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: { attributes: otlpAttributes({ 'service.name': service }) },
        scopeSpans: [
          {
            scope: { name: 'sightline-collector-test' },
            spans: spans.map((s) => ({
              traceId: s.traceId ?? newTraceId(),
              spanId: s.spanId ?? newSpanId(),
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: 2,
              startTimeUnixNano: String(end - BigInt(s.durationMs ?? 5) * 1_000_000n),
              endTimeUnixNano: String(end),
              attributes: otlpAttributes(s.attributes),
              status: { code: s.error ? 2 : 1 },
            })),
          },
        ],
      },
    ],
  };
}

export function logsRequest(service: string, bodies: string[]) {
  const now = String(BigInt(Date.now()) * 1_000_000n);
  return {
    resourceLogs: [
      {
        resource: { attributes: otlpAttributes({ 'service.name': service }) },
        scopeLogs: [{ logRecords: bodies.map((b) => ({ timeUnixNano: now, severityNumber: 9, body: { stringValue: b } })) }],
      },
    ],
  };
}

export function gaugeRequest(service: string, name: string, value: number) {
  const now = String(BigInt(Date.now()) * 1_000_000n);
  return {
    resourceMetrics: [
      {
        resource: { attributes: otlpAttributes({ 'service.name': service }) },
        scopeMetrics: [{ metrics: [{ name, gauge: { dataPoints: [{ timeUnixNano: now, asDouble: value }] } }] }],
      },
    ],
  };
}

/** POSTs an OTLP/JSON request to the collector's OTLP/HTTP receiver; throws unless it is accepted. */
export async function postOtlp(baseUrl: string, signal: 'traces' | 'logs' | 'metrics', body: unknown): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/${signal}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST /v1/${signal}: ${res.status} ${await res.text()}`);
}
