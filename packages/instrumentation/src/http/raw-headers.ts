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

export const rawHeadersGetter: TextMapGetter<string[]> = {
  get: (raw, key) => rawHeader(raw, key),
  keys: (raw) => raw.filter((_, i) => i % 2 === 0).map((k) => k.toLowerCase()),
};
