import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/config/Problem.js';
import { resolveConfig } from '../../src/config/resolve-config.js';

const health = (env: NodeJS.ProcessEnv) => {
  const c = resolveConfig(env);
  return { health: c.health, problems: c.problems.map(formatProblem) };
};

describe('resolveHealthConfig', () => {
  it('defaults: off, all interfaces, delay decided by whether probes are served, startup on listen', () => {
    expect(health({})).toEqual({
      health: {
        port: undefined, host: undefined, shutdownDelayMs: undefined, criticalBreakers: [], startup: 'listen',
        loopDelayThresholdMs: 1000, loopDelayGraceMs: 10_000,
      },
      problems: [],
    });
  });

  it('reads every variable', () => {
    expect(health({
      SIGHTLINE_HEALTH_PORT: '9000', SIGHTLINE_HEALTH_HOST: '[::1]', SIGHTLINE_SHUTDOWN_DELAY_MS: '0',
      SIGHTLINE_HEALTH_CRITICAL_BREAKERS: 'payments, search api', SIGHTLINE_HEALTH_STARTUP: 'MANUAL',
      SIGHTLINE_HEALTH_LOOP_DELAY_MS: '250', SIGHTLINE_HEALTH_LOOP_GRACE_MS: '0',
    })).toEqual({
      health: {
        port: 9000, host: '::1', shutdownDelayMs: 0, criticalBreakers: ['payments', 'search api'], startup: 'manual',
        loopDelayThresholdMs: 250, loopDelayGraceMs: 0,
      },
      problems: [],
    });
    expect(health({ SIGHTLINE_HEALTH_HOST: 'pod-1.svc.cluster.local' }).health.host).toBe('pod-1.svc.cluster.local');
  });

  it.each([
    [{ SIGHTLINE_HEALTH_PORT: 'nine-thousand' }, 'port', undefined, 'SIGHTLINE_HEALTH_PORT="nine-thousand": expected a port number from 0 to 65535; health endpoints are off'],
    [{ SIGHTLINE_HEALTH_PORT: '70000' }, 'port', undefined, 'SIGHTLINE_HEALTH_PORT="70000": expected a port number from 0 to 65535; health endpoints are off'],
    [{ SIGHTLINE_HEALTH_PORT: '-1' }, 'port', undefined, 'SIGHTLINE_HEALTH_PORT="-1": expected a port number from 0 to 65535; health endpoints are off'],
    [{ SIGHTLINE_HEALTH_HOST: 'not a host!' }, 'host', undefined, 'SIGHTLINE_HEALTH_HOST="not a host!": expected an IP address or a host name; listening on all interfaces'],
    [{ SIGHTLINE_SHUTDOWN_DELAY_MS: 'soon' }, 'shutdownDelayMs', undefined, 'SIGHTLINE_SHUTDOWN_DELAY_MS="soon": expected a number from 0 to 600000; using the default (5000 when probes are served, else 0)'],
    [{ SIGHTLINE_SHUTDOWN_DELAY_MS: '-5' }, 'shutdownDelayMs', undefined, 'SIGHTLINE_SHUTDOWN_DELAY_MS="-5": expected a number from 0 to 600000; using the default (5000 when probes are served, else 0)'],
    [{ SIGHTLINE_HEALTH_CRITICAL_BREAKERS: 'payments,"db";drop' }, 'criticalBreakers', ['payments'], 'SIGHTLINE_HEALTH_CRITICAL_BREAKERS="payments,\\"db\\";drop": invalid breaker name "\\"db\\";drop" (letters, digits, space and _ . : / @ -); ignoring it'],
    [{ SIGHTLINE_HEALTH_STARTUP: 'later' }, 'startup', 'listen', 'SIGHTLINE_HEALTH_STARTUP="later": expected one of listen, manual; using listen'],
    [{ SIGHTLINE_HEALTH_LOOP_DELAY_MS: '0' }, 'loopDelayThresholdMs', 1000, 'SIGHTLINE_HEALTH_LOOP_DELAY_MS="0": expected a number >= 1; using 1000'],
    [{ SIGHTLINE_HEALTH_LOOP_GRACE_MS: 'ten' }, 'loopDelayGraceMs', 10_000, 'SIGHTLINE_HEALTH_LOOP_GRACE_MS="ten": expected a number >= 0; using 10000'],
  ] as const)('%j: one problem naming variable, value and fallback', (env, key, fallback, line) => {
    const { health: h, problems } = health(env);
    expect(h[key]).toEqual(fallback);
    expect(problems).toEqual([line]);
  });
});
