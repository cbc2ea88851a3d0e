import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

/** In a worker thread, ahead of the exporting log processors: every record carries `thread.id`. */
export class ThreadIdLogProcessor implements LogRecordProcessor {
  constructor(private readonly threadId: number) {}

  onEmit(record: ReadWriteLogRecord): void {
    record.setAttribute('thread.id', this.threadId);
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
