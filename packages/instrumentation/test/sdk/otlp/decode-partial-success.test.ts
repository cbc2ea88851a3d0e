import { ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodePartialSuccess } from '../../../src/sdk/otlp/decode-partial-success.js';

const responses: Record<string, Uint8Array> = {
  empty: new Uint8Array(0),
  'empty partial success': Uint8Array.from([0x0a, 0x00]),
  'count and message': Uint8Array.from([0x0a, 0x0b, 0x08, 0x96, 0x01, 0x12, 0x06, ...Buffer.from('bad ü')]),
  'unknown fields skipped': Uint8Array.from([0x10, 0x01, 0x0a, 0x07, 0x18, 0x02, 0x25, 1, 2, 3, 4, 0x08, 0x02, 0x1a, 0x01, 0x41]),
};

describe('decodePartialSuccess', () => {
  for (const [name, data] of Object.entries(responses)) {
    it(`decodes "${name}" as the upstream deserializers do`, () => {
      expect(decodePartialSuccess(data, 'rejectedSpans')).toEqual(ProtobufTraceSerializer.deserializeResponse(data));
      expect(decodePartialSuccess(data, 'rejectedLogRecords')).toEqual(ProtobufLogsSerializer.deserializeResponse(data));
      expect(decodePartialSuccess(data, 'rejectedDataPoints')).toEqual(ProtobufMetricsSerializer.deserializeResponse(data));
    });
  }
});
