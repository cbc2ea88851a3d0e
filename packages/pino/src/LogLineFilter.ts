import { trace, type Context } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { ATTR_URL_PATH } from './semconv.js';

const MAX_REMEMBERED_TRACES = 4096;

/**
 * Decides whether a debug/info line is dropped: lines written in a tracing-suppressed context
 * (the preload suppresses health-check requests) and a share of lines of sampled routes.
 * The sampling decision is per trace (from the trace id), so a request keeps all or none of its
 * debug/info lines and both sides of a service call agree. warn and above never reach this.
 */
export class LogLineFilter {
  /** False when there is nothing to decide, so the hot path skips the call. */
  readonly active: boolean;
  private readonly _exact = new Map<string, number>();
  private readonly _prefixes: Array<[string, number]> = [];
  private readonly _decisions = new Map<string, boolean>();

  constructor(
    private readonly _suppressIgnored: boolean,
    sampleRoutes: ReadonlyMap<string, number>,
  ) {
    for (const [route, ratio] of sampleRoutes) {
      if (route.endsWith('*')) this._prefixes.push([route.slice(0, -1), ratio]);
      else this._exact.set(route, ratio);
    }
    this.active = _suppressIgnored || sampleRoutes.size > 0;
  }

  /** Whether debug/info lines written in `ctx` are dropped. */
  drops(ctx: Context): boolean {
    if (this._suppressIgnored && isTracingSuppressed(ctx)) return true;
    if (this._exact.size === 0 && this._prefixes.length === 0) return false;
    const span = trace.getSpan(ctx);
    if (span === undefined) return false;
    const traceId = span.spanContext().traceId;
    const path = (span as { attributes?: Record<string, unknown> }).attributes?.[ATTR_URL_PATH];
    if (typeof path !== 'string') return this._decisions.get(traceId) === false;
    const ratio = this._ratioFor(path);
    if (ratio === undefined) return false;
    const keep = traceRatio(traceId) < ratio;
    if (this._decisions.size >= MAX_REMEMBERED_TRACES) this._decisions.clear();
    this._decisions.set(traceId, keep);
    return !keep;
  }

  private _ratioFor(path: string): number | undefined {
    const exact = this._exact.get(path);
    if (exact !== undefined) return exact;
    for (const [prefix, ratio] of this._prefixes) if (path.startsWith(prefix)) return ratio;
    return undefined;
  }
}

/** The last 8 hex digits of the trace id (random in W3C trace ids) as a number in [0, 1). */
function traceRatio(traceId: string): number {
  return parseInt(traceId.slice(-8), 16) / 0x1_0000_0000;
}
