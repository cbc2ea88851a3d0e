import type { Attributes } from '@opentelemetry/api';

/**
 * Hands out one frozen attributes object per combination of up to three values, so recording a
 * metric for a combination seen before allocates nothing. Only for low-cardinality values.
 */
export class AttributeCache {
  private readonly _root = new Map<string, Map<string, Map<string, Attributes>>>();

  constructor(private readonly _keys: readonly string[]) {}

  get(a: string, b = '', c = ''): Attributes {
    let level1 = this._root.get(a);
    if (level1 === undefined) this._root.set(a, (level1 = new Map()));
    let level2 = level1.get(b);
    if (level2 === undefined) level1.set(b, (level2 = new Map()));
    let attrs = level2.get(c);
    if (attrs === undefined) {
      const values = [a, b, c];
      const built: Attributes = {};
      for (let i = 0; i < this._keys.length; i++) built[this._keys[i]!] = values[i]!;
      level2.set(c, (attrs = Object.freeze(built)));
    }
    return attrs;
  }
}
