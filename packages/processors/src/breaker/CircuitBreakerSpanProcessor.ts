import {
  metrics, ROOT_CONTEXT, SpanStatusCode, trace,
  type Context, type Counter, type Histogram, type HrTime, type MeterProvider,
  type ObservableGauge, type ObservableResult,
} from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import {
  ATTR_CIRCUIT_BREAKER_FROM_STATE, ATTR_CIRCUIT_BREAKER_NAME, ATTR_CIRCUIT_BREAKER_OUTCOME,
  ATTR_CIRCUIT_BREAKER_STATE, ATTR_CIRCUIT_BREAKER_TO_STATE, EVENT_CIRCUIT_BREAKER_STATE_CHANGE,
  METRIC_CIRCUIT_BREAKER_CALL_DURATION, METRIC_CIRCUIT_BREAKER_CALLS, METRIC_CIRCUIT_BREAKER_STATE,
  METRIC_CIRCUIT_BREAKER_TRANSITIONS, SCOPE_NAME, DURATION_BUCKETS_SECONDS,
} from '../semconv.js';
import { createWarnOnce, defaultWarn, type Warn } from '../warn-once.js';
import { BreakerRegistry } from './BreakerRegistry.js';
import { normalizeOutcome, normalizeState, stateValue } from './breaker-state.js';
import { AttributeCache } from './AttributeCache.js';

export interface CircuitBreakerSpanProcessorOptions {
  /** Where the metrics go; the global meter provider by default. */
  meterProvider?: MeterProvider;
  /** Receives the processor's own warnings (each at most once). */
  warn?: Warn;
  /** Record measurements in the span's context so SDKs that support exemplars attach its trace id. Default true. */
  exemplars?: boolean;
}


const toMillis = (t: HrTime): number => t[0] * 1e3 + t[1] / 1e6;

/**
 * Derives circuit-breaker metrics from spans: any span with `circuit_breaker.name` is a call, any
 * `circuit_breaker.state_change` event is a transition. Works for the adapters in this package and for
 * home-made breakers that only set those attributes. Never throws into the caller.
 */
export class CircuitBreakerSpanProcessor implements SpanProcessor {
  private readonly _calls: Counter;
  private readonly _duration: Histogram;
  private readonly _transitions: Counter;
  private readonly _gauge: ObservableGauge;
  private readonly _exemplars: boolean;
  private readonly _warnOnce: (key: string, message: string) => void;
  private readonly _lastState = new Map<string, { state: string; at: number }>();
  private readonly _callAttrs = new AttributeCache(
    [ATTR_CIRCUIT_BREAKER_NAME, ATTR_CIRCUIT_BREAKER_STATE, ATTR_CIRCUIT_BREAKER_OUTCOME]);
  private readonly _durationAttrs = new AttributeCache([ATTR_CIRCUIT_BREAKER_NAME, ATTR_CIRCUIT_BREAKER_OUTCOME]);
  private readonly _transitionAttrs = new AttributeCache(
    [ATTR_CIRCUIT_BREAKER_NAME, ATTR_CIRCUIT_BREAKER_FROM_STATE, ATTR_CIRCUIT_BREAKER_TO_STATE]);
  private readonly _nameAttrs = new AttributeCache([ATTR_CIRCUIT_BREAKER_NAME]);
  private readonly _unsubscribe: () => void;
  private readonly _observe = (result: ObservableResult): void => this._observeStates(result);

  constructor(options: CircuitBreakerSpanProcessorOptions = {}, private readonly _registry = BreakerRegistry.global()) {
    const meter = (options.meterProvider ?? metrics).getMeter(SCOPE_NAME);
    this._exemplars = options.exemplars !== false;
    this._warnOnce = createWarnOnce(options.warn ?? defaultWarn);
    this._calls = meter.createCounter(METRIC_CIRCUIT_BREAKER_CALLS, {
      description: 'Calls through a circuit breaker, by state at call start and outcome', unit: '{call}',
    });
    this._duration = meter.createHistogram(METRIC_CIRCUIT_BREAKER_CALL_DURATION, {
      description: 'Duration of calls through a circuit breaker', unit: 's',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
    });
    this._transitions = meter.createCounter(METRIC_CIRCUIT_BREAKER_TRANSITIONS, {
      description: 'Circuit breaker state transitions, by from and to state', unit: '{transition}',
    });
    this._gauge = meter.createObservableGauge(METRIC_CIRCUIT_BREAKER_STATE, {
      description: 'Current circuit breaker state: 0 closed, 1 half_open, 2 open, 3 isolated, 4 shutdown',
      unit: '{state}',
    });
    this._gauge.addCallback(this._observe);
    this._unsubscribe = _registry.onDetachedTransition((name, from, to) => {
      this._recordTransition(name, from, to, Date.now(), ROOT_CONTEXT);
    });
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    try {
      const name = span.attributes[ATTR_CIRCUIT_BREAKER_NAME];
      const events = span.events;
      if (typeof name !== 'string' && events.length === 0) return;
      const ctx = this._exemplars ? trace.setSpanContext(ROOT_CONTEXT, span.spanContext()) : ROOT_CONTEXT;
      if (typeof name === 'string') this._recordCall(span, name, ctx);
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        if (event.name !== EVENT_CIRCUIT_BREAKER_STATE_CHANGE) continue;
        const attrs = event.attributes ?? {};
        const eventName = attrs[ATTR_CIRCUIT_BREAKER_NAME] ?? name;
        if (typeof eventName !== 'string') continue;
        this._recordTransition(eventName, attrs[ATTR_CIRCUIT_BREAKER_FROM_STATE],
          attrs[ATTR_CIRCUIT_BREAKER_TO_STATE], toMillis(event.time), ctx);
      }
    } catch (error) {
      this._warnOnce('onEnd', `circuit-breaker metrics failed for a span: ${String(error)}`);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this._unsubscribe();
    this._gauge.removeCallback(this._observe);
    return Promise.resolve();
  }

  private _recordCall(span: ReadableSpan, name: string, ctx: Context): void {
    const attrs = span.attributes;
    const state = normalizeState(attrs[ATTR_CIRCUIT_BREAKER_STATE]);
    const rawOutcome = attrs[ATTR_CIRCUIT_BREAKER_OUTCOME];
    const outcome = rawOutcome === undefined
      ? (span.status.code === SpanStatusCode.ERROR ? 'failure' : 'success')
      : normalizeOutcome(rawOutcome);
    this._calls.add(1, this._callAttrs.get(name, state, outcome), ctx);
    this._duration.record(span.duration[0] + span.duration[1] / 1e9, this._durationAttrs.get(name, outcome), ctx);
    if (attrs[ATTR_CIRCUIT_BREAKER_STATE] !== undefined) this._observeState(name, state, toMillis(span.startTime));
  }

  private _recordTransition(name: string, rawFrom: unknown, rawTo: unknown, at: number, ctx: Context): void {
    const from = normalizeState(rawFrom);
    const to = normalizeState(rawTo);
    this._transitions.add(1, this._transitionAttrs.get(name, from, to), ctx);
    this._observeState(name, to, at);
  }

  /** Keeps the most recent state seen for each breaker; spans end out of order, so compare times. */
  private _observeState(name: string, state: string, at: number): void {
    const last = this._lastState.get(name);
    if (last === undefined) this._lastState.set(name, { state, at });
    else if (at >= last.at) { last.state = state; last.at = at; }
  }

  private _observeStates(result: ObservableResult): void {
    try {
      const live = new Set<string>();
      for (const breaker of this._registry.breakers()) {
        live.add(breaker.name);
        result.observe(stateValue(breaker.currentState()), this._nameAttrs.get(breaker.name));
      }
      for (const [name, last] of this._lastState) {
        if (!live.has(name)) result.observe(stateValue(last.state), this._nameAttrs.get(name));
      }
    } catch (error) {
      this._warnOnce('gauge', `circuit-breaker state gauge failed: ${String(error)}`);
    }
  }
}
