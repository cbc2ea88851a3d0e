// Counts the items in an OTLP protobuf export request without a schema library: every signal nests
// resource -> scope -> items as field 1 -> field 2 -> field N. Traces: ResourceSpans(1) ScopeSpans(2)
// Span(2); logs: ResourceLogs(1) ScopeLogs(2) LogRecord(2); metrics: ResourceMetrics(1)
// ScopeMetrics(2) Metric(2). Returns -1 on a malformed buffer.

function readVarint(buf, pos) {
  let value = 0;
  let shift = 1;
  for (;;) {
    if (pos >= buf.length) throw new RangeError('truncated varint');
    const byte = buf[pos++];
    value += (byte & 0x7f) * shift;
    if (byte < 0x80) return [value, pos];
    shift *= 128;
  }
}

/** Calls `onField(field, start, end)` for each length-delimited field in buf[start, end). */
function eachLengthDelimited(buf, start, end, onField) {
  let pos = start;
  while (pos < end) {
    const [key, afterKey] = readVarint(buf, pos);
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    pos = afterKey;
    if (wireType === 0) pos = readVarint(buf, pos)[1];
    else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else if (wireType === 2) {
      const [len, bodyStart] = readVarint(buf, pos);
      pos = bodyStart + len;
      if (pos > end) throw new RangeError('truncated field');
      onField(field, bodyStart, pos);
    } else throw new RangeError(`unsupported wire type ${wireType}`);
  }
}

export function countOtlpItems(buf) {
  let count = 0;
  try {
    eachLengthDelimited(buf, 0, buf.length, (f1, s1, e1) => {
      if (f1 !== 1) return;
      eachLengthDelimited(buf, s1, e1, (f2, s2, e2) => {
        if (f2 !== 2) return;
        eachLengthDelimited(buf, s2, e2, (f3) => {
          if (f3 === 2) count++;
        });
      });
    });
  } catch {
    return -1;
  }
  return count;
}
