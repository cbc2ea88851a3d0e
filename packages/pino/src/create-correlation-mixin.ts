import { context } from '@opentelemetry/api';
import { CorrelationCache } from './CorrelationCache.js';
import type { PinoMixin } from './types.js';

/** Marks a mixin built here; its value is the user's mixin it wraps (or null). */
export const SIGHTLINE_MIXIN = Symbol.for('sightline.pino.mixin');

/**
 * Builds a pino mixin adding `trace_id`, `span_id`, `trace_flags` and `request_id` from the active
 * context, for loggers built without the preload (`pino({ mixin: createCorrelationMixin() })`).
 * The user's mixin, if any, runs too and wins on conflicting keys. The ids of the last context
 * seen are cached, so a line costs one `context.active()` call, one identity check and the object.
 */
export function createCorrelationMixin(userMixin?: PinoMixin | null, isEnabled: () => boolean = alwaysOn): PinoMixin {
  const cache = new CorrelationCache();
  const mixin = userMixin
    ? function sightlineMixin(mergeObject: object, level: number, logger: unknown): object {
        const theirs = userMixin(mergeObject, level, logger);
        if (!isEnabled()) return theirs;
        const ctx = context.active();
        if (ctx !== cache.context) cache.refresh(ctx);
        if (cache.fragment === '') return theirs;
        const fields: Record<string, unknown> = {
          trace_id: cache.traceId, span_id: cache.spanId, trace_flags: cache.traceFlags, request_id: cache.requestId,
        };
        // theirs wins on conflicts, but a key they leave undefined does not erase ours
        for (const key in theirs) {
          const value = (theirs as Record<string, unknown>)[key];
          if (value !== undefined) fields[key] = value;
        }
        return fields;
      }
    : function sightlineMixin(): object {
        const ctx = context.active();
        if (ctx !== cache.context) cache.refresh(ctx);
        if (cache.fragment === '' || !isEnabled()) return {};
        return { trace_id: cache.traceId, span_id: cache.spanId, trace_flags: cache.traceFlags, request_id: cache.requestId };
      };
  Object.defineProperty(mixin, SIGHTLINE_MIXIN, { value: userMixin ?? null });
  return mixin;
}

function alwaysOn(): boolean {
  return true;
}
