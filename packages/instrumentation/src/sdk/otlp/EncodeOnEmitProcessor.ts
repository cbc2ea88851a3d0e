import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { EncodedItem } from './EncodedItem.js';
import { writeLogRecord } from './encode-logs-request.js';
import { DEFAULT_SLAB, SlabEncoder, type SlabSizes } from './SlabEncoder.js';

/**
 * The log records' EncodeOnEndProcessor: in front of a batch log record processor whose exporter is
 * Sightline's http/protobuf one, encodes each record as it is emitted (after the processors before
 * it, which may still change it) and queues the bytes instead of the record. Batching, queue limits,
 * drop counting, timers and flushes stay the batch processor's; the request is byte for byte what
 * encoding the records later would give.
 */
export class EncodeOnEmitProcessor implements LogRecordProcessor {
  readonly #encoder: SlabEncoder<EncodedItem>;

  constructor(
    private readonly next: LogRecordProcessor,
    private readonly onError: (err: unknown) => void,
    slab: SlabSizes = DEFAULT_SLAB,
  ) {
    this.#encoder = new SlabEncoder((pool) => new EncodedItem(pool), slab);
  }

  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    let queued = record;
    try {
      queued = this.#encoder.encode(record, writeLogRecord, 0, record.resource, record.instrumentationScope) as unknown as ReadWriteLogRecord;
    } catch (err) {
      // Queued as it is: the exporter encodes it at send time, as it would without this processor.
      this.onError(err);
    }
    this.next.onEmit(queued, context);
  }

  enabled(options: Parameters<NonNullable<LogRecordProcessor['enabled']>>[0]): boolean {
    return this.next.enabled?.(options) ?? true;
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
