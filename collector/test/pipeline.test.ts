import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { gaugeRequest, logsRequest, newTraceId, postOtlp, tracesRequest, type SpanSpec } from './helpers/otlp-send.ts';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { PrometheusProcess } from './helpers/PrometheusProcess.ts';
import { waitFor } from './helpers/wait-for.ts';

// One collector with Tempo, Axiom (both datasets) and the Prometheus scrape endpoint switched on,
// a real Prometheus scraping it, and OTLP/HTTP stand-ins for Tempo and Axiom.
const SERVICE = 'checkout-pipeline-test';
const storage = tempDir('pipeline');
const tempo = new OtlpReceiver({ port: await freePort() });
const axiom = new OtlpReceiver({ port: await freePort() });
let collector: CollectorProcess;
let prometheus: PrometheusProcess;

const span = (name: string, extra: Partial<SpanSpec> = {}): SpanSpec => ({
  name,
  traceId: newTraceId(),
  attributes: { 'http.route': '/orders', 'http.request.method': 'GET', 'http.response.status_code': 200 },
  ...extra,
});
const ordinary = Array.from({ length: 20 }, () => span('GET /orders'));
const errors = Array.from({ length: 3 }, () =>
  span('POST /orders', { error: true, attributes: { 'http.route': '/orders', 'http.response.status_code': 500 } }),
);
const rejected = Array.from({ length: 2 }, () =>
  span('GET /orders', { attributes: { 'http.route': '/orders', 'circuit_breaker.name': 'payments', 'circuit_breaker.outcome': 'rejected' } }),
);
const open = Array.from({ length: 2 }, () =>
  span('GET /orders', { attributes: { 'http.route': '/orders', 'circuit_breaker.name': 'payments', 'circuit_breaker.state': 'open' } }),
);
const slow = Array.from({ length: 2 }, () => span('GET /orders', { durationMs: 1500 }));
const health = Array.from({ length: 5 }, () => span('GET /healthz', { attributes: { 'url.path': '/healthz', 'http.route': '/healthz' } }));
const PII = {
  'http.request.header.authorization': 'Bearer abc.def.ghi',
  'http.request.header.cookie': 'sid=s3cr3t',
  'app.customer': 'mail jane.doe@example.com now',
  'app.card': '4111 1111 1111 1111',
  'app.iban': 'DE89 3704 0044 0532 0130 00',
  'app.note': 'callback with Bearer xyz123token',
};
const pii = span('POST /checkout', { error: true, attributes: { 'http.route': '/checkout', ...PII } });
const kept = [...errors, ...rejected, ...open, ...slow, pii];
const counted = [...ordinary, ...kept];

beforeAll(async () => {
  await tempo.start();
  await axiom.start();
  const { env, ports } = await testCollectorEnv(storage.path);
  const promEndpoint = `127.0.0.1:${await freePort()}`;
  collector = await CollectorProcess.start(
    {
      ...env,
      SIGHTLINE_SAMPLING_PERCENT: '0',
      SIGHTLINE_SLOW_TRACE_MS: '1000',
      SIGHTLINE_TEMPO_ENDPOINT: tempo.url,
      AXIOM_URL: axiom.url,
      AXIOM_TOKEN: 'xaat-test-token',
      AXIOM_ORG_ID: 'acme-org-1',
      AXIOM_DATASET: 'sightline-traces',
      AXIOM_METRICS_DATASET: 'sightline-metrics',
      SIGHTLINE_PROMETHEUS_ENDPOINT: promEndpoint,
      // Exemplars live for one flush; make that several scrapes long.
      SIGHTLINE_SPAN_METRICS_FLUSH_INTERVAL: '3s',
    },
    ports,
  );
  prometheus = await PrometheusProcess.start({ scrapeTargets: [promEndpoint] });
  await postOtlp(collector.otlpHttpUrl, 'traces', tracesRequest(SERVICE, [...counted, ...health]));
  await postOtlp(collector.otlpHttpUrl, 'logs', logsRequest(SERVICE, ['order placed by jane.doe@example.com']));
  await postOtlp(collector.otlpHttpUrl, 'metrics', gaugeRequest(SERVICE, 'orders.queue.depth', 7));
});

afterAll(async () => {
  await collector?.stop();
  await prometheus?.stop();
  await tempo.stop();
  await axiom.stop();
  storage.remove();
});

describe('collector pipeline', () => {
  it('sends Tempo exactly the error, slow and breaker traces, none of the ordinary or health-check ones', async () => {
    const wanted = new Set(kept.map((s) => s.traceId));
    const traceIds = await waitFor('kept traces at Tempo', () => {
      const ids = new Set<string | undefined>(tempo.spans.map((s) => s.traceId));
      return [...wanted].every((id) => ids.has(id)) ? ids : undefined;
    });
    // Let any late (wrongly sampled) trace arrive before asserting absence.
    await new Promise((r) => setTimeout(r, 3000));
    const received = new Set(tempo.spans.map((s) => s.traceId));
    expect(traceIds.size).toBe(wanted.size);
    expect([...received].sort()).toEqual([...wanted].sort());
    expect(tempo.spans.filter((s) => s.name === 'GET /healthz')).toEqual([]);
    const breaker = tempo.spans.filter((s) => s.attributes['circuit_breaker.name'] === 'payments');
    expect(breaker.map((s) => s.attributes['circuit_breaker.outcome'] ?? s.attributes['circuit_breaker.state']).sort()).toEqual(
      ['open', 'open', 'rejected', 'rejected'],
    );
  });

  it('redacts credentials, emails, card numbers, IBANs and tokens in span attributes', async () => {
    const s = await waitFor('PII span at Tempo', () => tempo.spans.find((x) => x.traceId === pii.traceId));
    expect(s.attributes['http.request.header.authorization']).toBe('****');
    expect(s.attributes['http.request.header.cookie']).toBe('****');
    expect(s.attributes['app.customer']).toBe('mail **** now');
    expect(s.attributes['app.card']).toBe('****');
    expect(s.attributes['app.iban']).toBe('****');
    expect(s.attributes['app.note']).toBe('callback with ****');
    expect(JSON.stringify(s)).not.toMatch(/jane|4111|DE89|abc\.def|s3cr3t|xyz123/);
    expect(s.attributes['http.route']).toBe('/checkout');
  });

  it('sends Axiom traces and logs with the traces dataset and metrics with the metrics dataset', async () => {
    await waitFor('all three signals at Axiom', () =>
      (['traces', 'logs', 'metrics'] as const).every((signal) => axiom.requests.some((r) => r.signal === signal)) ? true : undefined,
    );
    expect(new Set(axiom.requests.map((r) => r.path))).toEqual(new Set(['/v1/traces', '/v1/logs', '/v1/metrics']));
    for (const r of axiom.requests) {
      expect(r.headers.authorization).toBe('Bearer xaat-test-token');
      expect(r.headers['x-axiom-org-id']).toBe('acme-org-1');
    }
    for (const r of axiom.requests.filter((q) => q.signal !== 'metrics')) {
      expect(r.headers['x-axiom-dataset']).toBe('sightline-traces');
      expect(r.headers['x-axiom-metrics-dataset']).toBeUndefined();
    }
    for (const r of axiom.requests.filter((q) => q.signal === 'metrics')) {
      expect(r.headers['x-axiom-metrics-dataset']).toBe('sightline-metrics');
      expect(r.headers['x-axiom-dataset']).toBeUndefined();
    }
    expect(axiom.logs.map((l) => l.body)).toEqual(['order placed by ****']);
    await waitFor('app and span metrics at Axiom', () => {
      const names = new Set(axiom.metrics.map((m) => m.name));
      return names.has('orders.queue.depth') && names.has('traces.span.metrics.calls') ? true : undefined;
    });
  });

  it('counts every non-health span in span metrics before sampling, queryable in Prometheus', async () => {
    const expr = `sum(traces_span_metrics_calls_total{service_name="${SERVICE}"})`;
    await waitFor(`${expr} == ${counted.length}`, async () => {
      const [sample] = await prometheus.query(expr);
      return sample?.value === counted.length ? true : undefined;
    });
    const byStatus = await prometheus.query(
      `sum by (status_code, http_route) (traces_span_metrics_calls_total{service_name="${SERVICE}"})`,
    );
    const count = (status: string, route: string) =>
      byStatus.find((s) => s.metric.status_code === status && s.metric.http_route === route)?.value;
    expect(count('STATUS_CODE_ERROR', '/orders')).toBe(errors.length);
    expect(count('STATUS_CODE_ERROR', '/checkout')).toBe(1);
    expect(count('STATUS_CODE_OK', '/orders')).toBe(ordinary.length + rejected.length + open.length + slow.length);
    expect(await prometheus.query(`traces_span_metrics_calls_total{http_route="/healthz"}`)).toEqual([]);
    const histogram = await prometheus.query(`sum(traces_span_metrics_duration_seconds_count{service_name="${SERVICE}"})`);
    expect(histogram[0]?.value).toBe(counted.length);
    const gauge = await waitFor('app gauge in Prometheus', async () => (await prometheus.query(`orders_queue_depth{job="${SERVICE}"}`))[0]);
    expect(gauge.value).toBe(7);
  });

  it('attaches trace ids to the duration histogram as exemplars', async () => {
    const sent = new Set(counted.map((s) => s.traceId));
    const exemplars = await waitFor('exemplars in Prometheus', async () => {
      const found = await prometheus.exemplars(`traces_span_metrics_duration_seconds_bucket{service_name="${SERVICE}"}`);
      return found.length > 0 ? found : undefined;
    });
    for (const e of exemplars) expect(sent.has(e.labels.trace_id ?? '')).toBe(true);
  });

  it('exposes its own metrics', async () => {
    expect(await collector.selfMetric('otelcol_receiver_accepted_spans')).toBe(counted.length + health.length);
    expect(await collector.selfMetric('otelcol_processor_filter_spans_filtered')).toBe(health.length);
  });
});
