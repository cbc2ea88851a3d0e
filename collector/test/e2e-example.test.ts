import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { PrometheusProcess } from './helpers/PrometheusProcess.ts';
import { waitFor } from './helpers/wait-for.ts';

// examples/orders and examples/payments under the preload -> the built collector -> Tempo stand-in
// and a real Prometheus scraping the collector. payments always fails, so the orders breaker opens and
// later calls are rejected into its fallback; collector-side sampling keeps 0% of ordinary traces.
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const storage = tempDir('e2e-example');
const tempo = new OtlpReceiver({ port: await freePort() });
let collector: CollectorProcess;
let prometheus: PrometheusProcess;
const apps: ChildProcess[] = [];

async function startService(name: string, preload: string, env: Record<string, string>): Promise<number> {
  let output = '';
  const app = spawn(process.execPath, [preload, '@sightline/instrumentation', 'src/server.js'], {
    cwd: `${EXAMPLES}${name}`,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  apps.push(app);
  app.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  app.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const listening = new RegExp(`"port":(\\d+)[^\\n]*"msg":"${name} listening"`);
  return Number(await waitFor(`${name} listening`, () => output.match(listening)?.[1], 15_000));
}

async function startExample(otlpUrl: string): Promise<number> {
  const telemetry = {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_METRIC_EXPORT_INTERVAL: '500',
    // The preload records neither query strings nor headers; PII reaches spans through attributes like this.
    OTEL_RESOURCE_ATTRIBUTES: 'team.owner=jane.doe@example.com',
  };
  const payments = await startService('payments', '--require', { ...telemetry, PAYMENTS_FAILURE_RATE: '1' });
  return startService('orders', '--import', {
    ...telemetry, SIGHTLINE_BUSINESS_RULES: './rules.yaml', PAYMENTS_URL: `http://127.0.0.1:${payments}`, ORDERS_BREAKER_RESET_MS: '60000',
  });
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
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 10, currency: 'EUR' }),
    });
    expect(res.status).toBe(503);
  }
  for (let i = 0; i < 10; i++) expect((await fetch(`${base}/nowhere`)).status).toBe(404);
});

afterAll(async () => {
  for (const app of apps) app.kill('SIGKILL');
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

describe('orders and payments -> collector -> Prometheus and Tempo', () => {
  it('keeps failed and breaker-rejected traces, with breaker attributes, and drops ordinary ones', async () => {
    const cause = (s: { attributes: Record<string, unknown> }) => s.attributes['circuit_breaker.fallback.cause'];
    const breakerSpans = await waitFor('rejected breaker spans at Tempo', () => {
      const spans = tempo.spans.filter((s) => s.attributes['circuit_breaker.name'] === 'payments');
      return spans.some((s) => cause(s) === 'rejected') ? spans : undefined;
    });
    // Every call ends in the fallback: first because payments failed, then because the breaker was open.
    expect(breakerSpans.every((s) => s.attributes['circuit_breaker.outcome'] === 'fallback')).toBe(true);
    const rejected = breakerSpans.filter((s) => cause(s) === 'rejected');
    expect(rejected.every((s) => s.attributes['circuit_breaker.state'] === 'open')).toBe(true);
    expect(breakerSpans.some((s) => cause(s) === 'failure')).toBe(true);
    await new Promise((r) => setTimeout(r, 3000));
    const names = tempo.spans.map((s) => s.name);
    expect(names.filter((n) => n.startsWith('GET'))).toEqual([]);
    expect(new Set(tempo.spans.map((s) => s.resource['service.name']))).toEqual(new Set(['orders', 'payments']));
  });

  it('redacts PII the service put in its resource attributes', () => {
    expect(tempo.spans.length).toBeGreaterThan(0);
    for (const s of tempo.spans) expect(s.resource['team.owner']).toBe('****');
    expect(JSON.stringify(tempo.spans)).not.toContain('jane.doe');
  });

  it('has span metrics for every request, sampled or not, in Prometheus', async () => {
    const expr = `sum by (service_name, span_name, status_code, http_response_status_code) (traces_span_metrics_calls_total{service_name=~"orders|payments", span_kind="SPAN_KIND_SERVER"})`;
    // Server spans: 12 failed orders, 10 not-found requests, and payments' own spans for every call
    // the breaker let through (the calls whose fallback ran because of a failure, not the open breaker).
    const through = `sum(circuit_breaker_calls_total{job="orders", circuit_breaker_state="closed"})`;
    let last: Record<string, number> = {};
    let want: Record<string, number> = {};
    await waitFor(`${expr} to match the requests`, async () => {
      const failures = (await prometheus.query(through))[0]?.value ?? 0;
      want = { 'orders GET STATUS_CODE_UNSET 404': 10, 'orders POST /orders STATUS_CODE_ERROR 503': 12, 'payments POST STATUS_CODE_ERROR 503': failures };
      const samples = await prometheus.query(expr);
      last = Object.fromEntries(
        samples.map((s) => [`${s.metric.service_name} ${s.metric.span_name} ${s.metric.status_code} ${s.metric.http_response_status_code}`, s.value]),
      );
      const sorted = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort());
      return failures > 0 && sorted(last) === sorted(want) ? true : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; want ${JSON.stringify(want)}, last ${JSON.stringify(last)}`);
    });
  });

  it('has breaker-state and business metrics with the right labels in Prometheus', async () => {
    const payments = `job="orders", circuit_breaker_name="payments"`;
    // The breaker opened (2); by now it may have moved on to half_open (1).
    await promValue(`max_over_time(circuit_breaker_state{${payments}}[5m])`, (v) => v === 2);
    await promValue(`sum(circuit_breaker_transitions_total{${payments}, circuit_breaker_from_state="closed", circuit_breaker_to_state="open"})`, (v) => v >= 1);
    await promValue(`sum(circuit_breaker_calls_total{${payments}, circuit_breaker_outcome="fallback", circuit_breaker_state="open"})`, (v) => v > 0);
    await promValue(`sum(circuit_breaker_calls_total{${payments}, circuit_breaker_outcome="fallback"})`, (v) => v === 12);
    await promValue(`sum(orders_placed_total{job="orders"})`, (v) => v === 12);
    await promValue(`sum(payments_failed_total{job="orders", reason=~"provider_error|breaker_open"})`, (v) => v === 12);
    await promValue(`sum(payments_failed_total{job="orders", reason="breaker_open"})`, (v) => v > 0);
  });
});
