// ExportLogsServiceRequest (opentelemetry/proto/collector/logs/v1) from SDK log records, field for
// field what @opentelemetry/otlp-transformer 0.301's ProtobufLogsSerializer writes.
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { EncodedItem } from './EncodedItem.js';
import type { ProtoWriter } from './ProtoWriter.js';
import { groupByResourceAndScope, writeAnyValue, writeAttributes, writeResource, writeScope, type ScopeLike } from './write-common.js';

/** One `ScopeLogs.log_records` field (tag, length, record). */
export function writeLogRecord(w: ProtoWriter, log: ReadableLogRecord): void {
  w.byte(0x12); // ScopeLogs 2 log_records
  const l = w.begin(2);
  w.byte(0x09); // 1 time_unix_nano fixed64
  w.hrTime(log.hrTime);
  if (log.severityNumber !== undefined && log.severityNumber !== 0) {
    w.byte(0x10); // 2 severity_number
    w.uint32(log.severityNumber);
  }
  if (log.severityText) {
    w.byte(0x1a); // 3 severity_text
    w.string(log.severityText);
  }
  if (log.body !== undefined) {
    w.byte(0x2a); // 5 body AnyValue
    const b = w.begin(1);
    writeAnyValue(w, log.body);
    w.end(b);
  }
  if (log.attributes) writeAttributes(w, log.attributes, 0x32); // 6
  w.byte(0x38); // 7 dropped_attributes_count
  w.uint32(log.droppedAttributesCount);
  const ctx = log.spanContext;
  if (ctx?.traceFlags) {
    w.byte(0x45); // 8 flags fixed32
    w.fixed32(ctx.traceFlags);
  }
  if (ctx?.traceId) {
    w.byte(0x4a); // 9 trace_id
    w.hexId(ctx.traceId);
  }
  if (ctx?.spanId) {
    w.byte(0x52); // 10 span_id
    w.hexId(ctx.spanId);
  }
  w.byte(0x59); // 11 observed_time_unix_nano fixed64
  w.hrTime(log.hrTimeObserved);
  if (log.eventName) {
    w.byte(0x62); // 12 event_name
    w.string(log.eventName);
  }
  w.end(l);
}

/**
 * Encodes the records into `w` (reset first); the caller takes the bytes with `w.finish()`. Records
 * encoded when they were emitted (EncodedItem) are copied as they are.
 */
export function encodeLogsRequest(w: ProtoWriter, logs: ReadonlyArray<ReadableLogRecord | EncodedItem>): void {
  w.reset();
  for (const [resource, scopes] of groupByResourceAndScope(logs)) {
    w.byte(0x0a); // 1 resource_logs
    const rl = w.begin(3);
    writeResource(w, resource.attributes);
    for (const list of scopes.values()) {
      const scope = list[0]!.instrumentationScope as ScopeLike;
      w.byte(0x12); // ResourceLogs 2 scope_logs
      const sl = w.begin(3);
      writeScope(w, scope);
      for (const log of list) {
        if (log instanceof EncodedItem) w.rawRange(log.slab, log.start, log.end);
        else writeLogRecord(w, log);
      }
      if (scope.schemaUrl) {
        w.byte(0x1a);
        w.string(scope.schemaUrl);
      }
      w.end(sl);
    }
    if (resource.schemaUrl) {
      w.byte(0x1a);
      w.string(resource.schemaUrl);
    }
    w.end(rl);
  }
}
