import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { HEX_CHUNK_BYTES, POOL_BYTES, PooledIdGenerator } from '../../src/sdk/PooledIdGenerator.js';

describe('PooledIdGenerator', () => {
  it('gives valid, distinct ids across many pool refills', () => {
    const ids = new PooledIdGenerator();
    const traceIds = new Set<string>();
    const spanIds = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const traceId = ids.generateTraceId();
      const spanId = ids.generateSpanId();
      expect(trace.isSpanContextValid({ traceId, spanId, traceFlags: 1 })).toBe(true);
      traceIds.add(traceId);
      spanIds.add(spanId);
    }
    expect(traceIds.size).toBe(20_000);
    expect(spanIds.size).toBe(20_000);
  });

  it('never gives an all-zero id, even from an all-zero pool', () => {
    const ids = new PooledIdGenerator((pool) => pool.fill(0));
    expect(ids.generateTraceId()).toBe(`${'0'.repeat(30)}01`);
    expect(ids.generateSpanId()).toBe(`${'0'.repeat(14)}01`);
  });

  it('uses the pool bytes as they are, in order', () => {
    let fills = 0;
    const ids = new PooledIdGenerator((pool) => { fills++; for (let i = 0; i < pool.length; i++) pool[i] = (i + fills) & 0xff; });
    expect(ids.generateTraceId()).toBe('0102030405060708090a0b0c0d0e0f10');
    expect(ids.generateSpanId()).toBe('1112131415161718');
    expect(ids.generateSpanId()).toBe('191a1b1c1d1e1f20');
    for (let i = 0; i < POOL_BYTES / 8 - 5; i++) ids.generateSpanId();
    expect(ids.generateSpanId()).toBe([...Array(8).keys()].map((i) => ((POOL_BYTES - 8 + i + 1) & 0xff).toString(16).padStart(2, '0')).join(''));
    expect(fills).toBe(1);
    ids.generateTraceId();
    expect(fills).toBe(2);
  });

  it('cuts ids that cross a hex chunk boundary from the bytes themselves', () => {
    const ids = new PooledIdGenerator((pool) => { for (let i = 0; i < pool.length; i++) pool[i] = (i * 7 + 3) & 0xff; });
    const hex = (from: number, to: number) => [...Array(to - from).keys()].map((i) => (((from + i) * 7 + 3) & 0xff).toString(16).padStart(2, '0')).join('');
    // 8-byte span ids up to 8 bytes before the first chunk's end, then a 16-byte trace id across it.
    for (let i = 0; i < HEX_CHUNK_BYTES / 8 - 1; i++) expect(ids.generateSpanId()).toBe(hex(i * 8, i * 8 + 8));
    expect(ids.generateTraceId()).toBe(hex(HEX_CHUNK_BYTES - 8, HEX_CHUNK_BYTES + 8));
    expect(ids.generateSpanId()).toBe(hex(HEX_CHUNK_BYTES + 8, HEX_CHUNK_BYTES + 16));
  });
});
