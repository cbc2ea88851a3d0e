import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { BroadcastChannel } from 'node:worker_threads';
import { toWorkerSpanMessage, WORKER_SPAN_CHANNEL } from './worker-span-message.js';

/**
 * Inside a worker thread, in place of the exporting processors: every sampled span is posted to the
 * main thread the moment it ends. Nothing waits in the worker, so `worker.terminate()` or the
 * process ending loses nothing, and the main thread's shutdown flush covers worker spans too.
 */
export class WorkerSpanForwarder implements SpanProcessor {
  readonly #channel = new BroadcastChannel(WORKER_SPAN_CHANNEL);

  constructor(private readonly threadId: number, private readonly onError: (err: unknown) => void) {
    // Never what keeps a worker alive.
    this.#channel.unref();
  }

  onStart(_span: Span, _context: Context): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & 1) === 0) return;
    try {
      this.#channel.postMessage(toWorkerSpanMessage(span, this.threadId));
    } catch (err) {
      this.onError(err);
    }
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.#channel.close();
  }
}
