import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { newTraceId, postOtlp, tracesRequest, type SpanSpec } from './helpers/otlp-send.ts';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { waitFor } from './helpers/wait-for.ts';

// With SIGHTLINE_SAMPLING_PERCENT=25, ordinary traces are thinned to about a quarter while every
// error and breaker-rejected/open trace is kept. Traces have several spans: the whole trace is kept or dropped.
const storage = tempDir('tail-sampling');
const tempo = new OtlpReceiver({ port: await freePort() });
let collector: CollectorProcess;

function trace(childAttributes: SpanSpec['attributes'] = {}, error = false): SpanSpec[] {
  const traceId = newTraceId();
  const rootId = newTraceId().slice(0, 16);
  return [
    { name: 'GET /orders', traceId, spanId: rootId, attributes: { 'http.route': '/orders' } },
    { name: 'payments.charge', traceId, parentSpanId: rootId, attributes: childAttributes, error },
  ];
}

const ordinary = Array.from({ length: 200 }, () => trace());
const errors = Array.from({ length: 10 }, () => trace({}, true));
const rejected = Array.from({ length: 10 }, () => trace({ 'circuit_breaker.outcome': 'rejected', 'circuit_breaker.state': 'open' }));
const open = Array.from({ length: 10 }, () => trace({ 'circuit_breaker.outcome': 'success', 'circuit_breaker.state': 'open' }));
const closed = Array.from({ length: 10 }, () => trace({ 'circuit_breaker.outcome': 'success', 'circuit_breaker.state': 'closed' }));

beforeAll(async () => {
  await tempo.start();
  const { env, ports } = await testCollectorEnv(storage.path);
  collector = await CollectorProcess.start({ ...env, SIGHTLINE_SAMPLING_PERCENT: '25', SIGHTLINE_TEMPO_ENDPOINT: tempo.url }, ports);
  const all = [...ordinary, ...errors, ...rejected, ...open, ...closed].flat();
  for (let i = 0; i < all.length; i += 100) {
    await postOtlp(collector.otlpHttpUrl, 'traces', tracesRequest('sampling-test', all.slice(i, i + 100)));
  }
});

afterAll(async () => {
  await collector?.stop();
  await tempo.stop();
  storage.remove();
});

const idOf = (t: SpanSpec[]) => t[0]!.traceId!;

describe('tail sampling', () => {
  it('keeps every error and breaker-rejected or breaker-open trace, whole', async () => {
    const must = [...errors, ...rejected, ...open].map(idOf);
    await waitFor('kept traces', () => {
      const ids = new Set(tempo.spans.map((s) => s.traceId));
      return must.every((id) => ids.has(id)) ? true : undefined;
    });
    const spansPerTrace = new Map<string, number>();
    for (const s of tempo.spans) spansPerTrace.set(s.traceId, (spansPerTrace.get(s.traceId) ?? 0) + 1);
    for (const id of must) expect(spansPerTrace.get(id)).toBe(2);
  });

  it('keeps only a share of ordinary traces (closed breakers included)', async () => {
    // Wait until every trace has had its decision (decision_wait is 2s in tests).
    await waitFor('all decisions', async () =>
      (await collector.selfMetric('otelcol_processor_tail_sampling_sampling_decision_timer_latency_count')) > 0 &&
      (await collector.selfMetric('otelcol_processor_tail_sampling_sampling_traces_on_memory')) === 0
        ? true
        : undefined,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const ids = new Set(tempo.spans.map((s) => s.traceId));
    const keptOrdinary = [...ordinary, ...closed].map(idOf).filter((id) => ids.has(id)).length;
    // 25% of 210 is 52.5; hash-based sampling on random ids stays well within these bounds.
    expect(keptOrdinary).toBeGreaterThan(20);
    expect(keptOrdinary).toBeLessThan(95);
  });
});
