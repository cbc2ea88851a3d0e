import type { BreakerOutcome } from './breaker-state.js';

/** What a failed call's error says about why it failed, read from opossum codes and cockatiel flags. */
export function classifyError(error: unknown): BreakerOutcome {
  if (error === null || typeof error !== 'object') return 'failure';
  const e = error as { code?: unknown; isBrokenCircuitError?: unknown; isTaskCancelledError?: unknown };
  switch (e.code) {
    case 'EOPENBREAKER':
    case 'ESEMLOCKED':
      return 'rejected';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'ESHUTDOWN':
      return 'shutdown';
  }
  if (e.isBrokenCircuitError === true) return 'rejected';
  if (e.isTaskCancelledError === true) return 'timeout';
  return 'failure';
}

/**
 * Per-call record that adapters and home-made breakers fill while a call runs. It lives in the
 * call's OpenTelemetry context, so events the breaker library emits are attributed to the right call.
 */
export class BreakerCall {
  /** Set by a home-made breaker (or an adapter) to force the outcome. */
  outcome: BreakerOutcome | undefined = undefined;
  /** Set when a fallback produced the result; the value is what made the breaker use it. */
  fallbackCause: BreakerOutcome | undefined = undefined;
  /** The last error seen inside the breaker (cockatiel policies wrapped around the breaker). */
  innerError: unknown = undefined;
  innerFailed = false;
  /** What the breaker itself did to the call (rejected it, timed it out), if anything. */
  cause: BreakerOutcome | undefined = undefined;

  constructor(readonly owner: object) {}

  /** Marks the call as answered by a fallback, because of `cause` (an error or an outcome). */
  usedFallback(cause: unknown): void {
    this.fallbackCause = typeof cause === 'string' ? (cause as BreakerOutcome) : classifyError(cause);
  }

  resolveOutcome(succeeded: boolean, error: unknown): BreakerOutcome {
    if (this.outcome !== undefined) return this.outcome;
    if (succeeded) {
      if (this.fallbackCause !== undefined) return 'fallback';
      if (this.innerFailed) {
        this.fallbackCause = classifyError(this.innerError);
        return 'fallback';
      }
      return 'success';
    }
    // A fallback that failed too: report why the breaker needed it.
    return this.fallbackCause ?? this.cause ?? classifyError(error);
  }
}
