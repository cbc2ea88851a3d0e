import { INVALID_SPANID, INVALID_TRACEID, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

// One frozen context per flags value (a byte), shared by every queued span that has it.
const CONTEXTS: SpanContext[] = [];

/**
 * A sampled span already written as its OTLP `ScopeSpans.spans` field (tag, length, body), bytes
 * `start..end` of an off-heap slab, with what batching and grouping still read: its trace flags,
 * resource and scope. Stands in for the SDK span in the batch queue, so the queue holds one small
 * object per span instead of ~110 that survive the young generation until the batch is sent (no
 * view of the slab and no id strings either: those would survive too).
 */
export class EncodedSpan {
  constructor(
    readonly slab: Buffer,
    readonly start: number,
    readonly end: number,
    private readonly traceFlags: number,
    readonly resource: ReadableSpan['resource'],
    readonly instrumentationScope: ReadableSpan['instrumentationScope'],
  ) {}

  /** Only the flags are real (what the batch processor checks); the ids are in the encoded bytes. */
  spanContext(): SpanContext {
    return (CONTEXTS[this.traceFlags & 0xff] ??= Object.freeze({ traceId: INVALID_TRACEID, spanId: INVALID_SPANID, traceFlags: this.traceFlags & 0xff }));
  }
}
