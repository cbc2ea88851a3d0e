import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { ATTR_OTEL_METRIC_OVERFLOW } from '../semconv.js';

const OVERFLOW: Attributes = Object.freeze({ [ATTR_OTEL_METRIC_OVERFLOW]: true });
const EMPTY: Attributes = Object.freeze({});

/**
 * Keeps at most `limit` distinct dimension sets for one metric; later new sets are recorded in a
 * single `otel.metric.overflow=true` series and `onOverflow` is called (the caller warns once).
 * Known sets map to one cached attributes object, so repeated sets allocate only their key.
 */
export class CardinalityGuard {
  private readonly _sets = new Map<string, Attributes>();

  constructor(readonly limit: number, private readonly _onOverflow: () => void) {}

  /** Dimension attributes for `keys`, looked up in `first` (may be undefined) and then `second`. */
  resolve(keys: readonly string[], first: Attributes | undefined, second: Attributes): Attributes {
    if (keys.length === 0) return EMPTY;
    let id = '';
    for (let i = 0; i < keys.length; i++) {
      const v = first?.[keys[i]!] ?? second[keys[i]!];
      id += v === undefined ? '\u0001' : `${typeof v}:${String(v)}\u0000`;
    }
    const known = this._sets.get(id);
    if (known !== undefined) return known;
    if (this._sets.size >= this.limit) {
      this._onOverflow();
      return OVERFLOW;
    }
    const attrs: Record<string, AttributeValue> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = first?.[keys[i]!] ?? second[keys[i]!];
      if (v !== undefined) attrs[keys[i]!] = v;
    }
    const frozen = Object.freeze(attrs);
    this._sets.set(id, frozen);
    return frozen;
  }
}
