import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions } from '../src/resolve-options.js';

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
    const o = resolveOptions();
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
