import { diag } from '@opentelemetry/api';
import { getStringFromEnv, getStringListFromEnv } from '@opentelemetry/core';

/**
 * Typed readers for this package's environment variables. Blank means unset; an invalid value
 * warns and falls back to the default. Always called lazily (never at import time).
 */
export function readBooleanEnv(key: string, fallback: boolean): boolean {
  const raw = getStringFromEnv(key)?.trim().toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1' || raw === 'on') return true;
  if (raw === 'false' || raw === '0' || raw === 'off') return false;
  diag.warn(`@sightline/pino: ${key}=${JSON.stringify(raw)} is not a boolean, using ${fallback}`);
  return fallback;
}

export function readEnumEnv<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const raw = getStringFromEnv(key)?.trim().toLowerCase();
  if (raw === undefined) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  diag.warn(`@sightline/pino: ${key}=${JSON.stringify(raw)} is not one of ${allowed.join('|')}, using ${fallback}`);
  return fallback;
}

export function readListEnv(key: string): string[] {
  return getStringListFromEnv(key) ?? [];
}

/** Reads `a=0.1,b=0.5` into a map of ratios in [0, 1]; invalid entries warn and are skipped. */
export function readRatioMapEnv(key: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const entry of readListEnv(key)) {
    const eq = entry.lastIndexOf('=');
    const name = eq > 0 ? entry.slice(0, eq).trim() : '';
    const ratio = eq > 0 ? Number(entry.slice(eq + 1)) : NaN;
    if (name === '' || !(ratio >= 0 && ratio <= 1)) {
      diag.warn(`@sightline/pino: ignoring ${key} entry ${JSON.stringify(entry)}, expected <path>=<ratio 0..1>`);
      continue;
    }
    result.set(name, ratio);
  }
  return result;
}
