import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import { EncodedItemPool, type EncodedItem } from './EncodedItem.js';
import { ProtoWriter } from './ProtoWriter.js';

export interface SlabSizes {
  /** Bytes of a new off-heap slab. */
  size: number;
  /** A new slab when less than this is left: items are rarely larger, and one that is grows the slab it lands in (earlier items keep the old buffer). */
  itemRoom: number;
}
export const DEFAULT_SLAB: SlabSizes = { size: 256 * 1024, itemRoom: 16 * 1024 };
// Upstream's default queue (2048) and a batch on the wire (512), with room for a larger queue setting.
const POOL_MAX = 8192;

/** Writes items one after the other into off-heap slabs and hands out pooled EncodedItems for them. */
export class SlabEncoder<T extends EncodedItem> {
  readonly #writer: ProtoWriter;
  readonly #pool: EncodedItemPool<T>;

  constructor(create: (pool: EncodedItemPool<T>) => T, private readonly slab: SlabSizes = DEFAULT_SLAB) {
    this.#writer = new ProtoWriter(slab.size);
    this.#pool = new EncodedItemPool(POOL_MAX, create);
  }

  encode<I>(item: I, write: (w: ProtoWriter, item: I) => void, flags: number, resource: Resource, scope: InstrumentationScope): T {
    const w = this.#writer;
    w.room(this.slab.itemRoom, this.slab.size);
    const start = w.pos;
    write(w, item);
    return this.#pool.take(w.buf, start, w.pos, flags, resource, scope);
  }
}
