import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { EncodedItem, EncodedItemPool } from './EncodedItem.js';
import type { ProtoWriter } from './ProtoWriter.js';
import { SlabEncoder, type SlabSizes } from './SlabEncoder.js';

interface Flushable {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * What EncodeOnEndProcessor (spans) and EncodeOnEmitProcessor (log records) share: a slab encoder in
 * front of the next processor, and the item handed on as it is when it cannot be encoded.
 */
export abstract class EncodeAheadProcessor<Next extends Flushable, Entry extends EncodedItem> {
  readonly #encoder: SlabEncoder<Entry>;

  protected constructor(
    protected readonly next: Next,
    private readonly onError: (err: unknown) => void,
    create: (pool: EncodedItemPool<Entry>) => Entry,
    slab: SlabSizes,
  ) {
    this.#encoder = new SlabEncoder(create, slab);
  }

  /** A queue entry holding the item's bytes; the item itself (the exporter encodes it at send time) if it cannot be encoded. */
  protected encoded<I extends object>(item: I, write: (w: ProtoWriter, item: I) => void, flags: number, resource: Resource, scope: InstrumentationScope): I {
    try {
      return this.#encoder.encode(item, write, flags, resource, scope) as unknown as I;
    } catch (err) {
      this.onError(err);
      return item;
    }
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
