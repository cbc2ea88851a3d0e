import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
type Hash = (attributes: object) => string;

/**
 * sdk-metrics finds a measurement's series by sorting and serializing its attributes, every time
 * (~2% of a hello world's CPU for one histogram). Sightline's instruments pass frozen, shared
 * attribute objects (`AttributeSets`); for a frozen object the serialized form cannot change, so it
 * is kept in a WeakMap. Any other object is hashed as before. The SDK's storages read the function
 * from its module when they are built, so this must run before the first instrument exists. If a
 * later SDK moves it, nothing is replaced (returns false) and measurements are hashed as usual.
 */
export function shareFrozenAttributeHashes(): boolean {
  try {
    const utils = require(join(dirname(require.resolve('@opentelemetry/sdk-metrics')), 'utils.cjs')) as { hashAttributes?: Hash & { shared?: true } };
    const original = utils.hashAttributes;
    if (typeof original !== 'function' || original.length !== 1) return false;
    if (original.shared) return true;
    const known = new WeakMap<object, string>();
    const hash: Hash & { shared?: true } = (attributes) => {
      if (!Object.isFrozen(attributes)) return original(attributes);
      let h = known.get(attributes);
      if (h === undefined) {
        h = original(attributes);
        known.set(attributes, h);
      }
      return h;
    };
    hash.shared = true;
    utils.hashAttributes = hash;
    return true;
  } catch {
    return false;
  }
}
