import { INVALID_SPANID, INVALID_TRACEID, type SpanContext } from '@opentelemetry/api';
import { EncodedItem } from './EncodedItem.js';

// One frozen context per flags value (a byte), shared by every queued span that has it.
const CONTEXTS: SpanContext[] = [];

/** A sampled span encoded when it ended (see EncodedItem); `flags` are its trace flags. */
export class EncodedSpan extends EncodedItem {
  /** Only the flags are real (what the batch processor checks); the ids are in the encoded bytes. */
  spanContext(): SpanContext {
    return (CONTEXTS[this.flags & 0xff] ??= Object.freeze({ traceId: INVALID_TRACEID, spanId: INVALID_SPANID, traceFlags: this.flags & 0xff }));
  }
}
