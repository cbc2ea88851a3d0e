// Turns what the receiver got into the report's data: traces, the breaker's transitions, business
// KPIs, RED numbers and log lines by request id. The same object is written as JSON and drawn by the
// terminal and HTML reports.
const SPAN_KIND_SERVER = 2;
const STATUS_ERROR = 2;

/** Transitions from `circuit_breaker.state_change` span events, plus the orders service's log lines
 *  for the ones no call caused (opossum's reset timer moves open -> half_open). */
export function breakerTransitions({ spans, logs }) {
  const fromSpans = spans.flatMap((s) => s.events.filter((e) => e.name === 'circuit_breaker.state_change').map((e) => ({
    at: e.timeMs, from: e.attributes['circuit_breaker.from_state'], to: e.attributes['circuit_breaker.to_state'],
    breaker: e.attributes['circuit_breaker.name'], source: 'span event', traceId: s.traceId,
  })));
  const fromLogs = logs.filter((l) => l.attributes.breaker && l.attributes.to).map((l) => ({
    at: l.timeMs, from: l.attributes.from, to: l.attributes.to, breaker: l.attributes.breaker, source: 'log', traceId: l.traceId,
  }));
  const merged = [...fromSpans];
  for (const t of fromLogs) {
    if (!fromSpans.some((s) => s.from === t.from && s.to === t.to && Math.abs(s.at - t.at) < 1000)) merged.push(t);
  }
  return merged.sort((a, b) => a.at - b.at);
}

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Rate, errors and duration of every server route, from the server spans. */
export function redFromSpans(spans, windowMs) {
  const groups = new Map();
  for (const s of spans.filter((x) => x.kind === SPAN_KIND_SERVER)) {
    const key = `${s.service}\u0000${s.name}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(s);
  }
  return [...groups.entries()].map(([key, list]) => {
    const [service, route] = key.split('\u0000');
    const durations = list.map((s) => s.endMs - s.startMs).sort((a, b) => a - b);
    const errors = list.filter((s) => s.status.code === STATUS_ERROR).length;
    return {
      service, route, requests: list.length, ratePerSec: round(list.length / Math.max(windowMs / 1000, 1), 2),
      errors, errorRatio: round(errors / list.length, 3), p50Ms: round(percentile(durations, 50)), p95Ms: round(percentile(durations, 95)),
    };
  }).sort((a, b) => b.requests - a.requests);
}

/** Cumulative counters: the highest value each series reached is its final value. */
function counterTotals(metrics, name, by) {
  const series = new Map();
  for (const m of metrics.filter((x) => x.name === name)) {
    const key = JSON.stringify(m.attributes);
    const prev = series.get(key);
    if (!prev || (m.value ?? 0) > (prev.value ?? 0)) series.set(key, m);
  }
  const totals = {};
  for (const m of series.values()) {
    const k = by ? String(m.attributes[by] ?? 'none') : 'total';
    totals[k] = round((totals[k] ?? 0) + (m.value ?? 0), 2);
  }
  return totals;
}

export function kpisFromMetrics(metrics) {
  const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
  const placed = counterTotals(metrics, 'orders.placed', 'currency');
  const completed = counterTotals(metrics, 'orders.completed', 'currency');
  return {
    source: 'OTLP metrics from the rules in examples/orders/rules.yaml',
    ordersPlaced: sum(placed), ordersCompleted: sum(completed),
    completionRatio: sum(placed) ? round(sum(completed) / sum(placed), 3) : 0,
    revenueByCurrency: counterTotals(metrics, 'orders.revenue', 'currency'),
    paymentsFailedByReason: counterTotals(metrics, 'payments.failed', 'reason'),
    breakerCallsByOutcome: counterTotals(metrics, 'circuit_breaker.calls', 'circuit_breaker.outcome'),
  };
}

function buildTraces(spans) {
  const byTrace = new Map();
  for (const s of spans) {
    if (!byTrace.has(s.traceId)) byTrace.set(s.traceId, []);
    byTrace.get(s.traceId).push(s);
  }
  return [...byTrace.entries()].map(([traceId, list]) => {
    list.sort((a, b) => a.startMs - b.startMs);
    const requestId = list.find((s) => s.attributes['request.id'])?.attributes['request.id'];
    return { traceId, requestId, services: [...new Set(list.map((s) => s.service))], spans: list };
  });
}

/** The order to show: a failed one that reached payments, preferably the one that opened the breaker. */
function pickFailedOrder(traces) {
  const failed = traces.filter((t) => t.services.includes('orders') && t.services.includes('payments')
    && t.spans.some((s) => s.service === 'payments' && s.status.code === STATUS_ERROR)
    && t.spans.some((s) => s.attributes['circuit_breaker.name']));
  const opener = failed.find((t) => t.spans.some((s) => s.events.some((e) => e.name === 'circuit_breaker.state_change'
    && e.attributes['circuit_breaker.to_state'] === 'open')));
  return opener ?? failed[0];
}

export function logsByRequestId(logs) {
  const out = {};
  for (const l of [...logs].sort((a, b) => a.timeMs - b.timeMs)) {
    const id = l.attributes['request.id'];
    if (!id) continue;
    (out[id] ??= []).push({
      time: new Date(l.timeMs).toISOString(), service: l.service, severity: l.severity, message: l.body,
      traceId: l.traceId, spanId: l.spanId, attributes: Object.fromEntries(Object.entries(l.attributes).filter(([k]) => k !== 'request.id')),
    });
  }
  return out;
}

export function buildReportData({ received, mode, startedAt, endedAt, stats, kpis, red, promql }) {
  const traces = buildTraces(received.spans);
  const failed = pickFailedOrder(traces);
  const transitions = breakerTransitions(received);
  const logs = logsByRequestId(received.logs);
  return {
    mode, startedAt: new Date(startedAt).toISOString(), endedAt: new Date(endedAt).toISOString(),
    traffic: stats,
    failedOrder: failed ? { traceId: failed.traceId, requestId: failed.requestId } : null,
    breaker: { name: 'payments', initialState: 'closed', transitions },
    kpis: kpis ?? kpisFromMetrics(received.metrics),
    red: red ?? redFromSpans(received.spans, endedAt - startedAt),
    ...(promql ? { promql } : {}),
    traces,
    logsByRequestId: logs,
    next: [
      { command: 'cd examples/orders && npx sightline check --probe', why: 'what the preload would use in your environment, and whether its endpoints answer' },
      { command: 'cd collector/deploy && docker compose up', why: 'the local stack (collector, Tempo, Loki, Prometheus, Alertmanager, Grafana): collector/README.md, "Local stack walkthrough"' },
      ...(mode === 'full' ? [] : [{ command: './run demo --full', why: 'this demo through the Sightline collector and a local Prometheus (needs Go)' }]),
    ],
  };
}
