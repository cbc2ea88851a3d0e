import { ROOT_CONTEXT, baggageEntryMetadataFromString, defaultTextMapGetter, defaultTextMapSetter, propagation, type BaggageEntry } from '@opentelemetry/api';
import { suppressTracing, W3CBaggagePropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { BaggageHeaderPropagator } from '../../src/sdk/BaggageHeaderPropagator.js';

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

  it('extracts what it injects', () => {
    const { ours } = headers({ 'request.id': { value: 'a b,c' }, tenant: { value: 'acme' } });
    const extracted = new BaggageHeaderPropagator().extract(ROOT_CONTEXT, ours, defaultTextMapGetter);
    expect(propagation.getBaggage(extracted)?.getEntry('request.id')?.value).toBe('a b,c');
    expect(propagation.getBaggage(extracted)?.getEntry('tenant')?.value).toBe('acme');
  });
});
