import type { SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/**
 * A sampled span already written as its OTLP `ScopeSpans.spans` field (tag, length, body), with
 * what batching and grouping still read: its context, resource and scope. Stands in for the SDK
 * span in the batch queue, so the queue holds a few hundred bytes outside the JS heap per span
 * instead of ~110 objects that survive the young generation until the batch is sent.
 */
export class EncodedSpan {
  constructor(
    readonly encoded: Uint8Array,
    private readonly context: SpanContext,
    readonly resource: ReadableSpan['resource'],
    readonly instrumentationScope: ReadableSpan['instrumentationScope'],
  ) {}

  spanContext(): SpanContext {
    return this.context;
  }
}
