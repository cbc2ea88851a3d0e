import { BreakerTracker, type BreakerTrackerOptions } from './BreakerTracker.js';

/**
 * Instrumentation for a home-made circuit breaker:
 *
 * ```ts
 * const tracker = trackBreaker({ name: 'db', state: () => myBreaker.state }); // 'closed' | 'open' | 'half_open'
 * // in the breaker's call method:
 * return tracker.run(async (call) => {
 *   if (isOpen) { call.outcome = 'rejected'; throw new Error('open'); }
 *   return fn();
 * });
 * // wherever the breaker changes state:
 * tracker.transition('open');
 * ```
 */
export function trackBreaker(options: BreakerTrackerOptions): BreakerTracker {
  return new BreakerTracker(options);
}
