// Export*ServiceResponse { partial_success = 1 { rejected_<items> = 1 (int64), error_message = 2 } },
// decoded into the shape the upstream deserializers return, which otlp-exporter-base's response
// handler logs when it is not empty.

export interface PartialSuccessResponse {
  partialSuccess?: Record<string, number | string>;
}

class Reader {
  pos = 0;
  constructor(readonly data: Uint8Array, readonly endAt = data.length) {}

  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.endAt) throw new Error('truncated varint');
      const b = this.data[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.pos += this.varint();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

/** `rejected` names the count field of the signal: rejectedSpans, rejectedLogRecords, rejectedDataPoints. */
export function decodePartialSuccess(data: Uint8Array, rejected: string): PartialSuccessResponse {
  const out: PartialSuccessResponse = {};
  const r = new Reader(data);
  while (r.pos < r.endAt) {
    const key = r.varint();
    if (key !== 0x0a) {
      r.skip(key & 7);
      continue;
    }
    const len = r.varint();
    const inner = new Reader(data, r.pos + len);
    inner.pos = r.pos;
    const partial: Record<string, number | string> = {};
    while (inner.pos < inner.endAt) {
      const k = inner.varint();
      if (k === 0x08) partial[rejected] = inner.varint();
      else if (k === 0x12) {
        const n = inner.varint();
        partial.errorMessage = Buffer.from(data.buffer, data.byteOffset + inner.pos, n).toString('utf8');
        inner.pos += n;
      } else inner.skip(k & 7);
    }
    r.pos += len;
    out.partialSuccess = partial;
  }
  return out;
}
