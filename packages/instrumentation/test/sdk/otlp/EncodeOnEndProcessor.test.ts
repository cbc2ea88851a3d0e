import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BatchSpanProcessor, TracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { describe, expect, it } from 'vitest';
import { EncodedItem, EncodedItemPool } from '../../../src/sdk/otlp/EncodedItem.js';
import { EncodedSpan } from '../../../src/sdk/otlp/EncodedSpan.js';
import { EncodeOnEndProcessor } from '../../../src/sdk/otlp/EncodeOnEndProcessor.js';
import { encodeTraceRequest } from '../../../src/sdk/otlp/encode-trace-request.js';
import { ProtoHttpExporter } from '../../../src/sdk/otlp/ProtoHttpExporter.js';
import { TRACES } from '../../../src/sdk/otlp/proto-signals.js';
import { ProtoWriter } from '../../../src/sdk/otlp/ProtoWriter.js';
import { attributesOf, inWaves } from './in-waves.js';
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
    const processor = new EncodeOnEndProcessor(next, (err) => { throw err; }, { size: 4096, itemRoom: 1024 });
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

  it('reuses a queued object once the request holding its bytes is encoded; later requests are still upstream\'s bytes', () => {
    const corpus = [...sdkSpans(), ...handBuiltSpans()].filter(sampled);
    const { next, queued } = capture();
    const processor = new EncodeOnEndProcessor(next, (err) => { throw err; }, { size: 4096, itemRoom: 1024 });
    const first = corpus.slice(0, 50);
    const second = corpus.slice(50, 120);
    for (const span of first) processor.onEnd(span);
    const firstBatch = queued.splice(0);
    const w = new ProtoWriter(64);
    TRACES.encode(w, firstBatch);
    expect(Buffer.from(w.finish()).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(first)!))).toBe(true);
    for (const span of second) processor.onEnd(span);
    const secondBatch = queued.splice(0);
    // The first 50 objects carry 50 of the next spans, each object once.
    expect(secondBatch.filter((s) => firstBatch.includes(s))).toHaveLength(50);
    expect(new Set(secondBatch).size).toBe(secondBatch.length);
    expect(request(secondBatch).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(second)!))).toBe(true);
  });

  it('never hands out one object twice, even if a request is encoded twice', () => {
    const pool = new EncodedItemPool(10, (p) => new EncodedItem(p));
    const slab = Buffer.alloc(8);
    const a = pool.take(slab, 0, 4, 1, undefined as never, undefined as never);
    a.release();
    a.release();
    expect(pool.size).toBe(1);
    const b = pool.take(slab, 4, 8, 1, undefined as never, undefined as never);
    const c = pool.take(slab, 0, 8, 1, undefined as never, undefined as never);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect([b.start, b.end, c.start, c.end]).toEqual([4, 8, 0, 8]);
  });

  it('keeps at most its limit of free objects', () => {
    const pool = new EncodedItemPool(2, (p) => new EncodedItem(p));
    const slab = Buffer.alloc(8);
    const taken = [1, 2, 3].map(() => pool.take(slab, 0, 8, 1, undefined as never, undefined as never));
    for (const s of taken) s.release();
    expect(pool.size).toBe(2);
  });

  it('through the batch processor and the exporter, every span arrives once and intact while objects are reused', async () => {
    const receiver = await new OtlpReceiver().start();
    try {
      const exporter = new ProtoHttpExporter(TRACES, { url: `${receiver.url}/v1/traces` });
      const batch = new BatchSpanProcessor({ exporter, maxExportBatchSize: 16, maxQueueSize: 4096, scheduledDelayMillis: 5 });
      const objects = new Set<ReadableSpan>();
      const spy: SpanProcessor = { onStart: () => {}, onEnd: (s) => { objects.add(s); batch.onEnd(s); }, forceFlush: () => batch.forceFlush(), shutdown: () => batch.shutdown() };
      const provider = new TracerProvider({ spanProcessors: [new EncodeOnEndProcessor(spy, (err) => { throw err; }, { size: 4096, itemRoom: 1024 })] });
      const tracer = provider.getTracer('pool-test');
      const count = 600;
      await inWaves(count, (n) => tracer.startSpan(`span-${n}`, { attributes: attributesOf(n) }).end());
      await provider.forceFlush();
      await receiver.waitFor('all spans', () => receiver.spans.length >= count);
      expect(receiver.spans).toHaveLength(count);
      expect(objects.size).toBeLessThan(count / 2);
      const byName = new Map(receiver.spans.map((s) => [s.name, s]));
      expect(byName.size).toBe(count);
      for (let n = 0; n < count; n++) {
        const span = byName.get(`span-${n}`);
        expect(span?.attributes).toEqual(attributesOf(n));
        expect(span?.scope).toBe('pool-test');
      }
      await provider.shutdown();
    } finally {
      await receiver.stop();
    }
  });
});
