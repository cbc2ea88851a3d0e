import {
  metrics, ROOT_CONTEXT, trace, type Counter, type Histogram, type MeterProvider, type ObservableGauge, type ObservableResult,
} from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { AttributeCache } from '../breaker/AttributeCache.js';
import {
  ATTR_JOB_EXPECTED_INTERVAL, ATTR_JOB_NAME, ATTR_JOB_OUTCOME, METRIC_JOB_CONSECUTIVE_FAILURES, METRIC_JOB_EXPECTED_INTERVAL,
  METRIC_JOB_LAST_SUCCESS, METRIC_JOB_RUN_DURATION, METRIC_JOB_RUNS, SCOPE_NAME,
} from '../semconv.js';
import { createWarnOnce, defaultWarn, type Warn } from '../warn-once.js';
import { JOB_OUTCOMES, type JobOutcome } from './job-outcome.js';
import { JobRegistry } from './JobRegistry.js';

export interface JobSpanProcessorOptions {
  /** Where the metrics go; the global meter provider by default. */
  meterProvider?: MeterProvider;
  /** Receives the processor's own warnings (each at most once). */
  warn?: Warn;
}

/** Seconds; jobs run from milliseconds to hours. */
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200];

type JobState = { consecutiveFailures: number; lastSuccess: number | undefined; expectedInterval: number | undefined };

/**
 * Derives job metrics from the run spans trackJob makes (or any span with `job.name` and `job.outcome`):
 * runs by outcome, run duration, failures in a row, time of the last success, declared interval.
 * Exact under any trace sampling as long as run spans are recorded (the preload's sampler does that).
 */
export class JobSpanProcessor implements SpanProcessor {
  private readonly _runs: Counter;
  private readonly _duration: Histogram;
  private readonly _gauges: ObservableGauge[];
  private readonly _jobs = new Map<string, JobState>();
  private readonly _runAttrs = new AttributeCache([ATTR_JOB_NAME, ATTR_JOB_OUTCOME]);
  private readonly _nameAttrs = new AttributeCache([ATTR_JOB_NAME]);
  private readonly _warnOnce: (key: string, message: string) => void;
  private readonly _observe = (result: ObservableResult, pick: (s: JobState) => number | undefined): void => {
    try {
      for (const declared of this._registry.jobs()) this._state(declared.name, declared.expectedIntervalSeconds);
      for (const [name, state] of this._jobs) {
        const value = pick(state);
        if (value !== undefined) result.observe(value, this._nameAttrs.get(name));
      }
    } catch (error) {
      this._warnOnce('gauge', `job gauges failed: ${String(error)}`);
    }
  };
  private readonly _callbacks: Array<(result: ObservableResult) => void>;

  constructor(options: JobSpanProcessorOptions = {}, private readonly _registry = JobRegistry.global()) {
    const meter = (options.meterProvider ?? metrics).getMeter(SCOPE_NAME);
    this._warnOnce = createWarnOnce(options.warn ?? defaultWarn);
    this._runs = meter.createCounter(METRIC_JOB_RUNS, { description: 'Job runs by outcome', unit: '{run}' });
    this._duration = meter.createHistogram(METRIC_JOB_RUN_DURATION, {
      description: 'Duration of job runs', unit: 's', advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this._gauges = [
      meter.createObservableGauge(METRIC_JOB_CONSECUTIVE_FAILURES, { description: 'Failed or timed-out runs in a row since the last success', unit: '{run}' }),
      meter.createObservableGauge(METRIC_JOB_LAST_SUCCESS, { description: 'End of the last successful run, unix time', unit: 's' }),
      meter.createObservableGauge(METRIC_JOB_EXPECTED_INTERVAL, { description: 'How often the job is declared to run', unit: 's' }),
    ];
    this._callbacks = [
      (r) => this._observe(r, (s) => s.consecutiveFailures),
      (r) => this._observe(r, (s) => s.lastSuccess),
      (r) => this._observe(r, (s) => s.expectedInterval),
    ];
    this._gauges.forEach((g, i) => g.addCallback(this._callbacks[i]!));
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    const name = span.attributes[ATTR_JOB_NAME];
    if (typeof name !== 'string') return;
    try {
      const raw = span.attributes[ATTR_JOB_OUTCOME];
      const outcome: JobOutcome = JOB_OUTCOMES.includes(raw as JobOutcome) ? (raw as JobOutcome) : 'failure';
      const interval = span.attributes[ATTR_JOB_EXPECTED_INTERVAL];
      const state = this._state(name, typeof interval === 'number' ? interval : undefined);
      const ctx = trace.setSpanContext(ROOT_CONTEXT, span.spanContext());
      const attrs = this._runAttrs.get(name, outcome);
      this._runs.add(1, attrs, ctx);
      if (outcome === 'skipped_overlap') return;
      this._duration.record(span.duration[0] + span.duration[1] / 1e9, attrs, ctx);
      if (outcome === 'success') {
        state.consecutiveFailures = 0;
        const end = span.endTime[0] + span.endTime[1] / 1e9;
        // Runs may end out of order (overlapping runs): keep the latest success.
        if (state.lastSuccess === undefined || end > state.lastSuccess) state.lastSuccess = end;
      } else {
        state.consecutiveFailures++;
      }
    } catch (error) {
      this._warnOnce('onEnd', `job metrics failed for a span: ${String(error)}`);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this._gauges.forEach((g, i) => g.removeCallback(this._callbacks[i]!));
    return Promise.resolve();
  }

  private _state(name: string, expectedInterval: number | undefined): JobState {
    let state = this._jobs.get(name);
    if (state === undefined) this._jobs.set(name, (state = { consecutiveFailures: 0, lastSuccess: undefined, expectedInterval }));
    else if (expectedInterval !== undefined) state.expectedInterval = expectedInterval;
    return state;
  }
}
