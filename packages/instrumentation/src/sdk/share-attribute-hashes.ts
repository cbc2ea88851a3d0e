import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { frozenAttributeHash, type AttributeHash } from './frozen-attribute-hash.js';

const require = createRequire(import.meta.url);
// Defined by the preload bundle's build (tsdown.config.mjs), whose sdk-metrics copy is given
// `frozenAttributeHash` at build time; this module's unbundled build patches the installed package.
declare const __SIGHTLINE_BUNDLE__: boolean | undefined;

/**
 * Makes sdk-metrics hash frozen attribute objects once (`frozenAttributeHash`). The SDK's storages
 * read the function from its module when they are built, so this must run before the first
 * instrument exists. If a later SDK moves it, nothing is replaced (returns false) and measurements
 * are hashed as usual.
 */
export function shareFrozenAttributeHashes(): boolean {
  if (typeof __SIGHTLINE_BUNDLE__ !== 'undefined' && __SIGHTLINE_BUNDLE__) return true;
  try {
    const utils = require(join(dirname(require.resolve('@opentelemetry/sdk-metrics')), 'utils.cjs')) as { hashAttributes?: AttributeHash };
    const original = utils.hashAttributes;
    if (typeof original !== 'function' || original.length !== 1) return false;
    utils.hashAttributes = frozenAttributeHash(original);
    return true;
  } catch {
    return false;
  }
}
