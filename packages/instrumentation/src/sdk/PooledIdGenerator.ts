import type { IdGenerator } from '@opentelemetry/sdk-trace';
import { RandomPool } from '../random-pool.js';

const POOL_BYTES = 64 * 1024;

/**
 * Trace and span ids cut from a pool of cryptographically random bytes, refilled once per 4096
 * trace ids: about half the cost of upstream's RandomIdGenerator (six Math.random calls and buffer
 * writes per span), and ids from a CSPRNG.
 */
export class PooledIdGenerator implements IdGenerator {
  readonly #pool: RandomPool;

  constructor(fill?: (pool: Buffer) => void) {
    this.#pool = new RandomPool(POOL_BYTES, fill);
  }

  generateTraceId(): string {
    return this.#take(16);
  }

  generateSpanId(): string {
    return this.#take(8);
  }

  #take(bytes: number): string {
    const pool = this.#pool.bytes;
    const start = this.#pool.take(bytes);
    const end = start + bytes;
    // An all-zero id is invalid (W3C); 2^-64 odds, but cheap to rule out.
    if (pool[start] === 0) {
      let zero = true;
      for (let i = start + 1; i < end && zero; i++) zero = pool[i] === 0;
      if (zero) pool[end - 1] = 1;
    }
    return pool.toString('hex', start, end);
  }
}
