import dc from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { hasOneSubscriber, subscribeChannels } from '../../src/http/channel-subscriptions.js';

describe('subscribeChannels', () => {
  it('a throwing handler is reported, never reaches the publisher, and can be unsubscribed', () => {
    const errors: string[] = [];
    const seen: unknown[] = [];
    const unsubscribe = subscribeChannels({
      'sightline.test.a': () => { throw new Error('bug in a handler'); },
      'sightline.test.b': (m) => seen.push(m),
    }, (where, err) => errors.push(`${where}: ${(err as Error).message}`));
    expect(() => dc.channel('sightline.test.a').publish({ x: 1 })).not.toThrow();
    dc.channel('sightline.test.b').publish('hello');
    expect(errors).toEqual(['sightline.test.a: bug in a handler']);
    expect(seen).toEqual(['hello']);
    unsubscribe();
    expect(dc.channel('sightline.test.a').hasSubscribers).toBe(false);
    dc.channel('sightline.test.b').publish('after');
    expect(seen).toEqual(['hello']);
  });
});

describe('hasOneSubscriber', () => {
  it('is true for exactly one subscriber, false for none or two', () => {
    const channel = dc.channel('sightline.test.count');
    const first = (): void => {};
    const second = (): void => {};
    expect(hasOneSubscriber(channel)).toBe(false);
    dc.subscribe('sightline.test.count', first);
    expect(hasOneSubscriber(channel)).toBe(true);
    dc.subscribe('sightline.test.count', second);
    expect(hasOneSubscriber(channel)).toBe(false);
    dc.unsubscribe('sightline.test.count', first);
    expect(hasOneSubscriber(channel)).toBe(true);
    dc.unsubscribe('sightline.test.count', second);
    expect(hasOneSubscriber(channel)).toBe(false);
  });
});
