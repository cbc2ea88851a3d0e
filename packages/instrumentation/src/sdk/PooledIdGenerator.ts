import type { IdGenerator } from '@opentelemetry/sdk-trace';
import { randomFillSync } from 'node:crypto';
import { RandomPool } from '../random-pool.js';

// Small on purpose: an id is a slice of its fill's hex string, so an id kept by the app keeps that
// string (8 KiB) alive.
export const POOL_BYTES = 4096;

/**
 * Trace and span ids cut from a pool of cryptographically random bytes (upstream's RandomIdGenerator
 * calls Math.random six times per span). Each fill is turned into hex once, and an id is a slice of
 * that string: no Buffer-to-hex call per id.
 */
export class PooledIdGenerator implements IdGenerator {
  readonly #pool: RandomPool;
  #hex = '';

  constructor(fill: (pool: Buffer) => void = randomFillSync) {
    this.#pool = new RandomPool(POOL_BYTES, (pool) => {
      fill(pool);
      this.#hex = pool.toString('hex');
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
    return this.#hex.slice(2 * start, 2 * end);
  }
}
