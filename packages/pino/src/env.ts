import { diag } from '@opentelemetry/api';
import { getStringFromEnv, getStringListFromEnv } from '@opentelemetry/core';

/**
 * Typed readers for this package's environment variables when it runs without the preload (under
 * the preload, @sightline/instrumentation reads them with every other variable and passes the
 * settings in). Blank means unset; an invalid value warns and falls back. Called lazily.
 * The true/false words are Sightline's one grammar; a test holds them equal to the preload's.
 */
export const TRUE_WORDS: readonly string[] = ['true', '1', 'yes', 'on'];
export const FALSE_WORDS: readonly string[] = ['false', '0', 'no', 'off'];

function warn(message: string): void {
  diag.warn(`sightline: ${message}`);
}

export function readBooleanEnv(key: string, fallback: boolean): boolean {
  const raw = getStringFromEnv(key)?.trim().toLowerCase();
  if (raw === undefined) return fallback;
  if (TRUE_WORDS.includes(raw)) return true;
  if (FALSE_WORDS.includes(raw)) return false;
  warn(`${key}=${JSON.stringify(raw)}: expected one of ${TRUE_WORDS.join('/')} or ${FALSE_WORDS.join('/')}; using ${fallback}`);
  return fallback;
}

export function readEnumEnv<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const raw = getStringFromEnv(key)?.trim().toLowerCase();
  if (raw === undefined) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  warn(`${key}=${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}; using ${fallback}`);
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
      warn(`${key}: entry ${JSON.stringify(entry)} is not <path>=<ratio 0..1>; skipping it`);
      continue;
    }
    result.set(name, ratio);
  }
  return result;
}
