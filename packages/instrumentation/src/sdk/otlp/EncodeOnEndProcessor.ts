import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { EncodeAheadProcessor } from './EncodeAheadProcessor.js';
import { EncodedSpan } from './EncodedSpan.js';
import { writeSpan } from './encode-trace-request.js';
import { DEFAULT_SLAB, type SlabSizes } from './SlabEncoder.js';

/**
 * In front of a batch processor whose exporter is Sightline's http/protobuf one: encodes each sampled
 * span when it ends and queues the bytes (EncodedSpan) instead of the span. Batching, queue limits,
 * drop counting, timers and flushes stay the batch processor's; the request sent is byte for byte
 * what encoding the spans later would give. The span itself is garbage as soon as the request's
 * work is done, which is what keeps V8's young generation from growing under load.
 */
export class EncodeOnEndProcessor extends EncodeAheadProcessor<SpanProcessor, EncodedSpan> implements SpanProcessor {
  constructor(next: SpanProcessor, onError: (err: unknown) => void, slab: SlabSizes = DEFAULT_SLAB) {
    super(next, onError, (pool) => new EncodedSpan(pool), slab);
  }

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const { traceFlags } = span.spanContext();
    if ((traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.next.onEnd(this.encoded(span, writeSpan, traceFlags, span.resource, span.instrumentationScope));
  }
}
