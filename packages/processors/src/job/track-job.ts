import {
  context, createContextKey, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type TracerProvider,
} from '@opentelemetry/api';
import { ATTR_JOB_EXPECTED_INTERVAL, ATTR_JOB_NAME, ATTR_JOB_OUTCOME, SCOPE_NAME } from '../semconv.js';
import type { JobOutcome } from './job-outcome.js';
import { JobRegistry } from './JobRegistry.js';
import { JobTimeoutError } from './JobTimeoutError.js';

export interface TrackJobOptions {
  /** A run still going after this many milliseconds ends as `timeout`: its signal is aborted and the wrapper rejects. */
  timeoutMs?: number;
  /** When a run is still going, a new one is skipped (outcome `skipped_overlap`) instead of started. */
  preventOverlap?: boolean;
  /** How often the job is meant to run, in milliseconds: exported for the staleness alert. */
  expectedIntervalMs?: number;
  /** Where run spans go; the global tracer provider by default. */
  tracerProvider?: TracerProvider;
}

/** Handed to the job after the scheduler's own arguments, and returned by currentJobRun() inside a run. */
export interface JobRun {
  readonly name: string;
  /** Aborted when the run times out; pass it on to fetch, database clients and loops. */
  readonly signal: AbortSignal;
  /** The run's root span, for attributes and events of your own. */
  readonly span: Span;
}

const RUN_KEY = createContextKey('sightline.processors.job-run');

/**
 * The run of a tracked job that the calling code is part of, when an OpenTelemetry context manager is
 * active (the preload installs one): for handlers whose scheduler passes a varying number of arguments.
 */
export function currentJobRun(): JobRun | undefined {
  return context.active().getValue(RUN_KEY) as JobRun | undefined;
}

type Job<A extends unknown[], R> = (...args: [...A, JobRun]) => R | PromiseLike<R>;

const positive = (name: string, option: string, value: number | undefined): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Sightline: trackJob(${JSON.stringify(name)}): ${option} must be a positive number of milliseconds, not ${String(value)}`);
  }
  return value;
};

/**
 * Wraps a job handler (cron callback, interval loop, queue worker) so that every run is a trace of its
 * own: a root span named after the job, never a child of whatever context the scheduler ran in, with
 * `job.name`, `job.outcome` and the error. The wrapper returns (or rejects with) what the handler does;
 * a skipped overlapping run resolves to undefined. Metrics come from JobSpanProcessor.
 *
 * ```ts
 * cron.schedule('0 * * * *', trackJob('billing.hourly', runBilling, { timeoutMs: 60_000, preventOverlap: true, expectedIntervalMs: 3_600_000 }));
 * ```
 */
export function trackJob<A extends unknown[], R>(name: string, job: Job<A, R>, options: TrackJobOptions = {}): (...args: A) => Promise<R | undefined> {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError('Sightline: trackJob needs a non-empty job name');
  if (typeof job !== 'function') throw new TypeError(`Sightline: trackJob(${JSON.stringify(name)}) needs a function to run`);
  const timeoutMs = positive(name, 'timeoutMs', options.timeoutMs);
  const intervalMs = positive(name, 'expectedIntervalMs', options.expectedIntervalMs);
  const expectedIntervalSeconds = intervalMs === undefined ? undefined : intervalMs / 1000;
  JobRegistry.global().declare({ name, expectedIntervalSeconds });
  const tracer = (options.tracerProvider ?? trace).getTracer(SCOPE_NAME);
  const attributes = expectedIntervalSeconds === undefined
    ? { [ATTR_JOB_NAME]: name }
    : { [ATTR_JOB_NAME]: name, [ATTR_JOB_EXPECTED_INTERVAL]: expectedIntervalSeconds };
  let running = 0;

  return async function trackedJob(this: unknown, ...args: A): Promise<R | undefined> {
    // ROOT_CONTEXT: a run never joins the trace of whatever happened to schedule it.
    const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, root: true, attributes }, ROOT_CONTEXT);
    if (options.preventOverlap && running > 0) {
      end(span, 'skipped_overlap');
      return undefined;
    }
    const controller = new AbortController();
    const run: JobRun = { name, signal: controller.signal, span };
    let work: Promise<R>;
    try {
      const runContext = trace.setSpan(ROOT_CONTEXT, span).setValue(RUN_KEY, run);
      work = Promise.resolve(context.with(runContext, () => job.apply(this, [...args, run])));
    } catch (error) {
      work = Promise.reject(error);
    }
    // A timed-out run may still be working: it counts as running until it really settles.
    running++;
    const settled = (): void => void running--;
    work.then(settled, settled);
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = timeoutMs === undefined ? await work : await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const error = new JobTimeoutError(name, timeoutMs);
            controller.abort(error);
            reject(error);
          }, timeoutMs);
        }),
      ]);
      end(span, 'success');
      return result;
    } catch (error) {
      end(span, error instanceof JobTimeoutError && controller.signal.aborted ? 'timeout' : 'failure', error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function end(span: Span, outcome: JobOutcome, error?: unknown): void {
  span.setAttribute(ATTR_JOB_OUTCOME, outcome);
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}
