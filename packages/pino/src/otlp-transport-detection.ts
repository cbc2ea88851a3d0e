import { SHIPS_OTLP } from './pino-symbols.js';

interface TransportTarget {
  target?: unknown;
  targets?: TransportTarget[];
  pipeline?: TransportTarget[];
}

/** True when pino transport options (`{ target }`, `{ targets }`, `{ pipeline }`) name an OTLP shipper. */
export function transportShipsOtlp(options: unknown, patterns: readonly string[]): boolean {
  if (options === null || typeof options !== 'object') return false;
  const t = options as TransportTarget;
  if (typeof t.target === 'string') {
    const target = t.target.toLowerCase();
    if (patterns.some((p) => target.includes(p))) return true;
  }
  return [...(t.targets ?? []), ...(t.pipeline ?? [])].some((inner) => transportShipsOtlp(inner, patterns));
}

/** Marks a destination stream as already shipping to OTLP. */
export function markShipsOtlp(stream: unknown): void {
  if (stream !== null && typeof stream === 'object') (stream as Record<symbol, unknown>)[SHIPS_OTLP] = true;
}

/** True for a marked stream, or a `pino.multistream` containing one. */
export function streamShipsOtlp(stream: unknown): boolean {
  if (stream === null || typeof stream !== 'object') return false;
  const s = stream as { [SHIPS_OTLP]?: unknown; streams?: Array<{ stream?: unknown }> };
  if (s[SHIPS_OTLP] === true) return true;
  return Array.isArray(s.streams) && s.streams.some((entry) => entry !== null && typeof entry === 'object' && streamShipsOtlp(entry.stream));
}
