import { randomFillSync } from 'node:crypto';

/**
 * Cryptographically random bytes handed out from one buffer, refilled when used up: one
 * `randomFillSync` call per many ids instead of one per id (trace and span ids, request ids).
 */
export class RandomPool {
  readonly bytes: Buffer;
  #offset: number;

  constructor(size: number, private readonly fill: (bytes: Buffer) => void = randomFillSync) {
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
