// The traffic: healthy orders, then a payments outage (the breaker opens, half-opens, fails its trial
// and opens again), then recovery (the next trial succeeds and the breaker closes). Phases end on what
// the telemetry shows, with time limits, so a slow machine gets a longer demo rather than a wrong one.
const AMOUNTS = [19.9, 42.5, 7.25, 120, 64.3, 15, 89.99, 33.1];

export async function runScenario({ ordersUrl, paymentsUrl, resetMs, pauseMs, transitions, progress }) {
  const stats = { sent: 0, completed: 0, failed: 0, byReason: {} };
  let n = 0;
  async function order() {
    n += 1;
    const requestId = `demo-order-${String(n).padStart(3, '0')}`;
    const body = { amount: AMOUNTS[n % AMOUNTS.length], currency: n % 5 === 0 ? 'USD' : 'EUR' };
    try {
      const res = await fetch(`${ordersUrl}/orders`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: JSON.stringify(body),
      });
      const answer = await res.json();
      stats.sent += 1;
      if (res.status === 201) stats.completed += 1;
      else { stats.failed += 1; stats.byReason[answer.reason] = (stats.byReason[answer.reason] ?? 0) + 1; }
    } catch (err) {
      stats.sent += 1; stats.failed += 1;
      stats.byReason.unreachable = (stats.byReason.unreachable ?? 0) + 1;
      progress.note(`order ${requestId}: ${err.message}`);
    }
    progress.update(stats);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  const setPayments = async (mode) => {
    const res = await fetch(`${paymentsUrl}/admin/mode`, { method: 'POST', body: JSON.stringify(mode) });
    if (!res.ok) throw new Error(`payments /admin/mode answered ${res.status}`);
  };
  const seen = (from, to, since) => transitions().some((t) => t.from === from && t.to === to && t.at >= since);
  async function until(what, done, limitMs) {
    const deadline = Date.now() + limitMs;
    while (!done()) {
      if (Date.now() > deadline) { progress.note(`gave up waiting for ${what} after ${limitMs / 1000} s`); return; }
      await order();
    }
  }

  progress.phase('healthy traffic: payments answers every charge');
  for (let i = 0; i < 8; i++) await order();

  progress.phase('payments outage: POST /admin/mode {"failureRate":1}');
  const outage = Date.now();
  await setPayments({ failureRate: 1 });
  await until('the breaker to open', () => seen('closed', 'open', outage), 20_000);
  await until('a failed half-open trial', () => seen('half_open', 'open', outage), resetMs + 20_000);

  progress.phase('payments recovers: POST /admin/mode {"failureRate":0}');
  const recovery = Date.now();
  await setPayments({ failureRate: 0 });
  await until('the breaker to close', () => seen('half_open', 'closed', recovery), resetMs + 20_000);
  for (let i = 0; i < 6; i++) await order();
  return stats;
}
