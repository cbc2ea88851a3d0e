import type { TextMapGetter } from '@opentelemetry/api';

/**
 * Reads a header from `req.rawHeaders` (name, value, name, value, ...) without touching the lazy
 * `req.headers` getter, which builds an object of every header on first access.
 */
export function rawHeader(raw: string[], lowerName: string): string | undefined {
  const len = lowerName.length;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === len && name.toLowerCase() === lowerName) return raw[i + 1];
  }
  return undefined;
}

/** Every value of a header in `req.rawHeaders`, in order (a header may be sent more than once). */
export function rawHeaderValues(raw: string[], lowerName: string): string[] {
  const out: string[] = [];
  const len = lowerName.length;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === len && name.toLowerCase() === lowerName) out.push(raw[i + 1]!);
  }
  return out;
}

/** A header value as OpenTelemetry records it: always a string array (`getHeader` may give a number or a list). */
export function headerValues(value: number | string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

export const rawHeadersGetter: TextMapGetter<string[]> = {
  get: (raw, key) => rawHeader(raw, key),
  keys: (raw) => raw.filter((_, i) => i % 2 === 0).map((k) => k.toLowerCase()),
};
