import { SeverityNumber } from '@opentelemetry/api';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { decodeProtobuf } from '@sightline/tests/otlp-proto';
import { describe, expect, it } from 'vitest';
import { encodeLogsRequest } from '../../../src/sdk/otlp/encode-logs-request.js';
import { ProtoWriter } from '../../../src/sdk/otlp/ProtoWriter.js';
import { corpus } from './log-corpus.js';

function ours(records: ReadableLogRecord[]): Buffer {
  const w = new ProtoWriter(64);
  encodeLogsRequest(w, records);
  return Buffer.from(w.finish());
}

describe('encodeLogsRequest', () => {
  const records = corpus();

  it('decodes to the same request as the upstream serializer and writes the same bytes', () => {
    const upstream = Buffer.from(ProtobufLogsSerializer.serializeRequest(records)!);
    const decoded = decodeProtobuf('logs', ours(records));
    expect(decoded).toEqual(decodeProtobuf('logs', upstream));
    expect(ours(records).equals(upstream)).toBe(true);
    const logs = decoded.resourceLogs.flatMap((r: any) => r.scopeLogs.flatMap((s: any) => s.logRecords));
    expect(logs).toHaveLength(records.length);
    // The test decoder predates LogRecord.event_name (field 12); the byte comparison covers it.
    expect(logs.some((l: any) => l.body?.kvlistValue?.values?.length === 3 && l.observedTimeUnixNano === '1700000001000000006')).toBe(true);
    expect(logs.some((l: any) => l.body?.bytesValue && l.severityNumber === SeverityNumber.FATAL4)).toBe(true);
    expect(logs.some((l: any) => l.traceId === '0af7651916cd43dd8448eb211c80319c' && l.flags === 1 && l.attributes.length > 10)).toBe(true);
    expect(logs.some((l: any) => l.droppedAttributesCount > 0)).toBe(true);
  });
});
