import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { EncodedSpan } from './EncodedSpan.js';
import { writeSpan } from './encode-trace-request.js';
import { DEFAULT_SLAB, SlabEncoder, type SlabSizes } from './SlabEncoder.js';

/**
 * In front of a batch processor whose exporter is Sightline's http/protobuf one: encodes each sampled
 * span when it ends and queues the bytes (EncodedSpan) instead of the span. Batching, queue limits,
 * drop counting, timers and flushes stay the batch processor's; the request sent is byte for byte
 * what encoding the spans later would give. The span itself is garbage as soon as the request's
 * work is done, which is what keeps V8's young generation from growing under load.
 */
export class EncodeOnEndProcessor implements SpanProcessor {
  readonly #encoder: SlabEncoder<EncodedSpan>;

  constructor(
    private readonly next: SpanProcessor,
    private readonly onError: (err: unknown) => void,
    slab: SlabSizes = DEFAULT_SLAB,
  ) {
    this.#encoder = new SlabEncoder((pool) => new EncodedSpan(pool), slab);
  }

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const { traceFlags } = span.spanContext();
    if ((traceFlags & TraceFlags.SAMPLED) === 0) return;
    let queued: ReadableSpan = span;
    try {
      queued = this.#encoder.encode(span, writeSpan, traceFlags, span.resource, span.instrumentationScope) as unknown as ReadableSpan;
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
