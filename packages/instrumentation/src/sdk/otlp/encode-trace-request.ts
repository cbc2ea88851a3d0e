// ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) from SDK spans, field for
// field what @opentelemetry/otlp-transformer 0.301's ProtobufTraceSerializer writes, in one pass
// over a reused buffer instead of a size-estimating pass plus a fresh buffer per batch.
import type { Link, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import { EncodedItem } from './EncodedItem.js';
import type { ProtoWriter } from './ProtoWriter.js';
import { groupByResourceAndScope, writeAttributes, writeResource, writeScope, type ScopeLike } from './write-common.js';

// Span.flags: the W3C trace flags in the low byte, then "is_remote is known" and "is_remote".
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

function flags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | HAS_IS_REMOTE | (isRemote ? IS_REMOTE : 0);
}

/** Fields 1-3 of both Span and Span.Link: trace_id, span_id, trace_state. */
function writeIds(w: ProtoWriter, ctx: SpanContext): void {
  w.byte(0x0a); // 1 trace_id
  w.hexId(ctx.traceId);
  w.byte(0x12); // 2 span_id
  w.hexId(ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) {
    w.byte(0x1a); // 3 trace_state
    w.string(traceState);
  }
}

function writeEvent(w: ProtoWriter, event: TimedEvent): void {
  w.byte(0x5a); // Span 11 events
  const e = w.begin(1);
  w.byte(0x09); // 1 time_unix_nano fixed64
  w.hrTime(event.time);
  w.byte(0x12); // 2 name
  w.string(event.name);
  if (event.attributes) writeAttributes(w, event.attributes, 0x1a); // 3
  w.byte(0x20); // 4 dropped_attributes_count
  w.uint32(event.droppedAttributesCount || 0);
  w.end(e);
}

function writeLink(w: ProtoWriter, link: Link): void {
  w.byte(0x6a); // Span 13 links
  const l = w.begin(1);
  const ctx = link.context;
  writeIds(w, ctx);
  if (link.attributes) writeAttributes(w, link.attributes, 0x22); // 4
  w.byte(0x28); // 5 dropped_attributes_count
  w.uint32(link.droppedAttributesCount || 0);
  w.byte(0x35); // 6 flags fixed32
  w.fixed32(flags(ctx.traceFlags, ctx.isRemote));
  w.end(l);
}

/** One span as the `ScopeSpans.spans` field (tag, length, body). */
export function writeSpan(w: ProtoWriter, span: ReadableSpan): void {
  w.byte(0x12); // ScopeSpans 2 spans
  const s = w.begin(2);
  const ctx: SpanContext = span.spanContext();
  writeIds(w, ctx);
  const parent = span.parentSpanContext;
  if (parent?.spanId) {
    w.byte(0x22); // 4 parent_span_id
    w.hexId(parent.spanId);
  }
  w.byte(0x2a); // 5 name
  w.string(span.name);
  // The proto enum is the API's SpanKind shifted by one (0 = unspecified).
  const kind = span.kind == null ? 0 : span.kind + 1;
  if (kind !== 0) {
    w.byte(0x30); // 6 kind
    w.uint32(kind);
  }
  w.byte(0x39); // 7 start_time_unix_nano fixed64
  w.hrTime(span.startTime);
  w.byte(0x41); // 8 end_time_unix_nano fixed64
  w.hrTime(span.endTime);
  if (span.attributes) writeAttributes(w, span.attributes, 0x4a); // 9
  w.byte(0x50); // 10 dropped_attributes_count
  w.uint32(span.droppedAttributesCount);
  for (const event of span.events) writeEvent(w, event);
  w.byte(0x60); // 12 dropped_events_count
  w.uint32(span.droppedEventsCount);
  for (const link of span.links) writeLink(w, link);
  w.byte(0x70); // 14 dropped_links_count
  w.uint32(span.droppedLinksCount);
  w.byte(0x7a); // 15 status { message = 2, code = 3 }
  const st = w.begin(1);
  if (span.status.message) {
    w.byte(0x12);
    w.string(span.status.message);
  }
  w.byte(0x18);
  w.uint32(span.status.code);
  w.end(st);
  w.byte2(0x85, 0x01); // 16 flags fixed32
  w.fixed32(flags(ctx.traceFlags, parent?.isRemote));
  w.end(s);
}

/**
 * Encodes the spans into `w` (reset first); the caller takes the bytes with `w.finish()`. Spans
 * encoded when they ended (EncodedSpan) are copied as they are.
 */
export function encodeTraceRequest(w: ProtoWriter, spans: ReadonlyArray<ReadableSpan | EncodedItem>): void {
  w.reset();
  for (const [resource, scopes] of groupByResourceAndScope(spans)) {
    w.byte(0x0a); // 1 resource_spans
    const rs = w.begin(3);
    writeResource(w, resource.attributes);
    for (const list of scopes.values()) {
      const scope = list[0]!.instrumentationScope as ScopeLike;
      w.byte(0x12); // ResourceSpans 2 scope_spans
      const ss = w.begin(3);
      writeScope(w, scope);
      for (const span of list) {
        if (span instanceof EncodedItem) w.rawRange(span.slab, span.start, span.end);
        else writeSpan(w, span);
      }
      if (scope.schemaUrl) {
        w.byte(0x1a); // 3 schema_url
        w.string(scope.schemaUrl);
      }
      w.end(ss);
    }
    if (resource.schemaUrl) {
      w.byte(0x1a); // 3 schema_url
      w.string(resource.schemaUrl);
    }
    w.end(rs);
  }
}
