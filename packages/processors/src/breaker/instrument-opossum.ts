import type { BreakerState } from './breaker-state.js';
import { BreakerTracker, type BreakerTrackerOptions } from './BreakerTracker.js';

/** The parts of an opossum 10 `CircuitBreaker` the adapter uses. */
export interface OpossumLike {
  call(context: unknown, ...args: unknown[]): Promise<unknown>;
  fire(...args: unknown[]): Promise<unknown>;
  on(event: string, listener: (...args: any[]) => void): unknown;
  readonly opened: boolean;
  readonly halfOpen: boolean;
  readonly isShutdown: boolean;
  readonly name?: string;
}

export function isOpossum(value: unknown): value is OpossumLike {
  const b = value as Partial<OpossumLike> | null;
  return b !== null && typeof b === 'object' && typeof b.fire === 'function' && typeof b.call === 'function'
    && typeof b.on === 'function' && 'opened' in b && 'halfOpen' in b && 'isShutdown' in b;
}

function opossumState(b: OpossumLike): BreakerState {
  if (b.isShutdown) return 'shutdown';
  if (b.opened) return 'open';
  if (b.halfOpen) return 'half_open';
  return 'closed';
}

/**
 * Instruments an opossum breaker in place. `call` (and so `fire`) runs each call in a span; one
 * outcome is decided per call when its promise settles, so opossum's `timeout` + `failure` pair,
 * its `fire` before the open check, and its fallback after `reject` count once.
 */
export function instrumentOpossum(
  breaker: OpossumLike, options: Omit<BreakerTrackerOptions, 'state'>,
): BreakerTracker {
  const tracker = new BreakerTracker({ ...options, state: () => opossumState(breaker) });
  const originalCall = breaker.call;
  breaker.call = function sightlineCall(this: OpossumLike, ...args: unknown[]) {
    return tracker.invoke(originalCall, this, args);
  };
  const markCause = (cause: 'rejected' | 'timeout') => () => {
    const call = tracker.currentCall();
    if (call !== undefined) call.cause = cause;
  };
  breaker.on('reject', markCause('rejected'));
  breaker.on('semaphoreLocked', markCause('rejected'));
  breaker.on('timeout', markCause('timeout'));
  breaker.on('fallback', (_result: unknown, error: unknown) => tracker.currentCall()?.usedFallback(error));
  breaker.on('open', () => tracker.transition('open'));
  breaker.on('halfOpen', () => tracker.transition('half_open'));
  breaker.on('close', () => tracker.transition('closed'));
  breaker.on('shutdown', () => {
    tracker.transition('shutdown');
    tracker.dispose();
  });
  return tracker;
}
