import type { BreakerState } from './breaker-state.js';
import { BreakerTracker, type BreakerTrackerOptions } from './BreakerTracker.js';

type Disposable = { dispose(): void };
type Execute = (fn: (...a: any[]) => unknown, signal?: AbortSignal) => Promise<unknown>;

/** The parts of a cockatiel 4 `CircuitBreakerPolicy` the adapter uses. */
export interface CockatielBreakerLike {
  execute: Execute;
  readonly state: number;
  onStateChange(listener: (state: number) => void): Disposable;
  onBreak(listener: (reason: unknown) => void): Disposable;
}

/** A cockatiel `wrap(...)` result: policies applied outside-in. */
export interface CockatielWrapLike {
  execute: Execute;
  readonly wrapped: readonly unknown[];
}

/** cockatiel's `CircuitState` enum: Closed, Open, HalfOpen, Isolated. */
const STATES: readonly BreakerState[] = ['closed', 'open', 'half_open', 'isolated'];

export function isCockatielBreaker(value: unknown): value is CockatielBreakerLike {
  const b = value as Partial<CockatielBreakerLike> | null;
  return b !== null && typeof b === 'object' && typeof b.execute === 'function'
    && typeof b.onStateChange === 'function' && typeof b.onBreak === 'function' && typeof b.state === 'number';
}

export function findCockatielBreaker(value: unknown): CockatielBreakerLike | undefined {
  if (isCockatielBreaker(value)) return value;
  const wrapped = (value as Partial<CockatielWrapLike> | null)?.wrapped;
  if (!Array.isArray(wrapped)) return undefined;
  for (const inner of wrapped) {
    const found = findCockatielBreaker(inner);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * cockatiel moves Open -> HalfOpen only when the next call arrives. Until then this reports
 * `half_open` once the break duration has passed, because the next call will be let through.
 */
function cockatielState(b: CockatielBreakerLike): BreakerState {
  const state = STATES[b.state] ?? 'closed';
  if (state !== 'open') return state;
  const inner = (b as { innerState?: { openedAt?: unknown; backoff?: { duration?: unknown } } }).innerState;
  const openedAt = inner?.openedAt;
  const duration = inner?.backoff?.duration;
  if (typeof openedAt === 'number' && typeof duration === 'number' && Date.now() - openedAt >= duration) {
    return 'half_open';
  }
  return 'open';
}

/**
 * Instruments a cockatiel breaker in place, or a `wrap(...)` that contains one: then the span
 * covers the whole wrap, and a call that the breaker failed but the wrap resolved (a fallback
 * policy outside the breaker) is reported as `fallback`.
 */
export function instrumentCockatiel(
  policy: CockatielBreakerLike | CockatielWrapLike, options: Omit<BreakerTrackerOptions, 'state'>,
): BreakerTracker {
  const breaker = findCockatielBreaker(policy);
  if (breaker === undefined) throw new TypeError('Sightline: no cockatiel circuit breaker found in the policy');
  const tracker = new BreakerTracker({ ...options, state: () => cockatielState(breaker) });
  breaker.onStateChange((state) => tracker.transition(STATES[state] ?? 'closed'));
  const outer = policy as CockatielWrapLike;
  const outerExecute = outer.execute;
  if ((outer as unknown) !== breaker) {
    const innerExecute = breaker.execute;
    breaker.execute = function sightlineInnerExecute(this: unknown, fn, signal) {
      const call = tracker.currentCall();
      const promise = innerExecute.call(this, fn, signal);
      if (call === undefined) return promise;
      return promise.then(
        (value) => { call.innerFailed = false; return value; },
        (error: unknown) => { call.innerFailed = true; call.innerError = error; throw error; },
      );
    };
  }
  outer.execute = function sightlineExecute(this: unknown, fn, signal) {
    return tracker.invoke(outerExecute, this, [fn, signal]);
  };
  return tracker;
}
