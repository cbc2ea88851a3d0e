import type { HealthCheckOptions } from './CheckRunner.js';
import { healthSlot } from './global-health.js';
import type { HealthCheckHandle, HealthDetails } from './HealthMonitor.js';

/**
 * Registers a check that runs in the background every `intervalMs` (first run at once). A check
 * registered again under the same name replaces the earlier one.
 */
export function registerHealthCheck(options: HealthCheckOptions): HealthCheckHandle {
  return healthSlot().monitor.register(options);
}

/** Startup is complete: `/startupz` answers 200, and `/readyz` too unless something else fails it. */
export function markStarted(): void {
  healthSlot().monitor.markStarted();
}

/** What `/healthz` answers, as an object. */
export function healthDetails(): HealthDetails {
  return healthSlot().monitor.details();
}

/**
 * Resolves once the drain after SIGTERM has ended (`SIGHTLINE_SHUTDOWN_DELAY_MS` after the signal;
 * at once for SIGINT). For apps with their own SIGTERM handler, which own their exit:
 * `process.on('SIGTERM', async () => { await drained(); server.close(); })`. Without the preload there
 * is no drain, and it resolves at once.
 */
export function drained(): Promise<void> {
  const slot = healthSlot();
  return slot.drainInstalled ? slot.drained : Promise.resolve();
}
