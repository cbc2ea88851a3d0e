import type { BreakerState } from './breaker-state.js';

/** A breaker whose current state can be read at any time (used by the state gauge). */
export interface LiveBreaker {
  readonly name: string;
  currentState(): BreakerState;
  /** When the breaker entered its current state (ms since the epoch), if known. */
  readonly stateSince?: number;
}

/** Called for transitions that happened while no recording span was active (timers, shutdown). */
export type DetachedTransitionListener = (name: string, from: BreakerState, to: BreakerState) => void;

const GLOBAL_KEY = Symbol.for('sightline.processors.breaker-registry');

/**
 * Connects breaker adapters to circuit-breaker span processors. One instance per process is kept on
 * `globalThis`, so two copies of this package (the preload's and the app's) still meet.
 */
export class BreakerRegistry {
  private readonly _breakers = new Map<string, LiveBreaker>();
  private readonly _listeners = new Set<DetachedTransitionListener>();

  static global(): BreakerRegistry {
    const holder = globalThis as { [GLOBAL_KEY]?: BreakerRegistry };
    return (holder[GLOBAL_KEY] ??= new BreakerRegistry());
  }

  register(breaker: LiveBreaker): void {
    this._breakers.set(breaker.name, breaker);
  }

  unregister(breaker: LiveBreaker): void {
    if (this._breakers.get(breaker.name) === breaker) this._breakers.delete(breaker.name);
  }

  breakers(): IterableIterator<LiveBreaker> {
    return this._breakers.values();
  }

  onDetachedTransition(listener: DetachedTransitionListener): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  emitDetachedTransition(name: string, from: BreakerState, to: BreakerState): void {
    for (const listener of this._listeners) {
      try {
        listener(name, from, to);
      } catch {
        // A listener belongs to a processor, which handles its own errors; never break the breaker.
      }
    }
  }

  /** Forget every breaker and listener (tests). */
  clear(): void {
    this._breakers.clear();
    this._listeners.clear();
  }
}
