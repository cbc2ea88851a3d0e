import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../../src/sdk/otlp/ProtoWriter.js';

function written(write: (w: ProtoWriter) => void): Buffer {
  const w = new ProtoWriter(1);
  write(w);
  return Buffer.from(w.finish());
}

describe('ProtoWriter', () => {
  describe('.hrTime', () => {
    it('writes seconds * 1e9 + nanos exactly, beyond 2^53', () => {
      const cases: Array<[number, number]> = [[0, 0], [0, 999_999_999], [1, 0], [65_535, 999_999_999], [65_536, 1], [1_700_000_000, 123_456_789], [4_294_967_295, 999_999_999], [9_223_372_035, 999_999_999]];
      for (const [s, n] of cases) {
        const expected = Buffer.alloc(8);
        expected.writeBigUInt64LE(BigInt(s) * 1_000_000_000n + BigInt(n));
        expect(written((w) => w.hrTime([s, n])), `${s}s ${n}ns`).toEqual(expected);
      }
    });
  });

  describe('.int64', () => {
    it('writes two\'s complement varints for negative and large integers', () => {
      const varint = (v: bigint): Buffer => {
        let u = BigInt.asUintN(64, v);
        const out: number[] = [];
        while (u > 0x7fn) {
          out.push(Number(u & 0x7fn) | 0x80);
          u >>= 7n;
        }
        out.push(Number(u));
        return Buffer.from(out);
      };
      for (const v of [0, 1, 127, 128, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 62, -1, -128, -(2 ** 32), -(2 ** 53) + 1, -(2 ** 63)]) {
        expect(written((w) => w.int64(v)), String(v)).toEqual(varint(BigInt(v)));
      }
    });
  });

  describe('.begin/.end', () => {
    it('keeps the minimal length prefix whether the reserved size was too small or too large', () => {
      for (const [reserve, len] of [[1, 0], [1, 200], [1, 20_000], [3, 5], [3, 200], [2, 3_000_000]] as const) {
        const body = Buffer.alloc(len, 7);
        const out = written((w) => {
          w.byte(0x0a);
          const m = w.begin(reserve);
          w.bytes(body.subarray(0, 0));
          for (let i = 0; i < len; i++) w.byte(7);
          w.end(m);
          w.byte(0x10);
        });
        const prefix: number[] = [];
        let v = len + 1; // the empty bytes field's own length byte
        while (v > 0x7f) {
          prefix.push((v & 0x7f) | 0x80);
          v >>>= 7;
        }
        prefix.push(v);
        expect(out.equals(Buffer.concat([Buffer.from([0x0a, ...prefix, 0]), body, Buffer.from([0x10])])), `reserve ${reserve}, length ${len}`).toBe(true);
      }
    });
  });

  describe('.finish', () => {
    it('hands out a copy, and lets go of a buffer one huge batch grew past 4 MiB', () => {
      const w = new ProtoWriter();
      const big = Buffer.alloc(5 * 1024 * 1024, 1);
      w.bytes(big);
      const out = w.finish();
      expect(out.length).toBe(big.length + 4);
      expect(w.buf.length).toBe(64 * 1024);
      w.reset();
      w.byte(9);
      expect(Buffer.from(w.finish())).toEqual(Buffer.from([9]));
      expect(out[4]).toBe(1);
    });
  });

  describe('.string', () => {
    it('writes UTF-8 with its byte length for ASCII, non-ASCII and long strings', () => {
      for (const s of ['', 'abc', 'Grüße 東京 🚀', 'a\ud800b', 'x'.repeat(127), 'x'.repeat(128), 'é'.repeat(100), 'z'.repeat(20_000)]) {
        const utf8 = Buffer.from(s, 'utf8');
        const out = written((w) => w.string(s));
        const w2 = new ProtoWriter(1);
        w2.uint32(utf8.length);
        expect(out.equals(Buffer.concat([Buffer.from(w2.finish()), utf8])), JSON.stringify(s.slice(0, 20))).toBe(true);
      }
    });
  });
});
