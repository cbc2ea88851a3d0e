import type { Resource } from '@opentelemetry/resources';
import type { InstrumentationScope } from '@opentelemetry/core';

const NO_BYTES = Buffer.alloc(0);

/** Where an item goes back once its request is encoded. */
export interface ItemPool {
  give(item: EncodedItem): void;
}

/**
 * A span or log record already written as its OTLP field (tag, length, body), bytes `start..end` of
 * an off-heap slab, with what batching and grouping still read: its resource and scope (and, for a
 * span, its trace flags). Stands in for the SDK object in a batch queue, so the queue holds one small
 * object per item instead of the ~100 that would survive young-generation collections until the
 * batch is sent. Once its request is encoded it goes back to its pool and carries a later item.
 */
export class EncodedItem {
  /** In its pool's free list: not in any queue. */
  free = false;
  slab: Buffer = NO_BYTES;
  start = 0;
  end = 0;
  flags = 0;
  resource!: Resource;
  instrumentationScope!: InstrumentationScope;

  constructor(private readonly pool?: ItemPool) {}

  /** Its bytes were copied into a request: it may carry another item. */
  release(): void {
    this.pool?.give(this);
  }

  carry(slab: Buffer, start: number, end: number, flags: number, resource: Resource, scope: InstrumentationScope): this {
    this.slab = slab;
    this.start = start;
    this.end = end;
    this.flags = flags;
    this.resource = resource;
    this.instrumentationScope = scope;
    this.free = false;
    return this;
  }

  forget(): void {
    this.slab = NO_BYTES;
    this.free = true;
  }
}

/**
 * Encoded items used again once the request holding their bytes is encoded. Under load a batch
 * queue always holds a few hundred of them, so every young-generation collection copied them (and
 * promoted some), which grew V8's young generation; items that are used again live in the old
 * generation and cost a collection nothing.
 */
export class EncodedItemPool<T extends EncodedItem> {
  readonly #free: T[] = [];

  /** At most `max` kept: above a full queue and a batch being sent there is nothing to reuse them for. */
  constructor(private readonly max: number, private readonly create: (pool: EncodedItemPool<T>) => T) {}

  take(slab: Buffer, start: number, end: number, flags: number, resource: Resource, scope: InstrumentationScope): T {
    return (this.#free.pop() ?? this.create(this)).carry(slab, start, end, flags, resource, scope);
  }

  give(item: T): void {
    // Twice in the free list would hand one object to two queued items.
    if (item.free || this.#free.length >= this.max) return;
    item.forget();
    this.#free.push(item);
  }

  get size(): number {
    return this.#free.length;
  }
}

/** After a request is encoded from `items`: the encoded ones among them go back to their pools. */
export function releaseEncoded(items: ReadonlyArray<unknown>): void {
  for (const item of items) if (item instanceof EncodedItem) item.release();
}
