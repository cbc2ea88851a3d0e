import { VALID_REQUEST_ID } from '@sightline/pino/policy';
import { RandomPool } from '../random-pool.js';

/** True when a client-supplied request id is safe to adopt, log and echo (the grammar lives in @sightline/pino). */
export function isValidRequestId(id: string | undefined): id is string {
  return id !== undefined && VALID_REQUEST_ID.test(id);
}

const random = new RandomPool();
const text = Buffer.allocUnsafeSlow(36);
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * A random (version 4) UUID, like `crypto.randomUUID()`, written into one flat string: Node's own
 * joins 20 pieces per id (~0.6 KiB of garbage on every request that brings no id).
 */
export function generateRequestId(): string {
  const pool = random.bytes;
  const start = random.take(16);
  pool[start + 6] = (pool[start + 6]! & 0x0f) | 0x40;
  pool[start + 8] = (pool[start + 8]! & 0x3f) | 0x80;
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = 0x2d;
    const byte = pool[start + i]!;
    text[at++] = HEX[byte >> 4]!;
    text[at++] = HEX[byte & 15]!;
  }
  return text.toString('latin1', 0, 36);
}
