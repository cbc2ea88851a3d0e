import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeProtobuf } from '@sightline/tests/otlp-proto';
import { describe, expect, it } from 'vitest';
import { encodeTraceRequest } from '../../../src/sdk/otlp/encode-trace-request.js';
import { ProtoWriter } from '../../../src/sdk/otlp/ProtoWriter.js';
import { handBuiltSpans, sdkSpans } from './trace-corpus.js';

function ours(spans: Parameters<typeof encodeTraceRequest>[1], writer = new ProtoWriter(64)): Buffer {
  encodeTraceRequest(writer, spans);
  return Buffer.from(writer.finish());
}

describe('encodeTraceRequest', () => {
  const corpus = sdkSpans();

  it('decodes to the same request as the upstream serializer, for every span field and attribute type', () => {
    const upstream = Buffer.from(ProtobufTraceSerializer.serializeRequest(corpus)!);
    const mine = ours(corpus);
    const decoded = decodeProtobuf('traces', mine);
    expect(decoded).toEqual(decodeProtobuf('traces', upstream));
    // The corpus reaches what it is meant to: several resources and scopes, events, links, limits.
    expect(decoded.resourceSpans).toHaveLength(4);
    const spans = decoded.resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans));
    expect(spans.length).toBeGreaterThan(630);
    expect(spans.some((s: any) => s.events?.length === 3 && s.links?.length === 2 && s.status?.code === 2 && s.status.message)).toBe(true);
    expect(spans.some((s: any) => s.droppedAttributesCount > 0 && s.droppedEventsCount > 0 && s.droppedLinksCount > 0)).toBe(true);
    expect(spans.some((s: any) => s.traceState === 'vendor=abc,other=x-y' && s.parentSpanId === 'b7ad6b7169203331')).toBe(true);
    expect(spans.some((s: any) => s.name === 'child' && s.parentSpanId && s.events?.[0]?.name === 'exception')).toBe(true);
    expect(spans.some((s: any) => s.attributes?.length === 2001)).toBe(true);
  });

  // The test decoder's definitions predate Span.flags and Link.flags (fields 16 and 6): it skips
  // them, so the byte comparison is what checks them.
  it('writes the same bytes as the upstream serializer', () => {
    expect(ours(corpus).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(corpus)!))).toBe(true);
  });

  it('matches upstream for values only an exporter can be handed: bytes, objects, null, scope attributes', () => {
    const spans = handBuiltSpans();
    const upstream = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
    expect(decodeProtobuf('traces', ours(spans))).toEqual(decodeProtobuf('traces', upstream));
    expect(ours(spans).equals(upstream)).toBe(true);
  });

  it('reuses its buffer across exports without the previous export leaking into the next', () => {
    const writer = new ProtoWriter(64);
    const first = ours(corpus, writer);
    const small = corpus.slice(0, 3);
    expect(ours(small, writer).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(small)!))).toBe(true);
    // The first result was a copy: encoding again did not change it.
    expect(first.equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(corpus)!))).toBe(true);
  });

  it('encodes an empty batch as an empty request', () => {
    expect(ours([])).toHaveLength(0);
  });
});
