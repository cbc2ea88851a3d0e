import { DEFAULT_SHUTDOWN_DELAY_MS, type HealthConfig } from '../config/health-config.js';

/** One line for `sightline check`: where the probes listen and the rules that decide them. */
export function describeHealth(h: HealthConfig): string {
  if (h.port === undefined) return 'off (SIGHTLINE_HEALTH_PORT unset; mountHealth() can still serve them on the app port)';
  const where = `${h.host === undefined ? 'all interfaces' : h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}`;
  const breakers = h.criticalBreakers.length ? h.criticalBreakers.join(', ') : 'none';
  return `${where} | drain ${h.shutdownDelayMs ?? DEFAULT_SHUTDOWN_DELAY_MS} ms on SIGTERM | startup on ${h.startup} | critical breakers: ${breakers} | unlive after loop delay > ${h.loopDelayThresholdMs} ms for ${h.loopDelayGraceMs} ms`;
}
