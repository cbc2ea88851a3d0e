import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM without types
import { breakerTransitions, kpisFromMetrics, redFromSpans } from '../../scripts/demo/report-data.mjs';
// @ts-expect-error plain ESM without types
import { stateSegments, waterfallRows } from '../../scripts/demo/waterfall.mjs';

const span = (o: Record<string, unknown>) => ({ traceId: 't1', spanId: 's', parentSpanId: '', name: 'x', kind: 1, service: 'orders', startMs: 0, endMs: 1, attributes: {}, status: {}, events: [], ...o });
const change = (timeMs: number, from: string, to: string) => ({
  name: 'circuit_breaker.state_change', timeMs,
  attributes: { 'circuit_breaker.name': 'payments', 'circuit_breaker.from_state': from, 'circuit_breaker.to_state': to },
});
const logLine = (timeMs: number, from: string, to: string) => ({ service: 'orders', timeMs, traceId: 't9', attributes: { breaker: 'payments', from, to } });

describe('breakerTransitions', () => {
  it('takes span events, adds the log lines no span event covers, in time order', () => {
    const spans = [span({ spanId: 'a', events: [change(1000, 'closed', 'open')] }), span({ spanId: 'b', traceId: 't2', events: [change(5000, 'half_open', 'closed')] })];
    const logs = [logLine(1001, 'closed', 'open'), logLine(4000, 'open', 'half_open'), logLine(5002, 'half_open', 'closed'), { service: 'orders', timeMs: 1, attributes: {} }];
    expect(breakerTransitions({ spans, logs })).toEqual([
      { at: 1000, from: 'closed', to: 'open', breaker: 'payments', source: 'span event', traceId: 't1' },
      { at: 4000, from: 'open', to: 'half_open', breaker: 'payments', source: 'log', traceId: 't9' },
      { at: 5000, from: 'half_open', to: 'closed', breaker: 'payments', source: 'span event', traceId: 't2' },
    ]);
  });
});

describe('stateSegments', () => {
  it('splits the window at each transition, starting from the initial state', () => {
    const segments = stateSegments([{ at: 10, to: 'open' }, { at: 30, to: 'half_open' }, { at: 31, to: 'closed' }], 'closed', 0, 50);
    expect(segments).toEqual([
      { state: 'closed', fromMs: 0, toMs: 10 }, { state: 'open', fromMs: 10, toMs: 30 },
      { state: 'half_open', fromMs: 30, toMs: 31 }, { state: 'closed', fromMs: 31, toMs: 50 },
    ]);
  });
});

describe('waterfallRows', () => {
  it('orders spans as a tree with depth and offsets from the trace start', () => {
    const trace = { spans: [
      span({ spanId: 'c', parentSpanId: 'b', startMs: 104, endMs: 106, service: 'payments' }),
      span({ spanId: 'a', startMs: 100, endMs: 110 }),
      span({ spanId: 'b', parentSpanId: 'a', startMs: 102, endMs: 108 }),
    ] };
    const { rows, totalMs } = waterfallRows(trace);
    expect(totalMs).toBe(10);
    expect(rows.map((r: { span: { spanId: string }; depth: number; offsetMs: number; durationMs: number }) => [r.span.spanId, r.depth, r.offsetMs, r.durationMs]))
      .toEqual([['a', 0, 0, 10], ['b', 1, 2, 6], ['c', 2, 4, 2]]);
  });
});

describe('redFromSpans', () => {
  it('counts server spans by service and name, with errors and percentiles', () => {
    const spans = [
      ...Array.from({ length: 20 }, (_, i) => span({ kind: 2, name: 'POST /orders', startMs: 0, endMs: i + 1, status: i < 5 ? { code: 2 } : {} })),
      span({ kind: 3, name: 'POST' }),
    ];
    expect(redFromSpans(spans, 10_000)).toEqual([
      { service: 'orders', route: 'POST /orders', requests: 20, ratePerSec: 2, errors: 5, errorRatio: 0.25, p50Ms: 10, p95Ms: 19 },
    ]);
  });
});

describe('kpisFromMetrics', () => {
  it('reads cumulative counters as their highest value per series, summed by currency and reason', () => {
    const m = (name: string, value: number, attributes: Record<string, unknown>) => ({ name, value, attributes });
    const kpis = kpisFromMetrics([
      m('orders.placed', 3, { currency: 'EUR' }), m('orders.placed', 7, { currency: 'EUR' }), m('orders.placed', 2, { currency: 'USD' }),
      m('orders.completed', 4, { currency: 'EUR' }), m('orders.revenue', 80.5, { currency: 'EUR' }),
      m('payments.failed', 5, { reason: 'breaker_open' }), m('payments.failed', 3, { reason: 'provider_error' }),
    ]);
    expect(kpis).toMatchObject({
      ordersPlaced: 9, ordersCompleted: 4, completionRatio: 0.444, revenueByCurrency: { EUR: 80.5 },
      paymentsFailedByReason: { breaker_open: 5, provider_error: 3 },
    });
  });
});
