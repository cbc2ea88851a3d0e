import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

export interface HealthCheckOptions {
  /** Reported as `health.check.name`; one per dependency, low cardinality. */
  name: string;
  /** Resolves (or returns) when healthy; throws or rejects when not. A returned string becomes the message. */
  check: (signal: AbortSignal) => unknown;
  /** A run that takes longer counts as a failure; its signal is aborted. Default 2000 ms. */
  timeoutMs?: number;
  /** Time between runs. Default 10000 ms. */
  intervalMs?: number;
  /** A critical check that is down makes the process unready. Default true. */
  critical?: boolean;
  /** Consecutive failures before the check counts as down. Default 3. */
  failuresBeforeDown?: number;
}

/** `failing`: failed fewer than `failuresBeforeDown` times in a row, still counted as up. */
export type CheckStatus = 'unknown' | 'up' | 'failing' | 'down';
export type CheckOutcome = 'success' | 'failure' | 'timeout';

export interface CheckSnapshot {
  status: CheckStatus;
  critical: boolean;
  lastRunAt: string | undefined;
  lastSuccessAt: string | undefined;
  latencyMs: number | undefined;
  consecutiveFailures: number;
  message: string | undefined;
}

export interface CheckRunnerHooks {
  onRun(name: string, outcome: CheckOutcome, seconds: number): void;
  onStateChange(runner: CheckRunner, from: CheckStatus, to: CheckStatus): void;
  /** Applied to every message before it is kept (it reaches /healthz, stderr and the log). */
  redact?(message: string): string;
}

function positive(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`Sightline: health check option ${what} must be a positive number (got ${String(value)})`);
  return value;
}

/**
 * One check on its own timer: runs in the background, never per probe request, outside the context
 * it was registered in and with tracing suppressed (a check every few seconds is not traffic). A run
 * that outlives its timeout counts as a failure and is not started again while it is still pending,
 * so a hanging dependency costs one pending promise, not one per interval, and never delays another
 * check.
 */
export class CheckRunner {
  readonly name: string;
  readonly critical: boolean;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly failuresBeforeDown: number;
  private readonly fn: HealthCheckOptions['check'];
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<unknown> | undefined;
  private status: CheckStatus = 'unknown';
  private failures = 0;
  private lastRunAt: number | undefined;
  private lastSuccessAt: number | undefined;
  private latencyMs: number | undefined;
  private message: string | undefined;

  constructor(options: HealthCheckOptions, private readonly hooks: CheckRunnerHooks) {
    if (typeof options?.name !== 'string' || options.name.trim() === '') throw new TypeError('Sightline: a health check needs a non-empty `name`');
    if (typeof options.check !== 'function') throw new TypeError(`Sightline: health check ${options.name} needs a \`check\` function`);
    this.name = options.name;
    this.fn = options.check;
    this.critical = options.critical ?? true;
    this.timeoutMs = positive(options.timeoutMs, 2000, 'timeoutMs');
    this.intervalMs = positive(options.intervalMs, 10_000, 'intervalMs');
    this.failuresBeforeDown = Math.max(1, Math.floor(positive(options.failuresBeforeDown, 3, 'failuresBeforeDown')));
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
    void this.run();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  get isDown(): boolean {
    return this.status === 'down';
  }

  snapshot(): CheckSnapshot {
    const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
    return {
      status: this.status, critical: this.critical, lastRunAt: iso(this.lastRunAt), lastSuccessAt: iso(this.lastSuccessAt),
      latencyMs: this.latencyMs, consecutiveFailures: this.failures, message: this.message,
    };
  }

  /** One run; resolves when it has been recorded (success, failure or timeout). */
  async run(): Promise<void> {
    if (this.pending !== undefined) {
      this.record('timeout', this.timeoutMs, `previous run still pending after ${this.timeoutMs} ms`);
      return;
    }
    const abort = new AbortController();
    const started = performance.now();
    const work = Promise.resolve().then(() => context.with(suppressTracing(ROOT_CONTEXT), () => this.fn(abort.signal)));
    this.pending = work;
    work.then(() => undefined, () => undefined).finally(() => {
      if (this.pending === work) this.pending = undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
      timer.unref();
    });
    try {
      const result = await Promise.race([work, timeout]);
      const ms = performance.now() - started;
      if (result === 'timeout') {
        abort.abort(new Error(`timed out after ${this.timeoutMs} ms`));
        this.record('timeout', ms, `timed out after ${this.timeoutMs} ms`);
      } else {
        this.record('success', ms, typeof result === 'string' ? result : undefined);
      }
    } catch (err) {
      this.record('failure', performance.now() - started, (err as Error)?.message ?? String(err));
    } finally {
      clearTimeout(timer);
    }
  }

  private record(outcome: CheckOutcome, ms: number, message: string | undefined): void {
    this.lastRunAt = Date.now();
    this.latencyMs = Math.round(ms * 10) / 10;
    this.message = message === undefined || this.hooks.redact === undefined ? message : this.hooks.redact(message);
    if (outcome === 'success') {
      this.failures = 0;
      this.lastSuccessAt = this.lastRunAt;
    } else {
      this.failures++;
    }
    const next: CheckStatus = outcome === 'success' ? 'up' : this.failures >= this.failuresBeforeDown ? 'down' : this.status === 'down' ? 'down' : 'failing';
    this.hooks.onRun(this.name, outcome, ms / 1000);
    const from = this.status;
    this.status = next;
    if (from !== next) this.hooks.onStateChange(this, from, next);
  }
}
