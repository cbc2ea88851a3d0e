import type { Problem } from './Problem.js';
import { redactEnvValue } from './redact.js';

/**
 * Typed readers over an environment object. Blank means unset; an invalid value records one
 * problem (variable, redacted value, fallback) and returns the fallback.
 */
export class EnvReader {
  readonly problems: Problem[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  string(name: string): string | undefined {
    const v = this.env[name];
    if (v === undefined) return undefined;
    const t = v.trim();
    return t === '' ? undefined : t;
  }

  has(name: string): boolean {
    return this.string(name) !== undefined;
  }

  number(name: string, fallback: number, opts: { min?: number; max?: number } = {}): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    const min = opts.min ?? -Infinity;
    const max = opts.max ?? Infinity;
    if (!Number.isFinite(n) || n < min || n > max) {
      const range = opts.max === undefined ? `a number >= ${min}` : `a number from ${min} to ${max}`;
      this.problem(name, raw, `expected ${range}`, `using ${fallback}`);
      return fallback;
    }
    return n;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const v = raw.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    this.problem(name, raw, 'expected true or false', `using ${fallback}`);
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
    if (this.problems.some((p) => p.variable === variable && p.message === message)) return;
    this.problems.push({ variable, value: value === undefined ? undefined : redactEnvValue(variable, value), message, fallback });
  }
}
