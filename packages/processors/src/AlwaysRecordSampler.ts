import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Sampler, SamplingDecision, SamplingResult } from '@opentelemetry/sdk-trace';

// SamplingDecision's values, spelled out: a value import would load all of sdk-trace with this package
// (the preload bundles its own copy; see @sightline/instrumentation's start-up notes).
const NOT_RECORD = 0 as SamplingDecision.NOT_RECORD;
const RECORD = 1 as SamplingDecision.RECORD;

/**
 * Wraps a sampler so that spans it drops are still recorded: NOT_RECORD becomes RECORD. Span
 * processors then see every span (business and breaker metrics stay exact at any sampling rate),
 * while exporting processors such as BatchSpanProcessor still skip spans without the sampled flag.
 * Make it the outermost sampler.
 *
 * `shouldRecord`, when given, limits this to the spans that need it (decided from the start
 * attributes), so dropped spans nobody counts stay cheap non-recording spans.
 */
export class AlwaysRecordSampler implements Sampler {
  constructor(private readonly _delegate: Sampler, private readonly _shouldRecord?: (attributes: Attributes) => boolean) {
    if (_delegate === undefined || typeof _delegate.shouldSample !== 'function') {
      throw new TypeError('AlwaysRecordSampler needs a sampler to wrap');
    }
  }

  shouldSample(
    context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[],
  ): SamplingResult {
    const result = this._delegate.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    if (result.decision !== NOT_RECORD) return result;
    if (this._shouldRecord !== undefined && !this._shouldRecord(attributes)) return result;
    return { decision: RECORD, attributes: result.attributes, traceState: result.traceState };
  }

  toString(): string {
    return `AlwaysRecordSampler{${this._delegate.toString()}}`;
  }
}
