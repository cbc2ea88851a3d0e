import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { EncodeAheadProcessor } from './EncodeAheadProcessor.js';
import { EncodedItem } from './EncodedItem.js';
import { writeLogRecord } from './encode-logs-request.js';
import { DEFAULT_SLAB, type SlabSizes } from './SlabEncoder.js';

/**
 * The log records' EncodeOnEndProcessor: in front of a batch log record processor whose exporter is
 * Sightline's http/protobuf one, encodes each record as it is emitted (after the processors before
 * it, which may still change it) and queues the bytes instead of the record. Batching, queue limits,
 * drop counting, timers and flushes stay the batch processor's; the request is byte for byte what
 * encoding the records later would give.
 */
export class EncodeOnEmitProcessor extends EncodeAheadProcessor<LogRecordProcessor, EncodedItem> implements LogRecordProcessor {
  constructor(next: LogRecordProcessor, onError: (err: unknown) => void, slab: SlabSizes = DEFAULT_SLAB) {
    super(next, onError, (pool) => new EncodedItem(pool), slab);
  }

  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    this.next.onEmit(this.encoded(record, writeLogRecord, 0, record.resource, record.instrumentationScope), context);
  }

  enabled(options: Parameters<NonNullable<LogRecordProcessor['enabled']>>[0]): boolean {
    return this.next.enabled?.(options) ?? true;
  }
}
