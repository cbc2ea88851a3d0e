// Just enough of a protobuf wire-format reader to decode OTLP export requests in the stand-ins
// (field numbers from opentelemetry-proto's trace.proto, logs.proto, metrics.proto, common.proto).
type Value = bigint | Buffer;
type Fields = Map<number, Value[]>;

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[pos++];
    if (byte === undefined) throw new Error('truncated varint');
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function parse(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, next] = readVarint(buf, pos);
    pos = next;
    const field = Number(tag >> 3n);
    let value: Value;
    switch (Number(tag & 7n)) {
      case 0:
        [value, pos] = readVarint(buf, pos);
        break;
      case 1:
        value = buf.subarray(pos, (pos += 8));
        break;
      case 2: {
        const [len, start] = readVarint(buf, pos);
        pos = start + Number(len);
        value = buf.subarray(start, pos);
        break;
      }
      case 5:
        value = buf.subarray(pos, (pos += 4));
        break;
      default:
        throw new Error(`unsupported wire type in tag ${tag}`);
    }
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

const messages = (f: Fields, n: number): Fields[] => (f.get(n) ?? []).map((v) => parse(v as Buffer));
const message = (f: Fields, n: number): Fields | undefined => messages(f, n)[0];
const str = (f: Fields | undefined, n: number): string => (f?.get(n)?.[0] as Buffer | undefined)?.toString('utf8') ?? '';
const hex = (f: Fields, n: number): string => (f.get(n)?.[0] as Buffer | undefined)?.toString('hex') ?? '';
const int = (f: Fields | undefined, n: number): number => Number((f?.get(n)?.[0] as bigint | undefined) ?? 0n);

export type AttrValue = string | number | boolean;
export type Attributes = Record<string, AttrValue>;

function anyValue(v: Fields | undefined): AttrValue {
  if (!v) return '';
  if (v.has(1)) return str(v, 1);
  if (v.has(2)) return int(v, 2) === 1;
  if (v.has(3)) return Number(BigInt.asIntN(64, v.get(3)![0] as bigint));
  if (v.has(4)) return (v.get(4)![0] as Buffer).readDoubleLE(0);
  return '';
}

function attributes(f: Fields | undefined, n: number): Attributes {
  const out: Attributes = {};
  for (const kv of f ? messages(f, n) : []) out[str(kv, 1)] = anyValue(message(kv, 2));
  return out;
}

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  name: string;
  statusCode: number;
  attributes: Attributes;
  resource: Attributes;
}

export function decodeTraces(body: Buffer): DecodedSpan[] {
  return messages(parse(body), 1).flatMap((rs) => {
    const resource = attributes(message(rs, 1), 1);
    return messages(rs, 2).flatMap((ss) =>
      messages(ss, 2).map((s) => ({
        traceId: hex(s, 1),
        spanId: hex(s, 2),
        name: str(s, 5),
        statusCode: int(message(s, 15), 3),
        attributes: attributes(s, 9),
        resource,
      })),
    );
  });
}

export interface DecodedLog {
  body: AttrValue;
  attributes: Attributes;
  resource: Attributes;
}

export function decodeLogs(body: Buffer): DecodedLog[] {
  return messages(parse(body), 1).flatMap((rl) => {
    const resource = attributes(message(rl, 1), 1);
    return messages(rl, 2).flatMap((sl) =>
      messages(sl, 2).map((l) => ({ body: anyValue(message(l, 5)), attributes: attributes(l, 6), resource })),
    );
  });
}

/** Metric names in an ExportMetricsServiceRequest. */
export function decodeMetricNames(body: Buffer): string[] {
  return messages(parse(body), 1).flatMap((rm) => messages(rm, 2).flatMap((sm) => messages(sm, 2).map((m) => str(m, 1))));
}
