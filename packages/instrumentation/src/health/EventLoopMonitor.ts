/**
 * Liveness from the event loop alone: a timer measures how late it fires; the process is not live
 * once every sample has been later than `thresholdMs` for longer than `graceMs`. A loop blocked
 * outright cannot answer the probe at all, which the kubelet's timeout already counts as a failure;
 * this catches the loop that still answers now and then but no longer keeps up.
 */
export class EventLoopMonitor {
  private readonly sampleMs: number;
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private lastLagMs = 0;
  private overSince: number | undefined;

  constructor(readonly thresholdMs: number, readonly graceMs: number) {
    this.sampleMs = Math.max(10, Math.min(100, Math.floor(thresholdMs / 2)));
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.last = performance.now();
    this.timer = setInterval(() => this.sample(performance.now()), this.sampleMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private sample(now: number): void {
    const lag = Math.max(0, now - this.last - this.sampleMs);
    this.last = now;
    this.lastLagMs = lag;
    if (lag > this.thresholdMs) this.overSince ??= now - lag;
    else this.overSince = undefined;
  }

  /** How long the loop has been slower than the threshold, counting a sample that is overdue right now. */
  stalledMs(now = performance.now()): number {
    if (this.timer === undefined) return 0;
    const overdue = now - this.last - this.sampleMs;
    const since = overdue > this.thresholdMs ? Math.min(this.overSince ?? Infinity, this.last + this.sampleMs) : this.overSince;
    return since === undefined ? 0 : now - since;
  }

  live(now = performance.now()): boolean {
    return this.stalledMs(now) <= this.graceMs;
  }

  details(): { delayMs: number; stalledMs: number; thresholdMs: number; graceMs: number } {
    const round = (n: number) => Math.round(n);
    return { delayMs: round(this.lastLagMs), stalledMs: round(this.stalledMs()), thresholdMs: this.thresholdMs, graceMs: this.graceMs };
  }
}
