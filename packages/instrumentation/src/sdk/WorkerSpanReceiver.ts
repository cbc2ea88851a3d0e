import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { BroadcastChannel } from 'node:worker_threads';
import { fromWorkerSpanMessage, WORKER_SPAN_CHANNEL, type WorkerSpanMessage } from './worker-span-message.js';

/** On the main thread: hands the spans that worker threads post to the exporting processors. */
export class WorkerSpanReceiver {
  readonly #channel = new BroadcastChannel(WORKER_SPAN_CHANNEL);

  constructor(resource: Resource, deliver: (span: ReadableSpan) => void, onError: (err: unknown) => void) {
    this.#channel.unref();
    this.#channel.onmessage = (event) => {
      try {
        deliver(fromWorkerSpanMessage((event as { data: WorkerSpanMessage }).data, resource));
      } catch (err) {
        onError(err);
      }
    };
  }

  /** Lets spans already posted by workers arrive before a flush (they come as macrotasks). */
  async settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  close(): void {
    this.#channel.close();
  }
}
