import type { Warn } from './warn-once.js';

/** Typed readers for this package's environment variables: blank means unset; invalid warns and falls back. */

export function readString(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

export function readPositiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, warn: Warn): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (Number.isSafeInteger(n) && n > 0) return n;
  warn(`${name}=${JSON.stringify(raw)}: expected a positive integer; using ${fallback}`);
  return fallback;
}

/** A comma-separated list, lower-cased, empty items dropped; undefined when unset. */
export function readList(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  return raw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
}
