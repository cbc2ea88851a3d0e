import type { IdGenerator } from '@opentelemetry/sdk-trace';
import { randomFillSync } from 'node:crypto';
import { RANDOM_POOL_BYTES, RandomPool } from '../random-pool.js';

export const POOL_BYTES = RANDOM_POOL_BYTES;
// An id is a slice of its chunk's hex string, so an id still referenced (by a context that outlives
// its request) keeps that string alive: 1 KiB per chunk, where one hex string per fill (8 KiB) made
// every scavenge under load copy and then promote ~30 KiB of hex.
export const HEX_CHUNK_BYTES = 512;

/**
 * Trace and span ids cut from a pool of cryptographically random bytes (upstream's RandomIdGenerator
 * calls Math.random six times per span). Each 512-byte chunk of a fill is turned into hex once, and
 * an id is a slice of that string: no Buffer-to-hex call per id.
 */
export class PooledIdGenerator implements IdGenerator {
  readonly #pool: RandomPool;
  #hex = '';
  #hexStart = -1;

  constructor(fill: (pool: Buffer) => void = randomFillSync) {
    this.#pool = new RandomPool(POOL_BYTES, (pool) => {
      fill(pool);
      this.#hexStart = -1;
    });
  }

  generateTraceId(): string {
    return this.#take(16);
  }

  generateSpanId(): string {
    return this.#take(8);
  }

  #take(bytes: number): string {
    const start = this.#pool.take(bytes);
    const end = start + bytes;
    // An all-zero id is invalid (W3C); 2^-64 odds, but cheap to rule out.
    const pool = this.#pool.bytes;
    if (pool[start] === 0) {
      let zero = true;
      for (let i = start + 1; i < end && zero; i++) zero = pool[i] === 0;
      if (zero) return `${'0'.repeat(2 * bytes - 2)}01`;
    }
    const chunk = start - (start % HEX_CHUNK_BYTES);
    if (end > chunk + HEX_CHUNK_BYTES) return pool.toString('hex', start, end); // across two chunks
    if (chunk !== this.#hexStart) {
      this.#hex = pool.toString('hex', chunk, chunk + HEX_CHUNK_BYTES);
      this.#hexStart = chunk;
    }
    return this.#hex.slice(2 * (start - chunk), 2 * (end - chunk));
  }
}
