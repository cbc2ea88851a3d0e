import type { Attributes } from '@opentelemetry/api';

/**
 * Frozen, shared attribute objects for metric measurements, looked up by a caller-built string key.
 * sdk-metrics sorts and serializes the attributes of every measurement to find its series; with
 * `@sightline/instrumentation` loaded it does that once per frozen object instead. Past `limit`
 * distinct keys, new combinations get fresh (unshared) objects, so memory stays bounded.
 */
export class AttributeSets {
  readonly #sets = new Map<string, Attributes>();

  constructor(private readonly limit = 1000) {}

  /** The shared object for `key`, or `undefined` on the first use of that key. */
  get(key: string): Attributes | undefined {
    return this.#sets.get(key);
  }

  /** Freezes `attributes` and keeps it for `key` (while under the limit); returns it either way. */
  keep(key: string, attributes: Attributes): Attributes {
    if (this.#sets.size >= this.limit) return attributes;
    this.#sets.set(key, Object.freeze(attributes));
    return attributes;
  }
}
