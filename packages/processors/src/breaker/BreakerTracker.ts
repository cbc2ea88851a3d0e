import {
  context, createContextKey, SpanKind, SpanStatusCode, trace,
  type Span, type Tracer, type TracerProvider,
} from '@opentelemetry/api';
import {
  ATTR_CIRCUIT_BREAKER_FALLBACK_CAUSE, ATTR_CIRCUIT_BREAKER_FROM_STATE, ATTR_CIRCUIT_BREAKER_NAME,
  ATTR_CIRCUIT_BREAKER_OUTCOME, ATTR_CIRCUIT_BREAKER_STATE, ATTR_CIRCUIT_BREAKER_TO_STATE,
  EVENT_CIRCUIT_BREAKER_STATE_CHANGE, SCOPE_NAME,
} from '../semconv.js';
import { BreakerCall } from './BreakerCall.js';
import { BreakerRegistry, type LiveBreaker } from './BreakerRegistry.js';
import type { BreakerState } from './breaker-state.js';

const CALL_KEY = createContextKey('sightline.processors.breaker-call');

export interface BreakerTrackerOptions {
  /** Breaker name, reported as `circuit_breaker.name`. Keep it low-cardinality (one per dependency). */
  name: string;
  /** Reads the breaker's current state; called at the start of each call and by the state gauge. */
  state: () => BreakerState;
  /** Where call spans go; the global tracer provider by default. */
  tracerProvider?: TracerProvider;
  /** Span name of each call; `circuit_breaker <name>` by default. */
  spanName?: string;
}

/**
 * Turns calls through one breaker into spans and reports its state transitions. The opossum and
 * cockatiel adapters are built on it; home-made breakers use it through `trackBreaker`.
 */
export class BreakerTracker implements LiveBreaker {
  readonly name: string;
  private readonly _readState: () => BreakerState;
  private readonly _tracer: Tracer;
  private readonly _spanName: string;
  private readonly _registry: BreakerRegistry;
  private _last: BreakerState;
  private _since = Date.now();

  constructor(options: BreakerTrackerOptions, registry: BreakerRegistry = BreakerRegistry.global()) {
    if (typeof options?.name !== 'string' || options.name === '') {
      throw new TypeError('Sightline: a breaker needs a non-empty `name` option');
    }
    this.name = options.name;
    this._readState = options.state;
    this._tracer = (options.tracerProvider ?? trace).getTracer(SCOPE_NAME);
    this._spanName = options.spanName ?? `circuit_breaker ${options.name}`;
    this._registry = registry;
    this._last = this.currentState();
    registry.register(this);
  }

  /** The breaker's state now; never throws (falls back to the last state seen). */
  currentState(): BreakerState {
    try {
      return this._readState();
    } catch {
      return this._last;
    }
  }

  /** When the last reported transition happened (or the tracker was created), ms since the epoch. */
  get stateSince(): number {
    return this._since;
  }

  /** Runs one call through the breaker in its own span. `fn` receives the call record. */
  run<T>(fn: (call: BreakerCall) => T | PromiseLike<T>): Promise<T> {
    return Promise.resolve(this.invoke(fn, undefined, [], true));
  }

  /**
   * Calls `target` with `thisArg` and `args` inside a call span. If `passCall` is true the call
   * record replaces the first argument. Returns what `target` returns (a promise is chained).
   */
  invoke(target: Function, thisArg: unknown, args: unknown[], passCall = false): any {
    const span = this._tracer.startSpan(this._spanName, {
      kind: SpanKind.INTERNAL,
      attributes: { [ATTR_CIRCUIT_BREAKER_NAME]: this.name, [ATTR_CIRCUIT_BREAKER_STATE]: this.currentState() },
    });
    const call = new BreakerCall(this);
    if (passCall) args[0] = call;
    if (!span.isRecording()) {
      // Nothing will be exported or counted; skip the context work (no SDK, or a dropped span).
      return target.apply(thisArg, args);
    }
    const ctx = trace.setSpan(context.active(), span).setValue(CALL_KEY, call);
    let result: unknown;
    try {
      result = context.with(ctx, () => target.apply(thisArg, args));
    } catch (error) {
      this._finish(span, call, false, error);
      throw error;
    }
    if (result !== null && typeof (result as PromiseLike<unknown>)?.then === 'function') {
      return (result as Promise<unknown>).then(
        (value) => { this._finish(span, call, true, undefined); return value; },
        (error: unknown) => { this._finish(span, call, false, error); throw error; },
      );
    }
    this._finish(span, call, true, undefined);
    return result;
  }

  /** The record of the call running in the current context, if it belongs to this breaker. */
  currentCall(): BreakerCall | undefined {
    const call = context.active().getValue(CALL_KEY) as BreakerCall | undefined;
    return call?.owner === this ? call : undefined;
  }

  /**
   * Reports that the breaker moved to `to`. Recorded as a span event on the active span (the call
   * that caused it); with no recording span active, handed to the processors directly.
   */
  transition(to: BreakerState): void {
    const from = this._last;
    if (from === to) return;
    this._last = to;
    this._since = Date.now();
    const span = trace.getSpan(context.active());
    if (span !== undefined && span.isRecording()) {
      span.addEvent(EVENT_CIRCUIT_BREAKER_STATE_CHANGE, {
        [ATTR_CIRCUIT_BREAKER_NAME]: this.name,
        [ATTR_CIRCUIT_BREAKER_FROM_STATE]: from,
        [ATTR_CIRCUIT_BREAKER_TO_STATE]: to,
      });
    } else {
      this._registry.emitDetachedTransition(this.name, from, to);
    }
  }

  /** Stops reporting this breaker's live state to the gauge. */
  dispose(): void {
    this._registry.unregister(this);
  }

  private _finish(span: Span, call: BreakerCall, succeeded: boolean, error: unknown): void {
    try {
      const outcome = call.resolveOutcome(succeeded, error);
      span.setAttribute(ATTR_CIRCUIT_BREAKER_OUTCOME, outcome);
      if (outcome === 'fallback' && call.fallbackCause !== undefined) {
        span.setAttribute(ATTR_CIRCUIT_BREAKER_FALLBACK_CAUSE, call.fallbackCause);
      } else if (outcome !== 'success') {
        const message = (error as { message?: unknown } | undefined)?.message;
        span.setStatus({ code: SpanStatusCode.ERROR, message: typeof message === 'string' ? message : outcome });
      }
    } finally {
      span.end();
    }
  }
}
