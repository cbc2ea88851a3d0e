import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { BroadcastChannel } from 'node:worker_threads';
import { WORKER_CHANNEL, type WorkerMessage } from './worker-channel.js';
import { toWorkerLogMessage } from './worker-log-message.js';
import { toWorkerSpanMessage } from './worker-span-message.js';

/**
 * Inside a worker thread, in place of the exporting processors: every sampled span is posted to the
 * main thread the moment it ends, every log record the moment it is emitted. Nothing waits in the
 * worker, so `worker.terminate()` or the process ending loses nothing, and the main thread's
 * shutdown flush covers worker telemetry too.
 */
export class WorkerForwarder implements SpanProcessor, LogRecordProcessor {
  readonly #channel = new BroadcastChannel(WORKER_CHANNEL);

  constructor(private readonly threadId: number, private readonly onError: (err: unknown) => void) {
    // Never what keeps a worker alive.
    this.#channel.unref();
  }

  #post(message: () => WorkerMessage): void {
    try {
      this.#channel.postMessage(message());
    } catch (err) {
      this.onError(err);
    }
  }

  onStart(_span: Span, _context: Context): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & 1) === 0) return;
    this.#post(() => ({ span: toWorkerSpanMessage(span, this.threadId) }));
  }

  onEmit(record: ReadWriteLogRecord): void {
    this.#post(() => ({ log: toWorkerLogMessage(record, this.threadId) }));
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
