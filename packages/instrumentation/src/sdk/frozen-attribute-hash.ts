export type AttributeHash = ((attributes: object) => string) & { shared?: true };

/**
 * sdk-metrics finds a measurement's series by sorting and serializing its attributes, every time
 * (~2% of a hello world's CPU for one histogram). Sightline's instruments pass frozen, shared
 * attribute objects (`AttributeSets`); for a frozen object the serialized form cannot change, so it
 * is kept in a WeakMap. Any other object is hashed by `original` every time.
 */
export function frozenAttributeHash(original: AttributeHash): AttributeHash {
  if (original.shared) return original;
  const known = new WeakMap<object, string>();
  const hash: AttributeHash = (attributes) => {
    if (!Object.isFrozen(attributes)) return original(attributes);
    let h = known.get(attributes);
    if (h === undefined) {
      h = original(attributes);
      known.set(attributes, h);
    }
    return h;
  };
  hash.shared = true;
  return hash;
}
