import { describe, expect, it } from 'vitest';
import { generateRequestId, isValidRequestId } from '../../src/http/request-id.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('generateRequestId', () => {
  it('gives version 4 UUIDs that the request id grammar accepts, unique across pool refills', () => {
    const ids = Array.from({ length: 5000 }, generateRequestId); // ~20 refills of the random pool
    for (const id of ids) {
      expect(id).toMatch(UUID_V4);
      expect(isValidRequestId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('returns a new string each time (the text buffer is reused, the id is not)', () => {
    const first = generateRequestId();
    const copy = `${first}`;
    generateRequestId();
    expect(first).toBe(copy);
  });

  it('spreads every hex digit over the random positions', () => {
    const seen = new Map<number, Set<string>>();
    for (let n = 0; n < 2000; n++) {
      const id = generateRequestId().replaceAll('-', '');
      for (let i = 0; i < 32; i++) {
        if (i === 12 || i === 16) continue; // version and variant
        if (!seen.has(i)) seen.set(i, new Set());
        seen.get(i)!.add(id[i]!);
      }
    }
    for (const digits of seen.values()) expect(digits.size).toBe(16);
  });
});
