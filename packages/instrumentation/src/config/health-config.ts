import { isIP } from 'node:net';
import type { EnvReader } from './EnvReader.js';

export interface HealthConfig {
  /** Port of the probe server; undefined leaves it off. */
  port: number | undefined;
  /** Interface of the probe server; undefined means all interfaces (what a container needs). */
  host: string | undefined;
  /** Drain time on SIGTERM; undefined means 5000 ms when probes are served, else 0. */
  shutdownDelayMs: number | undefined;
  /** Breakers whose open state makes the process unready. */
  criticalBreakers: string[];
  /** `listen`: started when the app's first server listens; `manual`: when the app calls `markStarted()`. */
  startup: 'listen' | 'manual';
  loopDelayThresholdMs: number;
  loopDelayGraceMs: number;
}

export const DEFAULT_SHUTDOWN_DELAY_MS = 5000;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const BREAKER_NAME = /^[\w .:/@-]+$/;

function port(env: EnvReader): number | undefined {
  const raw = env.string('SIGHTLINE_HEALTH_PORT');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) {
    env.problem('SIGHTLINE_HEALTH_PORT', raw, 'expected a port number from 0 to 65535', 'health endpoints are off');
    return undefined;
  }
  return n;
}

function host(env: EnvReader): string | undefined {
  const raw = env.string('SIGHTLINE_HEALTH_HOST');
  if (raw === undefined) return undefined;
  const bare = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  if (isIP(bare) !== 0 || HOST_NAME.test(bare)) return bare;
  env.problem('SIGHTLINE_HEALTH_HOST', raw, 'expected an IP address or a host name', 'listening on all interfaces');
  return undefined;
}

function criticalBreakers(env: EnvReader): string[] {
  const list = env.list('SIGHTLINE_HEALTH_CRITICAL_BREAKERS') ?? [];
  const bad = list.filter((n) => !BREAKER_NAME.test(n));
  if (bad.length > 0) {
    env.problem('SIGHTLINE_HEALTH_CRITICAL_BREAKERS', list.join(','), `invalid breaker name ${bad.map((b) => JSON.stringify(b)).join(', ')} (letters, digits, space and _ . : / @ -)`, 'ignoring it');
  }
  return list.filter((n) => BREAKER_NAME.test(n));
}

function shutdownDelay(env: EnvReader): number | undefined {
  const raw = env.string('SIGHTLINE_SHUTDOWN_DELAY_MS');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (Number.isFinite(n) && n >= 0 && n <= 600_000) return n;
  env.problem('SIGHTLINE_SHUTDOWN_DELAY_MS', raw, 'expected a number from 0 to 600000', `using the default (${DEFAULT_SHUTDOWN_DELAY_MS} when probes are served, else 0)`);
  return undefined;
}

/** The health-probe variables; see the README's table. */
export function resolveHealthConfig(env: EnvReader): HealthConfig {
  const threshold = env.number('SIGHTLINE_HEALTH_LOOP_DELAY_MS', 1000, { min: 1 });
  return {
    port: port(env),
    host: host(env),
    shutdownDelayMs: shutdownDelay(env),
    criticalBreakers: criticalBreakers(env),
    startup: env.oneOf('SIGHTLINE_HEALTH_STARTUP', ['listen', 'manual'] as const, 'listen'),
    loopDelayThresholdMs: threshold,
    loopDelayGraceMs: env.number('SIGHTLINE_HEALTH_LOOP_GRACE_MS', 10_000, { min: 0 }),
  };
}
