import { SeverityNumber } from '@opentelemetry/api';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { describe, expect, it } from 'vitest';
import { EncodedItem } from '../../../src/sdk/otlp/EncodedItem.js';
import { EncodeOnEmitProcessor } from '../../../src/sdk/otlp/EncodeOnEmitProcessor.js';
import { encodeLogsRequest } from '../../../src/sdk/otlp/encode-logs-request.js';
import { ProtoHttpExporter } from '../../../src/sdk/otlp/ProtoHttpExporter.js';
import { LOGS } from '../../../src/sdk/otlp/proto-signals.js';
import { ProtoWriter } from '../../../src/sdk/otlp/ProtoWriter.js';
import { attributesOf, inWaves } from './in-waves.js';
import { corpus } from './log-corpus.js';

function capture(): { next: LogRecordProcessor; queued: ReadableLogRecord[] } {
  const queued: ReadableLogRecord[] = [];
  const next: LogRecordProcessor = { onEmit: (r) => void queued.push(r), forceFlush: async () => {}, shutdown: async () => {} };
  return { next, queued };
}

function request(records: ReadonlyArray<ReadableLogRecord | EncodedItem>, encode: (w: ProtoWriter, records: ReadableLogRecord[]) => void = encodeLogsRequest): Buffer {
  const w = new ProtoWriter(64);
  encode(w, records as ReadableLogRecord[]);
  return Buffer.from(w.finish());
}

describe('EncodeOnEmitProcessor', () => {
  it('queues records already encoded; the request is byte for byte the upstream serializer\'s, also once the queue entries are reused', () => {
    const records = corpus();
    const { next, queued } = capture();
    // Small slabs: many switches, and records larger than a slab (grown in place).
    const processor = new EncodeOnEmitProcessor(next, (err) => { throw err; }, { size: 4096, itemRoom: 1024 });
    const half = Math.floor(records.length / 2);
    for (const record of records.slice(0, half)) processor.onEmit(record as never);
    const first = queued.splice(0);
    expect(first.every((r) => r instanceof EncodedItem)).toBe(true);
    expect(request(first, LOGS.encode).equals(Buffer.from(ProtobufLogsSerializer.serializeRequest(records.slice(0, half))!))).toBe(true);
    for (const record of records.slice(half)) processor.onEmit(record as never);
    const second = queued.splice(0);
    expect(second.filter((r) => first.includes(r)).length).toBe(Math.min(first.length, second.length));
    expect(request(second).equals(Buffer.from(ProtobufLogsSerializer.serializeRequest(records.slice(half))!))).toBe(true);
  });

  it('passes on a record it cannot encode as it is (encoded at export), and says why', () => {
    const [good, bad] = corpus();
    const broken = Object.create(bad!, { attributes: { get: () => { throw new Error('boom'); } } }) as ReadableLogRecord;
    const { next, queued } = capture();
    const errors: unknown[] = [];
    const processor = new EncodeOnEmitProcessor(next, (err) => errors.push(err));
    processor.onEmit(good as never);
    processor.onEmit(broken as never);
    expect(queued[0]).toBeInstanceOf(EncodedItem);
    expect(queued[1]).toBe(broken);
    expect((errors[0] as Error).message).toBe('boom');
  });

  it('through the batch processor and the exporter, every record arrives once and intact while queue entries are reused', async () => {
    const receiver = await new OtlpReceiver().start();
    try {
      const batch = new BatchLogRecordProcessor({ exporter: new ProtoHttpExporter(LOGS, { url: `${receiver.url}/v1/logs` }), maxExportBatchSize: 16, maxQueueSize: 4096, scheduledDelayMillis: 5 });
      const entries = new Set<ReadableLogRecord>();
      const spy: LogRecordProcessor = { onEmit: (r) => { entries.add(r); batch.onEmit(r); }, forceFlush: () => batch.forceFlush(), shutdown: () => batch.shutdown() };
      const provider = new LoggerProvider({ processors: [new EncodeOnEmitProcessor(spy, (err) => { throw err; }, { size: 4096, itemRoom: 1024 })] });
      const logger = provider.getLogger('pool-test');
      const count = 600;
      await inWaves(count, (n) => logger.emit({ body: `line ${n}`, severityNumber: SeverityNumber.INFO, attributes: attributesOf(n) }));
      await provider.forceFlush();
      await receiver.waitFor('all records', () => receiver.logs.length >= count);
      expect(receiver.logs).toHaveLength(count);
      expect(entries.size).toBeLessThan(count / 2);
      const byBody = new Map(receiver.logs.map((l) => [l.body, l]));
      expect(byBody.size).toBe(count);
      for (let n = 0; n < count; n++) expect(byBody.get(`line ${n}`)?.attributes).toEqual(attributesOf(n));
      await provider.shutdown();
    } finally {
      await receiver.stop();
    }
  });
});
