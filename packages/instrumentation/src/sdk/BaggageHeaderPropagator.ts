import { propagation, type BaggageEntry, type Context, type TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed, W3CBaggagePropagator } from '@opentelemetry/core';

// The limits upstream's W3CBaggagePropagator applies when it writes the header.
const MAX_PAIR_LENGTH = 4096;
const MAX_PAIRS = 180;
const MAX_HEADER_LENGTH = 8192;
// The characters encodeURIComponent leaves as they are: such a string is its own encoding.
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;

function encode(text: string): string {
  return UNRESERVED.test(text) ? text : encodeURIComponent(text);
}

function pairOf(key: string, value: string): string {
  return `${encode(key)}=${encode(value)}`;
}

/** An entry every injected header carries, set over the context's own entry of that key. */
export interface OutgoingBaggageEntry {
  key: string;
  value: string;
}

/** The header being written, pair by pair, under upstream's limits. */
class HeaderBuilder {
  header = '';
  pairs = 0;
  full = false;

  add(key: string, entry: BaggageEntry): void {
    let pair = pairOf(key, entry.value);
    if (entry.metadata !== undefined) pair += `;${entry.metadata.toString()}`;
    this.addPair(pair);
  }

  addPair(pair: string): void {
    if (pair.length > MAX_PAIR_LENGTH) return;
    if (++this.pairs > MAX_PAIRS) {
      this.full = true;
      return;
    }
    const longer = this.header === '' ? pair : `${this.header},${pair}`;
    if (longer.length <= MAX_HEADER_LENGTH) this.header = longer;
  }
}

/**
 * The W3C `baggage` propagator, writing the header in one pass: the same header as upstream's
 * W3CBaggagePropagator (same encoding and limits: pairs over 4096 characters left out, at most 180
 * pairs, pairs that would take the header over 8192 skipped) without its four intermediate arrays
 * and an encodeURIComponent call for ids and names that need none. Every outgoing call of a request
 * carries its baggage (the request id, the service-graph entry). Extraction is upstream's.
 *
 * `outgoing` adds one entry to every header it writes (the service graph's caller name): the header
 * is the one upstream writes for the context's baggage with that entry set (`setEntry`: in place
 * when the key is there, last otherwise), without copying the baggage and the context per call.
 */
export class BaggageHeaderPropagator extends W3CBaggagePropagator {
  private readonly outgoingKey: string | undefined;
  /** The outgoing entry's encoded pair, the same on every call. */
  private readonly outgoingPair: string | undefined;

  constructor(outgoing?: OutgoingBaggageEntry) {
    super();
    this.outgoingKey = outgoing?.key;
    this.outgoingPair = outgoing && pairOf(outgoing.key, outgoing.value);
  }

  override inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const baggage = propagation.getBaggage(context);
    let pending = this.outgoingPair;
    if ((!baggage && pending === undefined) || isTracingSuppressed(context)) return;
    const builder = new HeaderBuilder();
    if (baggage) {
      for (const [key, entry] of baggage.getAllEntries()) {
        if (pending !== undefined && key === this.outgoingKey) {
          builder.addPair(pending);
          pending = undefined;
        } else {
          builder.add(key, entry);
        }
        if (builder.full) break;
      }
    }
    if (pending !== undefined && !builder.full) builder.addPair(pending);
    if (builder.header.length > 0) setter.set(carrier, 'baggage', builder.header);
  }
}
