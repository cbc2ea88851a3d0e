import { context, isSpanContextValid, propagation, trace, type Context } from '@opentelemetry/api';
import { BAGGAGE_REQUEST_ID } from './semconv.js';
import type { PinoMixin } from './types.js';

/** Marks a mixin built here; its value is the user's mixin it wraps (or null). */
export const SIGHTLINE_MIXIN = Symbol.for('sightline.pino.mixin');

const FLAGS = ['00', '01'];

/**
 * Builds a pino mixin adding `trace_id`, `span_id`, `trace_flags` and `request_id` from the active
 * context. The user's mixin, if any, runs too and wins on conflicting keys. The ids of the last
 * context seen are cached (contexts are immutable), so a line costs one `context.active()` call,
 * one identity check and the returned object.
 */
export function createCorrelationMixin(userMixin?: PinoMixin | null, isEnabled: () => boolean = alwaysOn): PinoMixin {
  let lastContext: Context | undefined;
  let traceId: string | undefined;
  let spanId: string | undefined;
  let traceFlags: string | undefined;
  let requestId: string | undefined;

  function refresh(ctx: Context): void {
    lastContext = ctx;
    const spanContext = trace.getSpan(ctx)?.spanContext();
    if (spanContext !== undefined && isSpanContextValid(spanContext)) {
      traceId = spanContext.traceId;
      spanId = spanContext.spanId;
      traceFlags = FLAGS[spanContext.traceFlags] ?? spanContext.traceFlags.toString(16).padStart(2, '0');
    } else {
      traceId = spanId = traceFlags = undefined;
    }
    requestId = propagation.getBaggage(ctx)?.getEntry(BAGGAGE_REQUEST_ID)?.value;
  }

  const mixin = userMixin
    ? function sightlineMixin(mergeObject: object, level: number, logger: unknown): object {
        const theirs = userMixin(mergeObject, level, logger);
        if (!isEnabled()) return theirs;
        const ctx = context.active();
        if (ctx !== lastContext) refresh(ctx);
        if (traceId === undefined && requestId === undefined) return theirs;
        const fields: Record<string, unknown> = { trace_id: traceId, span_id: spanId, trace_flags: traceFlags, request_id: requestId };
        // theirs wins on conflicts, but a key they leave undefined does not erase ours
        for (const key in theirs) {
          const value = (theirs as Record<string, unknown>)[key];
          if (value !== undefined) fields[key] = value;
        }
        return fields;
      }
    : function sightlineMixin(): object {
        const ctx = context.active();
        if (ctx !== lastContext) refresh(ctx);
        if ((traceId === undefined && requestId === undefined) || !isEnabled()) return {};
        return { trace_id: traceId, span_id: spanId, trace_flags: traceFlags, request_id: requestId };
      };
  Object.defineProperty(mixin, SIGHTLINE_MIXIN, { value: userMixin ?? null });
  return mixin;
}

function alwaysOn(): boolean {
  return true;
}
