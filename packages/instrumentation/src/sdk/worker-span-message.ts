import type { Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';

type PlainContext = Omit<SpanContext, 'traceState'> & { traceState?: string };

/** A ReadableSpan as structured-clone-able data (no functions, no class instances). */
export interface WorkerSpanMessage {
  name: string;
  kind: SpanKind;
  spanContext: PlainContext;
  parentSpanContext?: PlainContext;
  startTime: HrTime;
  endTime: HrTime;
  duration: HrTime;
  status: SpanStatus;
  attributes: Attributes;
  links: Array<Omit<Link, 'context'> & { context: PlainContext }>;
  events: TimedEvent[];
  scope: { name: string; version?: string; schemaUrl?: string };
  dropped: [attributes: number, events: number, links: number];
}

function plain(c: SpanContext): PlainContext {
  return { traceId: c.traceId, spanId: c.spanId, traceFlags: c.traceFlags, isRemote: c.isRemote, traceState: c.traceState?.serialize() };
}

function restore(c: PlainContext): SpanContext {
  return { ...c, traceState: c.traceState ? new TraceState(c.traceState) : undefined };
}

/** The message for `span`, with `thread.id` added so its origin stays visible. */
export function toWorkerSpanMessage(span: ReadableSpan, threadId: number): WorkerSpanMessage {
  const s = span.instrumentationScope;
  return {
    name: span.name,
    kind: span.kind,
    spanContext: plain(span.spanContext()),
    parentSpanContext: span.parentSpanContext && plain(span.parentSpanContext),
    startTime: span.startTime,
    endTime: span.endTime,
    duration: span.duration,
    status: span.status,
    attributes: { ...span.attributes, 'thread.id': threadId },
    links: span.links.map((l) => ({ ...l, context: plain(l.context) })),
    events: span.events,
    scope: { name: s.name, version: s.version, schemaUrl: s.schemaUrl },
    dropped: [span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount],
  };
}

/** The span again, under the main thread's resource (one telemetry identity per process). */
export function fromWorkerSpanMessage(m: WorkerSpanMessage, resource: Resource): ReadableSpan {
  const spanContext = restore(m.spanContext);
  return {
    name: m.name,
    kind: m.kind,
    spanContext: () => spanContext,
    parentSpanContext: m.parentSpanContext && restore(m.parentSpanContext),
    startTime: m.startTime,
    endTime: m.endTime,
    duration: m.duration,
    ended: true,
    status: m.status,
    attributes: m.attributes,
    links: m.links.map((l) => ({ ...l, context: restore(l.context) })),
    events: m.events,
    resource,
    instrumentationScope: m.scope,
    droppedAttributesCount: m.dropped[0],
    droppedEventsCount: m.dropped[1],
    droppedLinksCount: m.dropped[2],
  };
}
