import type { Attributes } from '@opentelemetry/api';

/** One part of a combination: compared as Map keys are (so `''`, `0` and `undefined` all differ). */
export type AttributeKeyPart = string | number | boolean | undefined;

type Level = Map<AttributeKeyPart, unknown>;

/**
 * Frozen, shared attribute objects for metric measurements, looked up by the values that make up the
 * combination (up to five parts, such as method, status and route). sdk-metrics sorts and serializes
 * the attributes of every measurement to find its series; with `@sightline/instrumentation` loaded it
 * does that once per frozen object instead. The lookup walks one Map per part: no key string is built
 * per call. Past `limit` distinct combinations, new ones get fresh (unshared) objects, so memory stays
 * bounded.
 */
export class AttributeSets {
  readonly #root: Level = new Map();
  #size = 0;

  constructor(private readonly limit = 1000) {}

  /** The shared object for this combination, or `undefined` on its first use. */
  get(a: AttributeKeyPart, b?: AttributeKeyPart, c?: AttributeKeyPart, d?: AttributeKeyPart, e?: AttributeKeyPart): Attributes | undefined {
    const l1 = this.#root.get(a) as Level | undefined;
    if (l1 === undefined) return undefined;
    const l2 = l1.get(b) as Level | undefined;
    if (l2 === undefined) return undefined;
    const l3 = l2.get(c) as Level | undefined;
    if (l3 === undefined) return undefined;
    const l4 = l3.get(d) as Level | undefined;
    return l4?.get(e) as Attributes | undefined;
  }

  /** Freezes `attributes` and keeps it for this combination (while under the limit); returns it either way. */
  keep(attributes: Attributes, a: AttributeKeyPart, b?: AttributeKeyPart, c?: AttributeKeyPart, d?: AttributeKeyPart, e?: AttributeKeyPart): Attributes {
    if (this.#size >= this.limit) return attributes;
    let level = this.#root;
    for (const part of [a, b, c, d]) {
      let next = level.get(part) as Level | undefined;
      if (next === undefined) level.set(part, (next = new Map()));
      level = next;
    }
    if (!level.has(e)) this.#size++;
    level.set(e, Object.freeze(attributes));
    return attributes;
  }
}
