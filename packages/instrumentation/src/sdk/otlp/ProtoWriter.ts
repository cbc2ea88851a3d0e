// A protobuf writer over one growable buffer that lives as long as its exporter: encoding a batch
// allocates nothing but the copy handed to the transport (which keeps it for retries).
// Field keys are written by the callers as pre-computed bytes (`(field << 3) | wireType`).

const TWO_32 = 4294967296;
const INITIAL_SIZE = 64 * 1024;
// A buffer grown past this by one unusually large batch is dropped after it, not kept for good.
const KEEP_AT_MOST = 4 * 1024 * 1024;
const HEX = new Uint8Array(128).fill(0xff);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = HEX[65 + i] = 10 + i;

function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

export class ProtoWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = INITIAL_SIZE) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  reset(): void {
    this.pos = 0;
  }

  /** A copy of what was written: the transport keeps it (retries) while this buffer is reused. */
  finish(): Uint8Array {
    const out = Buffer.allocUnsafe(this.pos); // every byte is written below: no zero-fill
    this.buf.copy(out, 0, 0, this.pos);
    if (this.buf.length > KEEP_AT_MOST) this.buf = Buffer.allocUnsafe(INITIAL_SIZE);
    return out;
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** A field key or any other single byte below 0x80. */
  byte(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Two key bytes (fields 16 and up). */
  byte2(a: number, b: number): void {
    this.ensure(2);
    this.buf[this.pos++] = a;
    this.buf[this.pos++] = b;
  }

  /** Non-negative integer below 2^32. */
  uint32(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    while (v > 0x7f) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  /** An int64 varint from a JS integer (negative: ten bytes of two's complement). */
  int64(v: number): void {
    if (v >= 0 && v < TWO_32) {
      this.uint32(v);
      return;
    }
    let low: number;
    let high: number;
    if (v >= 0) {
      low = v >>> 0;
      high = (v / TWO_32) >>> 0;
    } else {
      const abs = -v;
      low = ~(abs >>> 0) >>> 0;
      high = ~((abs / TWO_32) >>> 0) >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    this.ensure(10);
    const buf = this.buf;
    while (high > 0 || low > 0x7f) {
      buf[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buf[this.pos++] = low;
  }

  fixed32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }

  /** fixed64 from a non-negative JS integer (counts). */
  fixed64(v: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.buf.writeUInt32LE((v / TWO_32) >>> 0, this.pos + 4);
    this.pos += 8;
  }

  /** sfixed64 from a JS integer, negative as two's complement. */
  sfixed64(v: number): void {
    if (v >= 0) {
      this.fixed64(v);
      return;
    }
    const abs = -v;
    let low = ~(abs >>> 0) >>> 0;
    let high = ~((abs / TWO_32) >>> 0) >>> 0;
    low = (low + 1) >>> 0;
    if (low === 0) high = (high + 1) >>> 0;
    this.ensure(8);
    this.buf.writeUInt32LE(low, this.pos);
    this.buf.writeUInt32LE(high, this.pos + 4);
    this.pos += 8;
  }

  /** sint32 (zigzag) varint. */
  sint32(v: number): void {
    this.uint32(((v << 1) ^ (v >> 31)) >>> 0);
  }

  /** OTel HrTime [seconds, nanos] as fixed64 nanoseconds, exact beyond 2^53. */
  hrTime(t: readonly [number, number]): void {
    const seconds = t[0];
    const nanos = t[1];
    // seconds * 1e9 split at 2^16 seconds so every partial product stays exact in a double.
    const lowSecs = seconds % 65536;
    const highSecs = (seconds - lowSecs) / 65536;
    const a = lowSecs * 1e9 + nanos; // < 2^46
    const b = highSecs * 1e9; // times 2^16
    const bLow = b % 65536;
    const low = a + bLow * 65536;
    const lowPart = low % TWO_32;
    const high = (low - lowPart) / TWO_32 + (b - bLow) / 65536;
    this.ensure(8);
    this.buf.writeUInt32LE(lowPart, this.pos);
    this.buf.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** Length-prefixed UTF-8. */
  string(s: string): void {
    const len = s.length;
    if (len < 0x80) {
      // Short strings: ASCII copied inline, anything else through the UTF-8 encoder.
      this.ensure(1 + len * 3);
      const buf = this.buf;
      const start = this.pos + 1;
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      if (i === len) {
        buf[this.pos] = len;
        this.pos = start + len;
        return;
      }
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.uint32(bytes);
    this.ensure(bytes);
    this.pos += this.buf.write(s, this.pos, bytes, 'utf8');
  }

  /** Bytes `start..end` of another buffer, as they are. */
  rawRange(from: Buffer, start: number, end: number): void {
    this.ensure(end - start);
    this.pos += from.copy(this.buf, this.pos, start, end);
  }

  /**
   * Makes sure the next `n` bytes fit without growing the buffer, switching to a new one if not,
   * for writers whose output is kept as views of the buffer (a grown buffer leaves them behind).
   */
  room(n: number, size = INITIAL_SIZE): void {
    if (this.pos + n <= this.buf.length) return;
    this.buf = Buffer.allocUnsafe(Math.max(size, n));
    this.pos = 0;
  }

  /** Length-prefixed raw bytes. */
  bytes(b: Uint8Array): void {
    this.uint32(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A hex id (trace or span id) as length-prefixed bytes, decoded straight into the buffer. */
  hexId(hex: string): void {
    const n = hex.length >>> 1;
    this.ensure(1 + n);
    const buf = this.buf;
    buf[this.pos++] = n;
    for (let i = 0; i < n; i++) {
      buf[this.pos++] = (HEX[hex.charCodeAt(2 * i) & 0x7f]! << 4) | HEX[hex.charCodeAt(2 * i + 1) & 0x7f]!;
    }
  }

  /**
   * Starts a length-delimited field, reserving `reserve` bytes for its length (1 for small messages,
   * 2 for spans, 3 for whole scopes): `end` moves the body only when the guess was wrong, so the
   * output keeps the minimal length encoding every other encoder writes.
   */
  begin(reserve: number): number {
    this.ensure(reserve);
    const at = this.pos;
    this.pos += reserve;
    return at * 8 + reserve;
  }

  end(mark: number): void {
    const reserve = mark & 7;
    const at = (mark - reserve) / 8;
    const bodyStart = at + reserve;
    const len = this.pos - bodyStart;
    const size = varintSize(len);
    if (size !== reserve) {
      if (size > reserve) this.ensure(size - reserve);
      this.buf.copyWithin(at + size, bodyStart, this.pos);
      this.pos += size - reserve;
    }
    let v = len;
    let p = at;
    const buf = this.buf;
    while (v > 0x7f) {
      buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[p] = v;
  }
}
