import { describe, expect, it } from 'vitest';
import { AttributeSets } from '../src/AttributeSets.js';

describe('AttributeSets', () => {
  it('gives back the kept, frozen object for the same parts, and nothing for other parts', () => {
    const sets = new AttributeSets();
    expect(sets.get('GET', 'http', 200, undefined, '/users/:id')).toBeUndefined();
    const kept = sets.keep({ method: 'GET', status: 200, route: '/users/:id' }, 'GET', 'http', 200, undefined, '/users/:id');
    expect(Object.isFrozen(kept)).toBe(true);
    expect(sets.get('GET', 'http', 200, undefined, '/users/:id')).toBe(kept);
    expect(sets.get('GET', 'http', 200, undefined, '/users')).toBeUndefined();
    expect(sets.get('GET', 'http', 500, undefined, '/users/:id')).toBeUndefined();
    expect(sets.get('POST', 'http', 200, undefined, '/users/:id')).toBeUndefined();
  });

  it("tells '', 0, false and undefined apart, and parts in other positions", () => {
    const sets = new AttributeSets();
    const values = ['', 0, false, undefined, '0'] as const;
    const kept = values.map((v) => sets.keep({ v: String(v) }, 'a', v));
    values.forEach((v, i) => expect(sets.get('a', v)).toBe(kept[i]));
    expect(sets.get('a', undefined, '')).toBeUndefined();
    expect(sets.get('', 'a')).toBeUndefined();
    // Free text cannot run into the next part: no key string is built.
    const ab = sets.keep({ x: 1 }, 'a b', 'c');
    expect(sets.get('a', 'b c')).toBeUndefined();
    expect(sets.get('a b', 'c')).toBe(ab);
  });

  it('keeps at most `limit` combinations; later ones get their own, unfrozen object', () => {
    const sets = new AttributeSets(3);
    for (let i = 0; i < 3; i++) sets.keep({ i }, 'route', i);
    sets.keep({ i: 0 }, 'route', 0); // the same combination again does not count twice
    const late = { i: 3 };
    expect(sets.keep(late, 'route', 3)).toBe(late);
    expect(Object.isFrozen(late)).toBe(false);
    expect(sets.get('route', 3)).toBeUndefined();
    expect(sets.get('route', 2)).toEqual({ i: 2 });
  });
});
