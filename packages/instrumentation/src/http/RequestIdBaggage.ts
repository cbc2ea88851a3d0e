import { propagation, type Baggage, type BaggageEntry } from '@opentelemetry/api';

/**
 * A request's baggage when the request brought none: its one entry, the request id. Behaves as the
 * baggage `propagation.createBaggage().setEntry(key, { value })` gives (entries returned as copies,
 * changes returning new baggage, an entry set for an existing key keeping its place) without the two
 * maps and the entries array every request would build for a log line's or an outgoing call's read.
 */
export class RequestIdBaggage implements Baggage {
  constructor(
    private readonly key: string,
    private readonly value: string,
  ) {}

  getEntry(key: string): BaggageEntry | undefined {
    return key === this.key ? { value: this.value } : undefined;
  }

  getAllEntries(): [string, BaggageEntry][] {
    return [[this.key, { value: this.value }]];
  }

  setEntry(key: string, entry: BaggageEntry): Baggage {
    return propagation.createBaggage({ [this.key]: { value: this.value } }).setEntry(key, entry);
  }

  removeEntry(key: string): Baggage {
    return key === this.key ? propagation.createBaggage() : this;
  }

  removeEntries(...keys: string[]): Baggage {
    return keys.includes(this.key) ? propagation.createBaggage() : this;
  }

  clear(): Baggage {
    return propagation.createBaggage();
  }
}
