import { ROOT_CONTEXT, baggageEntryMetadataFromString, defaultTextMapSetter, propagation, type Baggage } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { RequestContext } from '../../src/http/RequestContext.js';
import { RequestIdBaggage } from '../../src/http/RequestIdBaggage.js';
import { BaggageHeaderPropagator } from '../../src/sdk/BaggageHeaderPropagator.js';

const KEY = 'sightline.request_id';
const ID = '6f1c8a52-0b7e-4d6a-9a3c-2f1e8d7b6c5a';

/** The baggage the request would carry without RequestIdBaggage, and with it. */
function pair(): [Baggage, Baggage] {
  return [propagation.createBaggage().setEntry(KEY, { value: ID }), new RequestIdBaggage(KEY, ID)];
}

const header = (propagator: W3CBaggagePropagator, baggage: Baggage): Record<string, string> => {
  const carrier: Record<string, string> = {};
  propagator.inject(propagation.setBaggage(ROOT_CONTEXT, baggage), carrier, defaultTextMapSetter);
  return carrier;
};

describe('RequestIdBaggage', () => {
  it('reads as upstream baggage holding the one entry, and hands out copies', () => {
    const [upstream, ours] = pair();
    expect(ours.getEntry(KEY)).toEqual(upstream.getEntry(KEY));
    expect(ours.getEntry('other')).toBe(upstream.getEntry('other'));
    expect(ours.getAllEntries()).toEqual(upstream.getAllEntries());
    ours.getEntry(KEY)!.value = 'changed';
    ours.getAllEntries()[0]![1].value = 'changed';
    expect(ours.getEntry(KEY)?.value).toBe(ID);
  });

  it.each([
    ['a new key goes last', 'tenant', { value: 'acme', metadata: baggageEntryMetadataFromString('p=1') }],
    ['the same key keeps its place', KEY, { value: 'replaced' }],
    ['an odd key', '__proto__', { value: 'x' }],
  ])('setEntry gives the baggage upstream gives: %s', (_name, key, entry) => {
    const [upstream, ours] = pair();
    const a = upstream.setEntry(key, entry);
    const b = ours.setEntry(key, entry);
    expect(b.getAllEntries()).toEqual(a.getAllEntries());
    expect(ours.getAllEntries()).toEqual(pair()[0].getAllEntries());
  });

  it('removeEntry, removeEntries and clear give the baggage upstream gives', () => {
    const [upstream, ours] = pair();
    for (const change of [
      (b: Baggage) => b.removeEntry(KEY), (b: Baggage) => b.removeEntry('other'),
      (b: Baggage) => b.removeEntries('other', KEY), (b: Baggage) => b.removeEntries('other'), (b: Baggage) => b.clear(),
    ]) {
      expect(change(ours).getAllEntries()).toEqual(change(upstream).getAllEntries());
    }
  });

  it('is written into the baggage header as upstream writes the same baggage, with or without the caller entry', () => {
    const [upstream, ours] = pair();
    const w3c = new W3CBaggagePropagator();
    expect(header(new BaggageHeaderPropagator(), ours)).toEqual(header(w3c, upstream));
    expect(header(new BaggageHeaderPropagator(), ours)).toEqual({ baggage: `${KEY}=${ID}` });
    const caller = new BaggageHeaderPropagator({ key: 'sightline.client.service', value: 'checkout' });
    expect(header(caller, ours)).toEqual(header(w3c, upstream.setEntry('sightline.client.service', { value: 'checkout' })));
  });

  it('is the request context baggage when the request brought none; incoming baggage keeps upstream baggage', () => {
    const fresh = new RequestContext(ROOT_CONTEXT, undefined as never, undefined as never, KEY, ID);
    expect(propagation.getBaggage(fresh)).toBeInstanceOf(RequestIdBaggage);
    const parent = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ tenant: { value: 'acme' } }));
    const withIncoming = propagation.getBaggage(new RequestContext(parent, undefined as never, undefined as never, KEY, ID));
    expect(withIncoming).not.toBeInstanceOf(RequestIdBaggage);
    expect(withIncoming?.getAllEntries()).toEqual([['tenant', { value: 'acme' }], [KEY, { value: ID }]]);
  });
});
