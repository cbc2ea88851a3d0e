import { DEFAULT_SHUTDOWN_DELAY_MS } from '../config/health-config.js';
import type { BeforeFlush } from '../sdk/shutdown-hooks.js';
import { writeLine } from '../sdk/stderr.js';
import type { HealthSlot } from './global-health.js';

/** The drain before the flush; on SIGTERM only (an interactive Ctrl-C has no load balancer to wait for). */
export function shutdownDelayMs(slot: HealthSlot, signal: NodeJS.Signals): number {
  if (signal !== 'SIGTERM') return 0;
  return slot.config.shutdownDelayMs ?? (slot.monitor.served ? DEFAULT_SHUTDOWN_DELAY_MS : 0);
}

/**
 * Readiness fails the moment a signal arrives; the app keeps serving on its own port for the delay
 * (so load balancers see the failing probe and stop sending), then the flush may start.
 */
export function createDrain(slot: HealthSlot): BeforeFlush {
  let draining: Promise<void> | undefined;
  return (signal) => {
    slot.monitor.beginShutdown('draining');
    if (draining) return draining;
    const delay = shutdownDelayMs(slot, signal);
    if (delay > 0) writeLine(`${signal}: readiness fails from now; the app keeps serving for ${delay} ms, then the flush`);
    draining = new Promise<void>((resolve) => setTimeout(resolve, delay)).then(() => {
      slot.monitor.beginShutdown('stopping');
      slot.endDrain();
    });
    return draining;
  };
}
