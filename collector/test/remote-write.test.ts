import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { newTraceId, postOtlp, tracesRequest } from './helpers/otlp-send.ts';
import { PrometheusProcess } from './helpers/PrometheusProcess.ts';
import { waitFor } from './helpers/wait-for.ts';

// Remote write as the only destination: the collector pushes into Prometheus's remote-write receiver.
const SERVICE = 'orders-remote-write-test';
const storage = tempDir('remote-write');
let collector: CollectorProcess;
let prometheus: PrometheusProcess;

beforeAll(async () => {
  prometheus = await PrometheusProcess.start({ remoteWriteReceiver: true });
  const { env, ports } = await testCollectorEnv(storage.path);
  collector = await CollectorProcess.start({ ...env, SIGHTLINE_PROMETHEUS_REMOTE_WRITE_URL: prometheus.remoteWriteUrl }, ports);
});

afterAll(async () => {
  await collector?.stop();
  await prometheus?.stop();
  storage.remove();
});

describe('prometheus remote write destination', () => {
  it('delivers span metrics with service and route labels', async () => {
    const spans = Array.from({ length: 6 }, (_, i) => ({
      name: 'GET /orders/:id',
      traceId: newTraceId(),
      error: i < 2,
      attributes: { 'http.route': '/orders/:id', 'http.request.method': 'GET' },
    }));
    await postOtlp(collector.otlpHttpUrl, 'traces', tracesRequest(SERVICE, spans));
    const expr = `sum by (status_code) (traces_span_metrics_calls_total{service_name="${SERVICE}", http_route="/orders/:id"})`;
    const samples = await waitFor('remote-written span metrics', async () => {
      const result = await prometheus.query(expr);
      return result.reduce((n, s) => n + s.value, 0) === spans.length ? result : undefined;
    });
    const byStatus = Object.fromEntries(samples.map((s) => [s.metric.status_code, s.value]));
    expect(byStatus).toEqual({ STATUS_CODE_ERROR: 2, STATUS_CODE_OK: 4 });
    const buckets = await prometheus.query(`traces_span_metrics_duration_seconds_bucket{service_name="${SERVICE}", le="+Inf"}`);
    expect(buckets.reduce((n, s) => n + s.value, 0)).toBe(spans.length);
  });
});
