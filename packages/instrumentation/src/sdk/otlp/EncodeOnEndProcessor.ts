import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { EncodedSpanPool } from './EncodedSpan.js';
import { writeSpan } from './encode-trace-request.js';
import { ProtoWriter } from './ProtoWriter.js';

// A new off-heap slab when less than this is left: spans are rarely larger, and one that is grows
// the slab it lands in (earlier views keep the old buffer).
const SPAN_ROOM = 16 * 1024;
const SLAB_SIZE = 256 * 1024;
// Upstream's default queue (2048) and a batch on the wire (512), with room for a larger queue setting.
const POOL_MAX = 8192;

/**
 * In front of a batch processor whose exporter is Sightline's http/protobuf one: encodes each sampled
 * span when it ends and queues the bytes (EncodedSpan) instead of the span. Batching, queue limits,
 * drop counting, timers and flushes stay the batch processor's; the request sent is byte for byte
 * what encoding the spans later would give. The span itself is garbage as soon as the request's
 * work is done, which is what keeps V8's young generation from growing under load.
 */
export class EncodeOnEndProcessor implements SpanProcessor {
  readonly #writer: ProtoWriter;
  readonly #pool = new EncodedSpanPool(POOL_MAX);

  constructor(
    private readonly next: SpanProcessor,
    private readonly onError: (err: unknown) => void,
    private readonly slab = { size: SLAB_SIZE, spanRoom: SPAN_ROOM },
  ) {
    this.#writer = new ProtoWriter(slab.size);
  }

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const spanContext = span.spanContext();
    if ((spanContext.traceFlags & TraceFlags.SAMPLED) === 0) return;
    let queued: ReadableSpan = span;
    try {
      const w = this.#writer;
      w.room(this.slab.spanRoom, this.slab.size);
      const start = w.pos;
      writeSpan(w, span);
      queued = this.#pool.take(w.buf, start, w.pos, spanContext.traceFlags, span.resource, span.instrumentationScope) as unknown as ReadableSpan;
    } catch (err) {
      // Queued as it is: the exporter encodes it at send time, as it would without this processor.
      this.onError(err);
    }
    this.next.onEnd(queued);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
