import type { Meter } from '@opentelemetry/api';
import type { Signal } from '../config/SightlineConfig.js';

/**
 * Counts telemetry items Sightline had to drop (failed exports, full queues) and reports them on
 * stderr once per interval, never per item. The count is also a self-metric, `sightline.exporter.dropped`.
 */
export class DropReporter {
  private pending: Record<Signal, number> = { traces: 0, metrics: 0, logs: 0 };
  private reasons = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private counter: { add(n: number, attrs: Record<string, string>): void } | undefined;

  constructor(private readonly intervalMs: number, private readonly write: (line: string) => void) {}

  bindMeter(meter: Meter): void {
    this.counter = meter.createCounter('sightline.exporter.dropped', {
      description: 'Telemetry items dropped because an export failed or a queue was full',
      unit: '{item}',
    });
  }

  add(signal: Signal, count: number, reason: string): void {
    if (count <= 0) return;
    this.pending[signal] += count;
    this.reasons.add(reason);
    this.counter?.add(count, { signal, reason });
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.report(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes the pending summary now (also called at shutdown). */
  report(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const parts = (Object.keys(this.pending) as Signal[]).filter((s) => this.pending[s] > 0).map((s) => `${this.pending[s]} ${s === 'traces' ? 'spans' : s === 'logs' ? 'log records' : 'metric batches'}`);
    if (parts.length === 0) return;
    this.write(`sightline: dropped ${parts.join(', ')} (${[...this.reasons].join('; ')})`);
    this.pending = { traces: 0, metrics: 0, logs: 0 };
    this.reasons.clear();
  }
}
