import type { Problem } from './Problem.js';
import { redactEnvValue } from './redact.js';
import { VARIABLES } from './variables.js';

/** The one true/false grammar for every Sightline variable (case-insensitive). */
export const TRUE_WORDS: readonly string[] = ['true', '1', 'yes', 'on'];
export const FALSE_WORDS: readonly string[] = ['false', '0', 'no', 'off'];

/** True, false, or undefined when `raw` is not a boolean word. */
export function parseBoolean(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  return undefined;
}

const MAX_PROBLEMS_PER_VARIABLE = 5;

/**
 * Typed readers over an environment object. Blank means unset; an invalid value records one
 * problem (variable, redacted value, fallback) and returns the fallback.
 */
export class EnvReader {
  readonly problems: Problem[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The trimmed value; an old name the registry maps to `name` is read too, with a deprecation problem. */
  string(name: string): string | undefined {
    const value = this.raw(name);
    if (value !== undefined) return value;
    for (const old of VARIABLES) {
      if (old.replacedBy !== name) continue;
      const legacy = this.raw(old.name);
      if (legacy === undefined) continue;
      this.problem(old.name, legacy, `deprecated name; use ${name}`, `using it as ${name}`);
      return legacy;
    }
    return undefined;
  }

  private raw(name: string): string | undefined {
    const v = this.env[name];
    if (v === undefined) return undefined;
    const t = v.trim();
    return t === '' ? undefined : t;
  }

  /** Names present in the environment (for the unknown-name check). */
  names(): string[] {
    return Object.keys(this.env);
  }

  has(name: string): boolean {
    return this.string(name) !== undefined;
  }

  number(name: string, fallback: number, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    const min = opts.min ?? -Infinity;
    const max = opts.max ?? Infinity;
    if (!Number.isFinite(n) || n < min || n > max || (opts.integer === true && !Number.isSafeInteger(n))) {
      const kind = opts.integer === true ? 'an integer' : 'a number';
      const range = opts.max === undefined ? `${kind} >= ${min}` : `${kind} from ${min} to ${max}`;
      this.problem(name, raw, `expected ${range}`, `using ${fallback}`);
      return fallback;
    }
    return n;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const parsed = parseBoolean(raw);
    if (parsed !== undefined) return parsed;
    this.problem(name, raw, `expected one of ${TRUE_WORDS.join('/')} or ${FALSE_WORDS.join('/')}`, `using ${fallback}`);
    return fallback;
  }

  /** Comma-separated list, trimmed, blanks dropped; undefined when unset. */
  list(name: string): string[] | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const v = raw.toLowerCase() as T;
    if (allowed.includes(v)) return v;
    this.problem(name, raw, `expected one of ${allowed.join(', ')}`, `using ${fallback}`);
    return fallback;
  }

  problem(variable: string, value: string | undefined, message: string, fallback: string): void {
    const same = this.problems.filter((p) => p.variable === variable);
    if (same.some((p) => p.message === message)) return;
    // A list with thousands of bad entries would otherwise repeat its whole value thousands of times.
    if (same.length > MAX_PROBLEMS_PER_VARIABLE) return;
    if (same.length === MAX_PROBLEMS_PER_VARIABLE) {
      this.problems.push({ variable, message: `more problems than the ${MAX_PROBLEMS_PER_VARIABLE} above`, fallback: 'each handled the same way' });
      return;
    }
    this.problems.push({ variable, value: value === undefined ? undefined : redactEnvValue(variable, value), message, fallback });
  }
}
