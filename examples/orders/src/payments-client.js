// Charges an order at the payments service through an opossum circuit breaker. The fallback turns
// every failure (an error answer, a timeout, the open breaker) into `{ charged: false, reason }`, so
// callers get a decision instead of an exception.
import CircuitBreaker from 'opossum';
import { instrumentBreaker } from '@sightline/processors';
import { log } from './log.js';

function reasonOf(err) {
  if (err?.code === 'EOPENBREAKER') return 'breaker_open';
  if (err?.code === 'ETIMEDOUT') return 'timeout';
  return 'provider_error';
}

export function createPaymentsClient({ paymentsUrl, paymentsTimeoutMs, breakerResetMs, breakerVolume }) {
  async function charge(order) {
    const res = await fetch(`${paymentsUrl}/charge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: order.id, amount: order.amount, currency: order.currency, card: order.card }),
    });
    if (!res.ok) throw new Error(`payments answered ${res.status}: ${(await res.json().catch(() => ({}))).error ?? 'no reason given'}`);
    return { charged: true };
  }

  const breaker = new CircuitBreaker(charge, {
    name: 'payments',
    timeout: paymentsTimeoutMs,
    resetTimeout: breakerResetMs,
    errorThresholdPercentage: 50,
    volumeThreshold: breakerVolume,
  });
  breaker.fallback((order, err) => ({ charged: false, reason: reasonOf(err), error: err?.message }));
  instrumentBreaker(breaker, { name: 'payments' });

  // Logged so the timer-driven open -> half_open step shows up next to the span events of the others.
  let state = 'closed';
  const moved = (to) => () => {
    log.warn({ breaker: 'payments', from: state, to }, `breaker payments: ${state} -> ${to}`);
    state = to;
  };
  breaker.on('open', moved('open'));
  breaker.on('halfOpen', moved('half_open'));
  breaker.on('close', moved('closed'));

  return {
    /** Resolves with `{ charged: true }` or `{ charged: false, reason, error }`; never rejects. */
    charge: (order) => breaker.fire(order),
  };
}
