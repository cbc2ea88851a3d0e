import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const POOL_BYTES = 64 * 1024;

/**
 * Trace and span ids cut from a pool of cryptographically random bytes, refilled once per 4096
 * trace ids: about half the cost of upstream's RandomIdGenerator (six Math.random calls and buffer
 * writes per span), and ids from a CSPRNG.
 */
export class PooledIdGenerator implements IdGenerator {
  readonly #pool = Buffer.allocUnsafeSlow(POOL_BYTES);
  #offset = POOL_BYTES;

  constructor(private readonly fill: (pool: Buffer) => void = randomFillSync) {}

  generateTraceId(): string {
    return this.#take(16);
  }

  generateSpanId(): string {
    return this.#take(8);
  }

  #take(bytes: number): string {
    if (this.#offset + bytes > POOL_BYTES) {
      this.fill(this.#pool);
      this.#offset = 0;
    }
    const start = this.#offset;
    const end = start + bytes;
    this.#offset = end;
    // An all-zero id is invalid (W3C); 2^-64 odds, but cheap to rule out.
    if (this.#pool[start] === 0) {
      let zero = true;
      for (let i = start + 1; i < end && zero; i++) zero = this.#pool[i] === 0;
      if (zero) this.#pool[end - 1] = 1;
    }
    return this.#pool.toString('hex', start, end);
  }
}
