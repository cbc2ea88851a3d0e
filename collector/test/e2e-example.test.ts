import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { PrometheusProcess } from './helpers/PrometheusProcess.ts';
import { waitFor } from './helpers/wait-for.ts';

// examples/orders-service under the preload -> the built collector -> Tempo stand-in and a real
// Prometheus scraping the collector. The payment provider always fails, so the payments breaker opens
// and later calls are rejected; collector-side sampling keeps 0% of ordinary traces.
const SERVICE_DIR = fileURLToPath(new URL('../../examples/orders-service/', import.meta.url));
const storage = tempDir('e2e-example');
const tempo = new OtlpReceiver({ port: await freePort() });
let collector: CollectorProcess;
let prometheus: PrometheusProcess;
let app: ChildProcess;
let appOutput = '';

async function startExample(otlpUrl: string): Promise<number> {
  app = spawn(process.execPath, ['--import', '@sightline/instrumentation', 'src/server.js'], {
    cwd: SERVICE_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '500',
      // The preload records neither query strings nor headers; PII reaches spans through attributes like this.
      OTEL_RESOURCE_ATTRIBUTES: 'team.owner=jane.doe@example.com',
      SIGHTLINE_BUSINESS_RULES: './rules.yaml',
      PAYMENT_FAILURE_RATE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout!.on('data', (d: Buffer) => (appOutput += d.toString()));
  app.stderr!.on('data', (d: Buffer) => (appOutput += d.toString()));
  const port = await waitFor('orders-service listening', () => appOutput.match(/listening (\d+)/)?.[1], 15_000);
  return Number(port);
}

beforeAll(async () => {
  await tempo.start();
  const { env, ports } = await testCollectorEnv(storage.path);
  const promEndpoint = `127.0.0.1:${await freePort()}`;
  collector = await CollectorProcess.start(
    { ...env, SIGHTLINE_SAMPLING_PERCENT: '0', SIGHTLINE_TEMPO_ENDPOINT: tempo.url, SIGHTLINE_PROMETHEUS_ENDPOINT: promEndpoint },
    ports,
  );
  prometheus = await PrometheusProcess.start({ scrapeTargets: [promEndpoint] });
  const port = await startExample(collector.otlpHttpUrl);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 12; i++) {
    const res = await fetch(`${base}/orders`, {
      method: 'POST',
      body: JSON.stringify({ total: 10, currency: 'EUR' }),
    });
    expect(res.status).toBe(502);
  }
  for (let i = 0; i < 10; i++) expect((await fetch(`${base}/nowhere`)).status).toBe(404);
});

afterAll(async () => {
  app?.kill('SIGKILL');
  await collector?.stop();
  await prometheus?.stop();
  await tempo.stop();
  storage.remove();
});

async function promValue(expr: string, want: (v: number) => boolean): Promise<number> {
  return waitFor(`${expr} in Prometheus`, async () => {
    const sum = (await prometheus.query(expr)).reduce((n, s) => n + s.value, 0);
    return want(sum) ? sum : undefined;
  });
}

describe('orders-service -> collector -> Prometheus and Tempo', () => {
  it('keeps failed and breaker-rejected traces, with breaker attributes, and drops ordinary ones', async () => {
    const breakerSpans = await waitFor('rejected breaker spans at Tempo', () => {
      const spans = tempo.spans.filter((s) => s.attributes['circuit_breaker.name'] === 'payments');
      return spans.some((s) => s.attributes['circuit_breaker.outcome'] === 'rejected') ? spans : undefined;
    });
    const rejected = breakerSpans.filter((s) => s.attributes['circuit_breaker.outcome'] === 'rejected');
    expect(rejected.every((s) => s.attributes['circuit_breaker.state'] === 'open')).toBe(true);
    expect(breakerSpans.some((s) => s.attributes['circuit_breaker.outcome'] === 'failure')).toBe(true);
    await new Promise((r) => setTimeout(r, 3000));
    const names = tempo.spans.map((s) => s.name);
    expect(names.filter((n) => n.startsWith('GET'))).toEqual([]);
    for (const s of tempo.spans) expect(s.resource['service.name']).toBe('orders-service');
  });

  it('redacts PII the service put in its resource attributes', () => {
    expect(tempo.spans.length).toBeGreaterThan(0);
    for (const s of tempo.spans) expect(s.resource['team.owner']).toBe('****');
    expect(JSON.stringify(tempo.spans)).not.toContain('jane.doe');
  });

  it('has span metrics for every request, sampled or not, in Prometheus', async () => {
    const expr = `sum by (span_name, status_code, http_response_status_code) (traces_span_metrics_calls_total{service_name="orders-service", span_kind="SPAN_KIND_SERVER"})`;
    // Server spans: 12 failed orders, 10 not-found requests, and the payment provider's own /charge
    // spans (it runs in the same process) for every call the breaker let through.
    const through = `sum(circuit_breaker_calls_total{job="orders-service", circuit_breaker_outcome="failure"})`;
    let last: Record<string, number> = {};
    let want: Record<string, number> = {};
    await waitFor(`${expr} to match the requests`, async () => {
      const failures = (await prometheus.query(through))[0]?.value ?? 0;
      want = { 'GET STATUS_CODE_UNSET 404': 10, 'POST STATUS_CODE_ERROR 502': 12 + failures };
      const samples = await prometheus.query(expr);
      last = Object.fromEntries(
        samples.map((s) => [`${s.metric.span_name} ${s.metric.status_code} ${s.metric.http_response_status_code}`, s.value]),
      );
      const sorted = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort());
      return failures > 0 && sorted(last) === sorted(want) ? true : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; want ${JSON.stringify(want)}, last ${JSON.stringify(last)}`);
    });
  });

  it('has breaker-state and business metrics with the right labels in Prometheus', async () => {
    const payments = `job="orders-service", circuit_breaker_name="payments"`;
    // The breaker opened (2); by now it may have moved on to half_open (1).
    await promValue(`max_over_time(circuit_breaker_state{${payments}}[5m])`, (v) => v === 2);
    await promValue(`sum(circuit_breaker_transitions_total{${payments}, circuit_breaker_from_state="closed", circuit_breaker_to_state="open"})`, (v) => v >= 1);
    await promValue(`sum(circuit_breaker_calls_total{${payments}, circuit_breaker_outcome="rejected", circuit_breaker_state="open"})`, (v) => v > 0);
    await promValue(`sum(circuit_breaker_calls_total{${payments}, circuit_breaker_outcome=~"failure|rejected"})`, (v) => v === 12);
    await promValue(`sum(payments_failed_total{job="orders-service", reason=~"provider_error|breaker_open"})`, (v) => v === 12);
    await promValue(`sum(payments_failed_total{job="orders-service", reason="breaker_open"})`, (v) => v > 0);
  });
});
