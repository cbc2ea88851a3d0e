import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions } from '../src/resolve-options.js';

/** Runs `fn` with a diag logger that collects warnings (what an app with diagnostics on would see). */
function warningsOf(fn: () => void): string[] {
  const warnings: string[] = [];
  const noop = () => {};
  const logger: DiagLogger = { error: noop, info: noop, debug: noop, verbose: noop, warn: (m: string) => { warnings.push(m); } };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  try {
    fn();
  } finally {
    diag.disable();
  }
  return warnings;
}

describe('resolveOptions', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('defaults: auto export, default redaction, health-check suppression, no sampling', () => {
    const o = resolveOptions();
    expect(o.logExport).toBe('auto');
    expect(o.redaction?.paths).toContain('password');
    expect(o.suppressIgnoredRequests).toBe(true);
    expect(o.sampleRoutes.size).toBe(0);
    expect(o.otlpTransportPatterns).toEqual(['opentelemetry', 'otlp']);
  });

  it('reads the environment lazily; blank is unset; invalid values warn and fall back', () => {
    vi.stubEnv('SIGHTLINE_PINO_EXPORT', 'false');
    vi.stubEnv('SIGHTLINE_PINO_REDACT_KEYS', 'ssn, dob');
    vi.stubEnv('SIGHTLINE_PINO_SUPPRESS_IGNORED', 'maybe');
    vi.stubEnv('SIGHTLINE_PINO_SAMPLE_ROUTES', '/poll=0.1,/bad=2,/x');
    vi.stubEnv('SIGHTLINE_PINO_OTLP_TRANSPORTS', 'My-Shipper');
    let o = resolveOptions({});
    // One warning per bad value, naming the variable, the value and the fallback.
    expect(warningsOf(() => { o = resolveOptions(); }).sort()).toEqual([
      'sightline: SIGHTLINE_PINO_SAMPLE_ROUTES: entry "/bad=2" is not <path>=<ratio 0..1>; skipping it',
      'sightline: SIGHTLINE_PINO_SAMPLE_ROUTES: entry "/x" is not <path>=<ratio 0..1>; skipping it',
      'sightline: SIGHTLINE_PINO_SUPPRESS_IGNORED="maybe": expected one of true/1/yes/on or false/0/no/off; using true',
    ]);
    expect(o.logExport).toBe('never');
    expect(o.redaction?.keys).toEqual(expect.arrayContaining(['ssn', 'dob', 'password']));
    expect(o.suppressIgnoredRequests).toBe(true);
    expect([...o.sampleRoutes]).toEqual([['/poll', 0.1]]);
    expect(o.otlpTransportPatterns).toContain('my-shipper');
    vi.stubEnv('SIGHTLINE_PINO_EXPORT', ' ');
    vi.stubEnv('SIGHTLINE_PINO_REDACT', 'false');
    expect(resolveOptions().logExport).toBe('auto');
    expect(resolveOptions().redaction).toBeUndefined();
  });

  it('options given in code win over the environment', () => {
    vi.stubEnv('SIGHTLINE_PINO_EXPORT', 'never');
    vi.stubEnv('SIGHTLINE_PINO_SAMPLE_ROUTES', '/a=0.5');
    const o = resolveOptions({ logExport: 'always', sampleRoutes: { '/b': 0.25 }, redaction: false });
    expect(o.logExport).toBe('always');
    expect([...o.sampleRoutes]).toEqual([['/b', 0.25]]);
    expect(o.redaction).toBeUndefined();
  });
});
