import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { startNode, type RunningProcess } from '../support/process.js';

const ORDERS = fileURLToPath(new URL('../../examples/orders/', import.meta.url));
const PAYMENTS = fileURLToPath(new URL('../../examples/payments/', import.meta.url));

/** examples/payments (CommonJS, --require) and examples/orders (ESM, --import) on free ports. */
async function startExamples(env: NodeJS.ProcessEnv): Promise<{ payments: RunningProcess; orders: RunningProcess; port: number; paymentsPort: number }> {
  const payments = startNode(['--require', '@sightline/instrumentation', 'src/server.js'], { cwd: PAYMENTS, env: { ...env, PORT: '0' } });
  const paymentsPort = (await payments.waitForOutput(/"port":(\d+)[^\n]*"msg":"payments listening"/))[1];
  const orders = startNode(['--import', '@sightline/instrumentation', 'src/server.js'], {
    cwd: ORDERS, env: { ...env, PORT: '0', PAYMENTS_URL: `http://127.0.0.1:${paymentsPort}` },
  });
  const port = Number((await orders.waitForOutput(/"port":(\d+)[^\n]*"msg":"orders listening"/))[1]);
  return { payments, orders, port, paymentsPort: Number(paymentsPort) };
}
const order = (port: number) => fetch(`http://127.0.0.1:${port}/orders`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amount: 10, currency: 'EUR' }),
});

// The example service under the preload: breaker spans and business metrics come from
// @sightline/processors, which the preload wires in by default.
describe('examples/orders and examples/payments under the preload', () => {
  const receiver = new OtlpReceiver();
  let apps: Awaited<ReturnType<typeof startExamples>> | undefined;

  beforeAll(async () => {
    await receiver.start();
    apps = await startExamples({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_METRIC_EXPORT_INTERVAL: '300',
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
      SIGHTLINE_BUSINESS_RULES: './rules.yaml',
    });
    for (let i = 0; i < 5; i++) expect((await order(apps.port)).status).toBe(201);
    await receiver.waitFor('business and breaker metrics', () => {
      const revenue = receiver.metrics.filter((m) => m.name === 'orders.revenue').flatMap((m) => m.points);
      return revenue.some((p) => p.value === 50);
    }, 15_000);
  });
  afterAll(async () => {
    apps?.orders.child.kill('SIGKILL');
    apps?.payments.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('counts business events exactly even though no trace is sampled', () => {
    expect(receiver.spans).toEqual([]);
    const placed = receiver.metrics.filter((m) => m.name === 'orders.placed').flatMap((m) => m.points);
    expect(Math.max(...placed.map((p) => p.value ?? 0))).toBe(5);
    const completed = receiver.metrics.filter((m) => m.name === 'orders.completed').flatMap((m) => m.points);
    expect(Math.max(...completed.map((p) => p.value ?? 0))).toBe(5);
    expect(completed.every((p) => p.attributes.currency === 'EUR')).toBe(true);
  });

  it('records breaker calls by outcome and the breaker state', () => {
    const calls = receiver.metrics.filter((m) => m.name === 'circuit_breaker.calls').flatMap((m) => m.points);
    const success = calls.filter((p) => p.attributes['circuit_breaker.name'] === 'payments' && p.attributes['circuit_breaker.outcome'] === 'success');
    expect(Math.max(...success.map((p) => p.value ?? 0))).toBe(5);
    expect(receiver.metrics.some((m) => m.name === 'circuit_breaker.state')).toBe(true);
  });
});

describe('examples/orders without business rules, nothing sampled', () => {
  it('still counts every breaker call: dropped breaker spans are recorded, other dropped spans are not', async () => {
    const receiver = await new OtlpReceiver().start();
    const apps = await startExamples({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '300', OTEL_TRACES_SAMPLER: 'always_off' });
    for (let i = 0; i < 3; i++) expect((await order(apps.port)).status).toBe(201);
    const successes = () => receiver.metrics.filter((m) => m.name === 'circuit_breaker.calls').flatMap((m) => m.points)
      .filter((p) => p.attributes['circuit_breaker.outcome'] === 'success').map((p) => p.value ?? 0);
    await receiver.waitFor('breaker calls', () => Math.max(0, ...successes()) === 3, 15_000);
    apps.orders.child.kill('SIGKILL');
    apps.payments.child.kill('SIGKILL');
    await receiver.stop();
    expect(receiver.spans).toEqual([]);
    expect(receiver.metrics.some((m) => m.name === 'orders.completed')).toBe(false);
  });
});

describe('examples/payments told to fail or slow down', () => {
  it('answers the admin route, refuses bad values, and orders sees failures and timeouts', async () => {
    const apps = await startExamples({ OTEL_SDK_DISABLED: 'true', PAYMENTS_DELAY_MS: '400', ORDERS_PAYMENTS_TIMEOUT_MS: '150', ORDERS_BREAKER_VOLUME: '100' });
    try {
      const admin = `http://127.0.0.1:${apps.paymentsPort}/admin/mode`;
      expect(await (await fetch(admin)).json()).toEqual({ failureRate: 0, delayMs: 400 });
      expect(await (await order(apps.port)).json()).toMatchObject({ status: 'payment_failed', reason: 'timeout' });

      const bad = await fetch(admin, { method: 'POST', body: JSON.stringify({ failureRate: 2 }) });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { errors: string[] }).errors).toEqual(['failureRate must be a number from 0 to 1, got 2']);
      expect((await fetch(admin, { method: 'POST', body: JSON.stringify({ failureRate: 1, delayMs: 0 }) })).status).toBe(200);
      expect(await (await order(apps.port)).json()).toMatchObject({ status: 'payment_failed', reason: 'provider_error' });
      expect((await fetch(admin, { method: 'POST', body: JSON.stringify({ failureRate: 0 }) })).status).toBe(200);
      const ok = await order(apps.port);
      expect(ok.status).toBe(201);
      expect(await ok.json()).toMatchObject({ status: 'completed' });
    } finally {
      apps.orders.child.kill('SIGKILL');
      apps.payments.child.kill('SIGKILL');
    }
  });

  it('warns about an invalid variable and uses the default', async () => {
    const apps = await startExamples({ OTEL_SDK_DISABLED: 'true', PAYMENTS_FAILURE_RATE: 'lots' });
    try {
      await apps.payments.waitForOutput(/PAYMENTS_FAILURE_RATE must be a number from 0 to 1; using 0/);
      expect((await order(apps.port)).status).toBe(201);
    } finally {
      apps.orders.child.kill('SIGKILL');
      apps.payments.child.kill('SIGKILL');
    }
  });
});
