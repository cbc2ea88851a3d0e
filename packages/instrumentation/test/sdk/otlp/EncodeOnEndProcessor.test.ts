import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { EncodedSpan } from '../../../src/sdk/otlp/EncodedSpan.js';
import { EncodeOnEndProcessor } from '../../../src/sdk/otlp/EncodeOnEndProcessor.js';
import { encodeTraceRequest } from '../../../src/sdk/otlp/encode-trace-request.js';
import { ProtoWriter } from '../../../src/sdk/otlp/ProtoWriter.js';
import { handBuiltSpans, sdkSpans } from './trace-corpus.js';

function capture(): { next: SpanProcessor; queued: ReadableSpan[] } {
  const queued: ReadableSpan[] = [];
  const next: SpanProcessor = { onStart: () => {}, onEnd: (s) => queued.push(s), forceFlush: async () => {}, shutdown: async () => {} };
  return { next, queued };
}

function request(spans: ReadableSpan[]): Buffer {
  const w = new ProtoWriter(64);
  encodeTraceRequest(w, spans);
  return Buffer.from(w.finish());
}

const sampled = (s: ReadableSpan): boolean => (s.spanContext().traceFlags & 1) === 1;

describe('EncodeOnEndProcessor', () => {
  it('queues sampled spans already encoded; the request is byte for byte the upstream serializer\'s', () => {
    const corpus = [...sdkSpans(), ...handBuiltSpans()];
    const { next, queued } = capture();
    // Small slabs: many switches, and spans larger than a slab (grown in place).
    const processor = new EncodeOnEndProcessor(next, (err) => { throw err; }, { size: 4096, spanRoom: 1024 });
    for (const span of corpus) processor.onEnd(span);
    const expected = corpus.filter(sampled);
    expect(expected.length).toBeGreaterThan(600);
    expect(queued).toHaveLength(expected.length);
    expect(queued.every((s) => s instanceof EncodedSpan)).toBe(true);
    expect(request(queued).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(expected)!))).toBe(true);
    // Slabs are views that later spans never overwrite: a batch of the first spans encodes the same again.
    const firstTen = queued.slice(0, 10);
    expect(request(firstTen).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(expected.slice(0, 10))!))).toBe(true);
  });

  it('passes on a span it cannot encode as it is (encoded at export), and says why once', () => {
    const [good, bad] = sdkSpans().filter(sampled);
    const broken = Object.create(bad!, { attributes: { get: () => { throw new Error('boom'); } } }) as ReadableSpan;
    const { next, queued } = capture();
    const errors: unknown[] = [];
    const processor = new EncodeOnEndProcessor(next, (err) => errors.push(err));
    processor.onEnd(good!);
    processor.onEnd(broken);
    expect(queued[0]).toBeInstanceOf(EncodedSpan);
    expect(queued[1]).toBe(broken);
    expect((errors[0] as Error).message).toBe('boom');
  });
});
