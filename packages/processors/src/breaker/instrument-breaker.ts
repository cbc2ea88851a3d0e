import type { BreakerTracker } from './BreakerTracker.js';
import { findCockatielBreaker, instrumentCockatiel, type CockatielBreakerLike } from './instrument-cockatiel.js';
import { instrumentOpossum, isOpossum } from './instrument-opossum.js';
import type { TracerProvider } from '@opentelemetry/api';

export interface InstrumentBreakerOptions {
  /** Breaker name, reported as `circuit_breaker.name`; opossum's own `name` by default. */
  name?: string;
  /** Where call spans go; the global tracer provider by default. */
  tracerProvider?: TracerProvider;
  /** Span name of each call; `circuit_breaker <name>` by default. */
  spanName?: string;
}

const INSTRUMENTED = Symbol.for('sightline.processors.instrumented-breaker');

/**
 * Instruments an opossum 10 `CircuitBreaker`, a cockatiel 4 circuit breaker policy, or a cockatiel
 * `wrap(...)` containing one (detected by shape, neither library is imported). Patches the instance
 * in place and returns it; instrumenting the same instance again is a no-op.
 */
export function instrumentBreaker<B extends object>(breaker: B, options: InstrumentBreakerOptions = {}): B {
  const marked = breaker as B & { [INSTRUMENTED]?: BreakerTracker };
  if (marked[INSTRUMENTED] !== undefined) return breaker;
  let tracker: BreakerTracker;
  if (isOpossum(breaker)) {
    const name = options.name ?? breaker.name;
    if (name === undefined) throw new TypeError('Sightline: instrumentBreaker needs a `name` option');
    tracker = instrumentOpossum(breaker, { ...options, name });
  } else if (findCockatielBreaker(breaker) !== undefined) {
    if (options.name === undefined) throw new TypeError('Sightline: instrumentBreaker needs a `name` option');
    tracker = instrumentCockatiel(breaker as unknown as CockatielBreakerLike, { ...options, name: options.name });
  } else {
    throw new TypeError(
      'Sightline: instrumentBreaker supports opossum 10 CircuitBreaker and cockatiel 4 circuit breaker ' +
      'policies; for other breakers use trackBreaker()',
    );
  }
  Object.defineProperty(breaker, INSTRUMENTED, { value: tracker, enumerable: false });
  return breaker;
}
