import type { AnyValue, Attributes, HrTime, SeverityNumber, SpanContext } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

type Scope = ReadableLogRecord['instrumentationScope'];

/** A log record as structured-clone-able data. */
export interface WorkerLogMessage {
  hrTime: HrTime;
  hrTimeObserved: HrTime;
  spanContext?: Omit<SpanContext, 'traceState'>;
  severityText?: string;
  severityNumber?: SeverityNumber;
  body?: AnyValue;
  eventName?: string;
  scope: { name: string; version?: string; schemaUrl?: string; attributes?: Attributes };
  attributes: Attributes;
  droppedAttributesCount: number;
}

/** The message for `record`, with `thread.id` added so its origin stays visible. */
export function toWorkerLogMessage(record: ReadableLogRecord, threadId: number): WorkerLogMessage {
  const s = record.instrumentationScope;
  const c = record.spanContext;
  return {
    hrTime: record.hrTime,
    hrTimeObserved: record.hrTimeObserved,
    spanContext: c && { traceId: c.traceId, spanId: c.spanId, traceFlags: c.traceFlags, isRemote: c.isRemote },
    severityText: record.severityText,
    severityNumber: record.severityNumber,
    body: record.body,
    eventName: record.eventName,
    scope: { name: s.name, version: s.version, schemaUrl: s.schemaUrl, attributes: s.attributes },
    attributes: { ...record.attributes, 'thread.id': threadId },
    droppedAttributesCount: record.droppedAttributesCount,
  };
}

/**
 * The record again, under the main thread's resource. `scopes` keeps one object per scope: the
 * OTLP log encoder groups records by scope identity.
 */
export function fromWorkerLogMessage(m: WorkerLogMessage, resource: Resource, scopes: Map<string, Scope>): ReadableLogRecord {
  const key = `${m.scope.name}@${m.scope.version ?? ''}:${m.scope.schemaUrl ?? ''}`;
  let scope = scopes.get(key);
  if (!scope) scopes.set(key, (scope = m.scope));
  const { scope: _, ...rest } = m;
  return { ...rest, resource, instrumentationScope: scope };
}
