import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { startNode, type RunningProcess } from '../support/process.js';

const ORDERS = fileURLToPath(new URL('../../examples/orders/', import.meta.url));
const PAYMENTS = fileURLToPath(new URL('../../examples/payments/', import.meta.url));

/** examples/payments (CommonJS, --require) and examples/orders (ESM, --import) on free ports. */
async function startExamples(env: NodeJS.ProcessEnv): Promise<{ payments: RunningProcess; orders: RunningProcess; port: number }> {
  const payments = startNode(['--require', '@sightline/instrumentation', 'src/server.js'], { cwd: PAYMENTS, env: { ...env, PORT: '0' } });
  const paymentsPort = (await payments.waitForOutput(/"port":(\d+)[^\n]*"msg":"payments listening"/))[1];
  const orders = startNode(['--import', '@sightline/instrumentation', 'src/server.js'], {
    cwd: ORDERS, env: { ...env, PORT: '0', PAYMENTS_URL: `http://127.0.0.1:${paymentsPort}` },
  });
  const port = Number((await orders.waitForOutput(/"port":(\d+)[^\n]*"msg":"orders listening"/))[1]);
  return { payments, orders, port };
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
