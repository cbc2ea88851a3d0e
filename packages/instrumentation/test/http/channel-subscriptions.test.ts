import dc from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { subscribeChannels } from '../../src/http/channel-subscriptions.js';

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
