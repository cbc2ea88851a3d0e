import type { Meter } from '@opentelemetry/api';
import type { Signal } from '../config/SightlineConfig.js';

/** Why items were dropped: low-cardinality metric attributes, and a free-text reason for the stderr summary only. */
export interface DropCause {
  /** `queue_full`, an HTTP status (`503`), a Node error code (`ECONNREFUSED`), an error name, or `_OTHER`. */
  errorType: string;
  /** Host of the destination; undefined when the drop happened before a destination (a full queue). */
  serverAddress?: string;
  reason: string;
}

/**
 * A low-cardinality `error.type` for a failed export (never the message, which may hold anything):
 * the HTTP status of a final answer, `retryable_http_status` when retries of a 429/502/503/504 ran
 * out (the exporter does not keep which), a Node error code, or an error class name.
 */
export function exportErrorType(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'number' && Number.isInteger(e.code)) return String(e.code);
  if (e?.message === 'Export failed with retryable status') return 'retryable_http_status';
  if (typeof e?.code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(e.code)) return e.code;
  if (typeof e?.name === 'string' && /^[A-Za-z]{1,40}$/.test(e.name) && e.name !== 'Error') return e.name;
  return '_OTHER';
}

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

  add(signal: Signal, count: number, cause: DropCause): void {
    if (count <= 0) return;
    this.pending[signal] += count;
    this.reasons.add(cause.reason);
    const attributes: Record<string, string> = { signal, 'error.type': cause.errorType };
    if (cause.serverAddress !== undefined) attributes['server.address'] = cause.serverAddress;
    this.counter?.add(count, attributes);
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
    this.write(`dropped ${parts.join(', ')} (${[...this.reasons].join('; ')})`);
    this.pending = { traces: 0, metrics: 0, logs: 0 };
    this.reasons.clear();
  }
}
