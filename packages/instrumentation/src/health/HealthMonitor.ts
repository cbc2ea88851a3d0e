import type { LiveBreaker } from '@sightline/processors';
import { CheckRunner, type CheckSnapshot, type HealthCheckOptions } from './CheckRunner.js';
import type { EventLoopMonitor } from './EventLoopMonitor.js';
import type { HealthTelemetry } from './HealthTelemetry.js';

export type ShutdownState = 'running' | 'draining' | 'stopping';
/** Breaker states that make a critical breaker fail readiness; half-open is already letting calls through. */
const FAILING_BREAKER_STATES: ReadonlySet<string> = new Set(['open', 'isolated']);

export interface HealthMonitorOptions {
  loop: EventLoopMonitor;
  breakers: () => Iterable<LiveBreaker>;
  criticalBreakers: readonly string[];
  telemetry?: HealthTelemetry;
  /** Redacts check messages (errors can carry e-mails, tokens, credentials in URLs). */
  redact?: (message: string) => string;
}

export interface HealthCheckHandle {
  readonly name: string;
  /** Stops the check and forgets it. */
  remove(): void;
}

export interface HealthDetails {
  status: 'ok' | 'unready' | 'unlive';
  live: boolean;
  ready: boolean;
  started: boolean;
  startedAt: string | undefined;
  shutdown: { state: ShutdownState; since: string | undefined };
  eventLoop: ReturnType<EventLoopMonitor['details']>;
  checks: Record<string, CheckSnapshot>;
  breakers: Record<string, { state: string; since: string | undefined; critical: boolean }>;
}

/** The rules: what live, ready and started mean, from checks, breakers, startup and shutdown. */
export class HealthMonitor {
  private readonly checks = new Map<string, CheckRunner>();
  private readonly critical: ReadonlySet<string>;
  private startedAt: number | undefined;
  private shutdownState: ShutdownState = 'running';
  private shutdownSince: number | undefined;
  private _served = false;

  constructor(private readonly o: HealthMonitorOptions) {
    this.critical = new Set(o.criticalBreakers);
  }

  register(options: HealthCheckOptions): HealthCheckHandle {
    const runner = new CheckRunner(options, {
      onRun: (name, outcome, seconds) => this.o.telemetry?.run(name, outcome, seconds),
      onStateChange: (r, from, to) => this.o.telemetry?.stateChange(r, from, to),
      ...(this.o.redact ? { redact: this.o.redact } : {}),
    });
    this.checks.get(runner.name)?.stop();
    this.checks.set(runner.name, runner);
    runner.start();
    return {
      name: runner.name,
      remove: () => {
        runner.stop();
        if (this.checks.get(runner.name) === runner) this.checks.delete(runner.name);
      },
    };
  }

  /** Set once the handlers are served anywhere (the probe port or a mount on the app's server). */
  get served(): boolean {
    return this._served;
  }

  /** The handlers are served from now on: liveness needs the event-loop history. */
  markServed(): void {
    this._served = true;
    this.o.loop.start();
  }

  runners(): IterableIterator<CheckRunner> {
    return this.checks.values();
  }

  markStarted(): void {
    this.startedAt ??= Date.now();
  }

  /** The first moment of shutdown: readiness fails from here on. */
  beginShutdown(state: Exclude<ShutdownState, 'running'> = 'draining'): void {
    if (this.shutdownState === 'stopping' || this.shutdownState === state) return;
    this.shutdownState = state;
    this.shutdownSince ??= Date.now();
  }

  get started(): boolean {
    return this.startedAt !== undefined;
  }

  live(): boolean {
    return this.o.loop.live();
  }

  ready(): boolean {
    if (!this.started || this.shutdownState !== 'running') return false;
    for (const runner of this.checks.values()) if (runner.critical && runner.isDown) return false;
    for (const breaker of this.o.breakers()) {
      if (this.critical.has(breaker.name) && FAILING_BREAKER_STATES.has(breaker.currentState())) return false;
    }
    return true;
  }

  details(): HealthDetails {
    const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
    const checks: HealthDetails['checks'] = {};
    for (const [name, runner] of this.checks) checks[name] = runner.snapshot();
    const breakers: HealthDetails['breakers'] = {};
    for (const b of this.o.breakers()) breakers[b.name] = { state: b.currentState(), since: iso(b.stateSince), critical: this.critical.has(b.name) };
    const live = this.live();
    const ready = this.ready();
    return {
      status: !live ? 'unlive' : ready ? 'ok' : 'unready',
      live, ready, started: this.started, startedAt: iso(this.startedAt),
      shutdown: { state: this.shutdownState, since: iso(this.shutdownSince) },
      eventLoop: this.o.loop.details(), checks, breakers,
    };
  }

  stop(): void {
    for (const runner of this.checks.values()) runner.stop();
    this.o.loop.stop();
  }
}
