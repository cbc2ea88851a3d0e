import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectorProcess } from './helpers/CollectorProcess.ts';
import { Gateway, startAgent } from './helpers/GatewayTier.ts';
import { newSpanId, newTraceId, postOtlp, tracesRequest, type SpanSpec } from './helpers/otlp-send.ts';
import { waitFor } from './helpers/wait-for.ts';

// One agent, two gateways (real binaries). Each trace crosses three services whose spans reach the
// agent in separate requests, interleaved with other traces', as they would from three processes.
const SERVICES = ['orders', 'payments', 'inventory'] as const;
type Trace = { id: string; spans: Map<(typeof SERVICES)[number], SpanSpec> };

function makeTrace(kind: 'ordinary' | 'error' | 'rejected'): Trace {
  const id = newTraceId();
  const root = newSpanId();
  const pay = newSpanId();
  const spans = new Map<(typeof SERVICES)[number], SpanSpec>([
    ['orders', { name: 'POST /orders', traceId: id, spanId: root, attributes: { 'http.route': '/orders' } }],
    ['payments', {
      name: 'POST /charge', traceId: id, spanId: pay, parentSpanId: root, error: kind === 'error',
      attributes: kind === 'rejected' ? { 'circuit_breaker.outcome': 'rejected', 'circuit_breaker.state': 'open' } : {},
    }],
    ['inventory', { name: 'PUT /stock', traceId: id, spanId: newSpanId(), parentSpanId: pay }],
  ]);
  return { id, spans };
}

/** Sends a group of traces service by service: every request mixes spans of many traces. */
async function sendInterleaved(agent: CollectorProcess, traces: Trace[]): Promise<void> {
  for (const service of [...SERVICES].reverse()) {
    await postOtlp(agent.otlpHttpUrl, 'traces', tracesRequest(service, traces.map((t) => t.spans.get(service)!)));
  }
}

describe('agent -> two gateways', () => {
  const gateways: Gateway[] = [];
  let agent: { agent: CollectorProcess; remove: () => void };
  const ordinary = Array.from({ length: 300 }, () => makeTrace('ordinary'));
  const errors = Array.from({ length: 20 }, () => makeTrace('error'));
  const rejected = Array.from({ length: 20 }, () => makeTrace('rejected'));
  const all = [...ordinary, ...errors, ...rejected].sort(() => Math.random() - 0.5);

  beforeAll(async () => {
    for (const name of ['a', 'b']) gateways.push(await Gateway.create(name, { SIGHTLINE_SAMPLING_PERCENT: '25' }));
    agent = await startAgent(gateways);
    for (let i = 0; i < all.length; i += 20) await sendInterleaved(agent.agent, all.slice(i, i + 20));
  });

  afterAll(async () => {
    await agent?.agent.stop();
    agent?.remove();
    for (const g of gateways) await g.close();
  });

  it('counts every span once in the gateways\' span metrics', async () => {
    const total = all.length * SERVICES.length;
    const counted = await waitFor(`span metrics for ${total} spans`, async () => {
      const sums = await Promise.all(gateways.map((g) => g.scrapeSum('traces_span_metrics_calls_total')));
      return sums[0]! + sums[1]! >= total ? sums : undefined;
    }, 60_000);
    expect(counted[0]! + counted[1]!).toBe(total);
    // Both gateways share the load (trace ids hash evenly; 340 traces never all land on one).
    expect(Math.min(...counted)).toBeGreaterThan(total * 0.2);
  });

  it('delivers every kept trace whole, from exactly one gateway', async () => {
    const must = [...errors, ...rejected];
    const atGateway = (g: Gateway) => {
      const byTrace = new Map<string, number>();
      for (const s of g.tempo.spans) byTrace.set(s.traceId, (byTrace.get(s.traceId) ?? 0) + 1);
      return byTrace;
    };
    await waitFor('every error and breaker-rejected trace', () => {
      const seen = gateways.map(atGateway);
      return must.every((t) => seen.some((m) => m.get(t.id) === SERVICES.length)) ? true : undefined;
    }, 60_000);
    // Let the remaining decisions land (decision_wait is 2s in tests).
    await new Promise((r) => setTimeout(r, 4000));
    const [a, b] = gateways.map(atGateway) as [Map<string, number>, Map<string, number>];
    for (const id of a.keys()) expect(b.has(id), `trace ${id} at both gateways`).toBe(false);
    for (const counts of [a, b]) for (const [id, n] of counts) expect(n, `spans of trace ${id}`).toBe(SERVICES.length);
    const kept = new Set([...a.keys(), ...b.keys()]);
    for (const t of must) expect(kept.has(t.id)).toBe(true);
    // SIGHTLINE_SAMPLING_PERCENT=25 of 300 ordinary traces: about 75.
    const keptOrdinary = ordinary.filter((t) => kept.has(t.id)).length;
    expect(keptOrdinary).toBeGreaterThan(35);
    expect(keptOrdinary).toBeLessThan(125);
  });
});
