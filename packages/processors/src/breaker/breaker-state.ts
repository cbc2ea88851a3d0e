/** States Sightline reports for a breaker; library-specific names are mapped onto these. */
export type BreakerState = 'closed' | 'open' | 'half_open' | 'isolated' | 'shutdown';

/** How a call through a breaker ended. */
export type BreakerOutcome = 'success' | 'failure' | 'timeout' | 'rejected' | 'fallback' | 'shutdown';

/**
 * Values of the `circuit_breaker.state` gauge. Map them to names in a Grafana state timeline.
 * `-1` stands for a state string this package does not know (home-made breakers).
 */
export const BREAKER_STATE_VALUES: Readonly<Record<BreakerState, number>> = Object.freeze({
  closed: 0,
  half_open: 1,
  open: 2,
  isolated: 3,
  shutdown: 4,
});

const OUTCOMES: ReadonlySet<string> = new Set<BreakerOutcome>([
  'success', 'failure', 'timeout', 'rejected', 'fallback', 'shutdown',
]);

/** Known state strings pass through; anything else becomes `other`, which keeps metric cardinality bounded. */
export function normalizeState(value: unknown): string {
  return typeof value === 'string' && Object.hasOwn(BREAKER_STATE_VALUES, value) ? value : 'other';
}

/** Known outcome strings pass through; anything else becomes `other`. */
export function normalizeOutcome(value: unknown): string {
  return typeof value === 'string' && OUTCOMES.has(value) ? value : 'other';
}

export function stateValue(state: string): number {
  return Object.hasOwn(BREAKER_STATE_VALUES, state) ? BREAKER_STATE_VALUES[state as BreakerState] : -1;
}
