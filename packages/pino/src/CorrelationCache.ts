import { isSpanContextValid, propagation, trace, type Context } from '@opentelemetry/api';
import type { LogLineFilter } from './LogLineFilter.js';
import { BAGGAGE_REQUEST_ID } from './semconv.js';

const FLAGS = ['00', '01'];

/**
 * What Sightline adds to lines written in one context, computed once per context object
 * (contexts are immutable): the ids, the same as a ready-made JSON fragment for pino's bindings
 * string, and whether debug/info lines are dropped in it.
 */
export class CorrelationCache {
  context: Context | undefined;
  traceId: string | undefined;
  spanId: string | undefined;
  traceFlags: string | undefined;
  requestId: string | undefined;
  /** `,"trace_id":"…","span_id":"…","trace_flags":"01","request_id":"…"`, or '' when there is nothing to add. */
  fragment = '';
  dropsLowLevels = false;

  constructor(private readonly _filter?: LogLineFilter) {}

  refresh(ctx: Context): void {
    this.context = ctx;
    const spanContext = trace.getSpan(ctx)?.spanContext();
    let fragment = '';
    if (spanContext !== undefined && isSpanContextValid(spanContext)) {
      this.traceId = spanContext.traceId;
      this.spanId = spanContext.spanId;
      this.traceFlags = FLAGS[spanContext.traceFlags] ?? spanContext.traceFlags.toString(16).padStart(2, '0');
      fragment = `,"trace_id":"${this.traceId}","span_id":"${this.spanId}","trace_flags":"${this.traceFlags}"`;
    } else {
      this.traceId = this.spanId = this.traceFlags = undefined;
    }
    this.requestId = propagation.getBaggage(ctx)?.getEntry(BAGGAGE_REQUEST_ID)?.value;
    if (this.requestId !== undefined) fragment += `,"request_id":${JSON.stringify(this.requestId)}`;
    this.fragment = fragment;
    this.dropsLowLevels = this._filter?.active === true && this._filter.drops(ctx);
  }
}
