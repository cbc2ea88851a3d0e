// A background job: every RECONCILE_INTERVAL_MS the completed orders are "reconciled" with the
// payment provider. Each run is a trace of its own and feeds the job metrics and alerts (trackJob);
// RECONCILE_FAILURE_RATE makes a share of runs fail.
import { trackJob } from '@sightline/processors';
import { readNumber } from './config.js';
import { log } from './log.js';

export function startReconciliation() {
  let completedSinceLastRun = 0;
  const failureRate = readNumber('RECONCILE_FAILURE_RATE', 0, 1, 0);
  const everyMs = readNumber('RECONCILE_INTERVAL_MS', 10, 86_400_000, 30_000);
  const reconcile = trackJob('orders.reconcile', async () => {
    if (Math.random() < failureRate) throw new Error('ledger and payment provider disagree');
    log.info({ orders: completedSinceLastRun }, 'orders reconciled');
    completedSinceLastRun = 0;
  }, { timeoutMs: 10_000, preventOverlap: true, expectedIntervalMs: everyMs });
  const timer = setInterval(() => void reconcile().catch((err) => log.warn({ err: err.message }, 'reconciliation failed')), everyMs);
  timer.unref();
  return { completed: () => { completedSinceLastRun += 1; }, stop: () => clearInterval(timer) };
}
