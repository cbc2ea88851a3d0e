import { INVALID_SPANID, INVALID_TRACEID, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

// One frozen context per flags value (a byte), shared by every queued span that has it.
const CONTEXTS: SpanContext[] = [];
const NO_BYTES = Buffer.alloc(0);

/**
 * A sampled span already written as its OTLP `ScopeSpans.spans` field (tag, length, body), bytes
 * `start..end` of an off-heap slab, with what batching and grouping still read: its trace flags,
 * resource and scope. Stands in for the SDK span in the batch queue, so the queue holds one small
 * object per span instead of ~110 that survive the young generation until the batch is sent (no
 * view of the slab and no id strings either: those would survive too). Once its request is encoded
 * it goes back to its pool and carries a later span (see EncodedSpanPool).
 */
export class EncodedSpan {
  /** In its pool's free list: not in any queue. */
  free = false;

  constructor(
    public slab: Buffer,
    public start: number,
    public end: number,
    private traceFlags: number,
    public resource: ReadableSpan['resource'],
    public instrumentationScope: ReadableSpan['instrumentationScope'],
    private readonly pool?: EncodedSpanPool,
  ) {}

  /** Only the flags are real (what the batch processor checks); the ids are in the encoded bytes. */
  spanContext(): SpanContext {
    return (CONTEXTS[this.traceFlags & 0xff] ??= Object.freeze({ traceId: INVALID_TRACEID, spanId: INVALID_SPANID, traceFlags: this.traceFlags & 0xff }));
  }

  /** Its bytes were copied into a request: it may carry another span. */
  release(): void {
    this.pool?.give(this);
  }

  carry(slab: Buffer, start: number, end: number, traceFlags: number, resource: ReadableSpan['resource'], scope: ReadableSpan['instrumentationScope']): this {
    this.slab = slab;
    this.start = start;
    this.end = end;
    this.traceFlags = traceFlags;
    this.resource = resource;
    this.instrumentationScope = scope;
    this.free = false;
    return this;
  }

  forget(): void {
    this.slab = NO_BYTES;
    this.free = true;
  }
}

/**
 * EncodedSpan objects used again once the request holding their bytes is encoded. Under load a
 * batch queue always holds a few hundred of them, so every young-generation collection copied
 * them (and promoted some), which is what grew V8's young generation to its maximum; objects that
 * are used again live in the old generation and cost a collection nothing.
 */
export class EncodedSpanPool {
  readonly #free: EncodedSpan[] = [];

  /** At most `max` kept: above a full queue and a batch being sent there is nothing to reuse them for. */
  constructor(private readonly max: number) {}

  take(slab: Buffer, start: number, end: number, traceFlags: number, resource: ReadableSpan['resource'], scope: ReadableSpan['instrumentationScope']): EncodedSpan {
    const reused = this.#free.pop();
    return reused ? reused.carry(slab, start, end, traceFlags, resource, scope) : new EncodedSpan(slab, start, end, traceFlags, resource, scope, this);
  }

  give(span: EncodedSpan): void {
    // Twice in the free list would hand one object to two queued spans.
    if (span.free || this.#free.length >= this.max) return;
    span.forget();
    this.#free.push(span);
  }

  get size(): number {
    return this.#free.length;
  }
}

/** After a request is encoded from `spans`: the EncodedSpans among them go back to their pools. */
export function releaseEncodedSpans(spans: ReadonlyArray<unknown>): void {
  for (const span of spans) if (span instanceof EncodedSpan) span.release();
}
