import { randomFillSync } from 'node:crypto';

// A `randomFillSync` call costs ~4 µs whatever its size up to a few KiB (16 B: 3.9 µs, 4 KiB: 4.6,
// 64 KiB: 16.7 on the bench machine): 64 KiB per fill makes that ~10 ns per request's ids, 4 KiB ~45.
export const RANDOM_POOL_BYTES = 65536;

/**
 * Cryptographically random bytes handed out from one buffer, refilled when used up: one
 * `randomFillSync` call per many ids instead of one per id (trace and span ids, request ids).
 */
export class RandomPool {
  readonly bytes: Buffer;
  #offset: number;

  constructor(size: number = RANDOM_POOL_BYTES, private readonly fill: (bytes: Buffer) => void = randomFillSync) {
    this.bytes = Buffer.allocUnsafeSlow(size);
    this.#offset = size;
  }

  /** Where `n` fresh random bytes start in `bytes` (valid until the next call). */
  take(n: number): number {
    if (this.#offset + n > this.bytes.length) {
      this.fill(this.bytes);
      this.#offset = 0;
    }
    const start = this.#offset;
    this.#offset = start + n;
    return start;
  }
}
