import { ROOT_CONTEXT, baggageEntryMetadataFromString, defaultTextMapGetter, defaultTextMapSetter, propagation, trace, type BaggageEntry } from '@opentelemetry/api';
import { CompositePropagator, suppressTracing, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { ServiceGraphPropagator } from '@sightline/processors';
import { describe, expect, it } from 'vitest';
import { BaggageHeaderPropagator } from '../../src/sdk/BaggageHeaderPropagator.js';
import { createPropagator } from '../../src/sdk/create-propagator.js';

function headers(entries: Record<string, BaggageEntry>, suppressed = false): { ours: Record<string, string>; upstream: Record<string, string> } {
  let ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries));
  if (suppressed) ctx = suppressTracing(ctx);
  const ours: Record<string, string> = {};
  const upstream: Record<string, string> = {};
  new BaggageHeaderPropagator().inject(ctx, ours, defaultTextMapSetter);
  new W3CBaggagePropagator().inject(ctx, upstream, defaultTextMapSetter);
  return { ours, upstream };
}

const many = (n: number, size: number): Record<string, BaggageEntry> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, { value: String(i).padEnd(size, 'v') }]));

describe('BaggageHeaderPropagator', () => {
  it.each([
    ['one plain entry', { 'request.id': { value: '6f1c8a52-0b7e-4d6a-9a3c-2f1e8d7b6c5a' } }],
    ['request id and service-graph entry', { 'sightline.request_id': { value: 'order-42' }, 'sightline.client.service': { value: 'checkout' } }],
    ['characters that need encoding', { 'key with space': { value: 'a,b;c=d%e f' }, 'ünï': { value: 'çödé ✓' }, "ok-_.!~*'()": { value: "A-z_0.9!~*'()" } }],
    ['metadata', { tenant: { value: 'acme', metadata: baggageEntryMetadataFromString('prop1=1;prop2') } }],
    ['a pair over 4096 characters is left out, the rest kept', { big: { value: 'x'.repeat(4100) }, small: { value: 'y' } }],
    ['at most 180 pairs', many(200, 1)],
    ['pairs that would pass 8192 characters are skipped, later short ones still fit', { ...many(3, 3000), last: { value: 'z' } }],
    ['empty value', { empty: { value: '' } }],
    ['no entries', {}],
  ])('writes the header upstream writes: %s', (_name, entries) => {
    const { ours, upstream } = headers(entries as Record<string, BaggageEntry>);
    expect(ours).toEqual(upstream);
  });

  it('writes nothing when tracing is suppressed, like upstream', () => {
    const { ours, upstream } = headers({ a: { value: 'b' } }, true);
    expect(ours).toEqual({});
    expect(upstream).toEqual({});
  });

  // The preload's propagator with an outgoing entry must send what ServiceGraphPropagator around
  // upstream's propagators sends: the entry set over the baggage (in place or last), same limits.
  it.each([
    ['no baggage at all', undefined, true],
    ['the request id', { 'request.id': { value: 'order-42' } }, true],
    ["the caller's entry, replaced in place", { 'sightline.client.service': { value: 'web' }, 'request.id': { value: 'r-1' } }, true],
    ["the caller's entry with metadata, replaced without it", { a: { value: '1' }, 'sightline.client.service': { value: 'web', metadata: baggageEntryMetadataFromString('p=1') }, b: { value: '2' } }, true],
    ['179 entries: the entry is the 180th', many(179, 1), true],
    ['180 entries: no room for the entry', many(180, 1), false],
    ['a header too long for the entry', { ...many(2, 4000), fill: { value: 'f'.repeat(170) } }, false],
    ['characters that need encoding', { 'ünï': { value: 'çödé ✓' } }, true],
  ])('with an outgoing entry, sends what ServiceGraphPropagator sends: %s', (_name, entries, sendsEntry) => {
    const span = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
    let ctx = trace.setSpanContext(ROOT_CONTEXT, span);
    if (entries) ctx = propagation.setBaggage(ctx, propagation.createBaggage(entries as Record<string, BaggageEntry>));
    const upstream = new ServiceGraphPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }), 'checkout');
    const expected: Record<string, string> = {};
    upstream.inject(ctx, expected, defaultTextMapSetter);
    const ours: Record<string, string> = {};
    createPropagator(['tracecontext', 'baggage'], { key: 'sightline.client.service', value: 'checkout' }).inject(ctx, ours, defaultTextMapSetter);
    expect(ours).toEqual(expected);
    expect((ours.baggage ?? '').includes('sightline.client.service=checkout')).toBe(sendsEntry);
  });

  it('with an outgoing entry, still writes nothing when tracing is suppressed', () => {
    const ours: Record<string, string> = {};
    new BaggageHeaderPropagator({ key: 'sightline.client.service', value: 'checkout' }).inject(suppressTracing(ROOT_CONTEXT), ours, defaultTextMapSetter);
    expect(ours).toEqual({});
  });

  it('extracts what it injects', () => {
    const { ours } = headers({ 'request.id': { value: 'a b,c' }, tenant: { value: 'acme' } });
    const extracted = new BaggageHeaderPropagator().extract(ROOT_CONTEXT, ours, defaultTextMapGetter);
    expect(propagation.getBaggage(extracted)?.getEntry('request.id')?.value).toBe('a b,c');
    expect(propagation.getBaggage(extracted)?.getEntry('tenant')?.value).toBe('acme');
  });
});
