import { DEFAULT_SHUTDOWN_DELAY_MS } from '../config/health-config.js';
import type { ShutdownStep } from '../sdk/ShutdownSequence.js';
import { writeLine } from '../sdk/stderr.js';
import type { HealthSlot } from './global-health.js';

/** The drain before the flush; on SIGTERM only (an interactive Ctrl-C has no load balancer to wait for). */
export function shutdownDelayMs(slot: HealthSlot, signal: NodeJS.Signals | undefined): number {
  if (signal !== 'SIGTERM') return 0;
  return slot.config.shutdownDelayMs ?? (slot.monitor.served ? DEFAULT_SHUTDOWN_DELAY_MS : 0);
}

/**
 * The shutdown sequence's first step: readiness fails the moment it starts; the app keeps serving on
 * its own port for the delay (so load balancers see the failing probe and stop sending), then the
 * flush may start. Its budget is the delay itself, so a shutdown without a drain is not made longer.
 */
export function drainStep(slot: HealthSlot): ShutdownStep {
  slot.drainInstalled = true;
  return {
    name: 'drain',
    timeoutMs: slot.config.shutdownDelayMs ?? DEFAULT_SHUTDOWN_DELAY_MS,
    budget: (signal) => shutdownDelayMs(slot, signal),
    run: async (delay, signal) => {
      slot.monitor.beginShutdown('draining');
      if (delay > 0) {
        writeLine(`${signal}: readiness fails from now; the app keeps serving for ${delay} ms, then the flush`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
      slot.monitor.beginShutdown('stopping');
      slot.endDrain();
    },
  };
}
