// opentelemetry/proto/common/v1 and resource/v1 messages. The field choices follow the upstream
// serializer (@opentelemetry/otlp-transformer 0.301) byte for byte, so the wire does not change:
// integers in the int64 range are int_value, other numbers double_value, null and unsupported
// values an empty AnyValue, Uint8Array bytes_value, plain objects kvlist_value.
import type { ProtoWriter } from './ProtoWriter.js';

const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

/** AnyValue body (without its own key and length). */
export function writeAnyValue(w: ProtoWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.byte(0x0a); // 1 string_value
      w.string(value);
      return;
    case 'boolean':
      w.byte(0x10); // 2 bool_value
      w.byte(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
        w.byte(0x18); // 3 int_value
        w.int64(value);
      } else {
        w.byte(0x21); // 4 double_value
        w.double(value);
      }
      return;
    case 'object':
      if (value === null) return;
      if (value instanceof Uint8Array) {
        w.byte(0x3a); // 7 bytes_value
        w.bytes(value);
      } else if (Array.isArray(value)) {
        w.byte(0x2a); // 5 array_value: ArrayValue { repeated AnyValue values = 1 }
        const array = w.begin(1);
        for (const item of value) {
          w.byte(0x0a);
          const v = w.begin(1);
          writeAnyValue(w, item);
          w.end(v);
        }
        w.end(array);
      } else {
        w.byte(0x32); // 6 kvlist_value: KeyValueList { repeated KeyValue values = 1 }
        const list = w.begin(1);
        writeAttributes(w, value as Record<string, unknown>, 0x0a);
        w.end(list);
      }
      return;
    default:
  }
}

/** Repeated KeyValue under the given field key byte. */
export function writeAttributes(w: ProtoWriter, attributes: Record<string, unknown>, key: number): void {
  // Own enumerable keys in insertion order, like the upstream for-in with hasOwnProperty (for-in
  // reads V8's cached key list; Object.keys would copy it into a new array per span).
  for (const name in attributes) {
    if (!Object.hasOwn(attributes, name)) continue;
    w.byte(key);
    const kv = w.begin(1);
    w.byte(0x0a); // 1 key
    w.string(name);
    w.byte(0x12); // 2 value
    const v = w.begin(1);
    writeAnyValue(w, attributes[name]);
    w.end(v);
    w.end(kv);
  }
}

export interface ScopeLike {
  name: string;
  version?: string;
  schemaUrl?: string;
  attributes?: Record<string, unknown>;
  droppedAttributesCount?: number;
}

/** Field 1 of Resource{Spans,Logs,Metrics}: Resource { attributes = 1, dropped_attributes_count = 2 }. */
export function writeResource(w: ProtoWriter, attributes: Record<string, unknown> | undefined): void {
  w.byte(0x0a);
  const r = w.begin(2);
  if (attributes) writeAttributes(w, attributes, 0x0a);
  w.byte(0x10);
  w.byte(0);
  w.end(r);
}

/** Field 1 of Scope{Spans,Logs,Metrics}: InstrumentationScope { name, version, attributes, dropped }. */
export function writeScope(w: ProtoWriter, scope: ScopeLike): void {
  w.byte(0x0a);
  const s = w.begin(1);
  w.byte(0x0a);
  w.string(scope.name);
  if (scope.version) {
    w.byte(0x12);
    w.string(scope.version);
  }
  if (scope.attributes) writeAttributes(w, scope.attributes, 0x1a);
  if (scope.droppedAttributesCount) {
    w.byte(0x20);
    w.uint32(scope.droppedAttributesCount);
  }
  w.end(s);
}

/** Groups records by resource, then scope, both by identity (as the upstream serializer does). */
export function groupByResourceAndScope<R extends { resource: object; instrumentationScope: object }>(records: readonly R[]): Map<R['resource'], Map<R['instrumentationScope'], R[]>> {
  const out = new Map<R['resource'], Map<R['instrumentationScope'], R[]>>();
  for (const record of records) {
    let scopes = out.get(record.resource);
    if (!scopes) {
      scopes = new Map();
      out.set(record.resource, scopes);
    }
    const list = scopes.get(record.instrumentationScope);
    if (list) list.push(record);
    else scopes.set(record.instrumentationScope, [record]);
  }
  return out;
}
