import type { Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { BroadcastChannel } from 'node:worker_threads';
import { WORKER_CHANNEL, type WorkerMessage } from './worker-channel.js';
import { fromWorkerLogMessage } from './worker-log-message.js';
import { fromWorkerSpanMessage } from './worker-span-message.js';

export interface WorkerReceiverOptions {
  resource: Resource;
  span(span: ReadableSpan): void;
  log(record: ReadableLogRecord): void;
  onError(err: unknown): void;
}

/** On the main thread: hands what worker threads post to the exporting processors. */
export class WorkerReceiver {
  readonly #channel = new BroadcastChannel(WORKER_CHANNEL);
  readonly #scopes = new Map<string, ReadableLogRecord['instrumentationScope']>();

  constructor(o: WorkerReceiverOptions) {
    this.#channel.unref();
    this.#channel.onmessage = (event) => {
      try {
        const m = (event as { data: WorkerMessage }).data;
        if ('span' in m) o.span(fromWorkerSpanMessage(m.span, o.resource));
        else o.log(fromWorkerLogMessage(m.log, o.resource, this.#scopes));
      } catch (err) {
        o.onError(err);
      }
    };
  }

  /** Lets what workers already posted arrive before a flush (messages come as macrotasks). */
  async settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  close(): void {
    this.#channel.close();
  }
}
