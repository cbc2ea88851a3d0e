import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type RunningProcess } from '@sightline/tests/process';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// `./run demo --full --short`: the examples -> this collector (built by globalSetup) -> a local
// Prometheus; the report's KPIs and RED numbers come from PromQL, its traces from tail sampling.
describe('./run demo --full', () => {
  const out = mkdtempSync(join(tmpdir(), 'sightline-demo-full-'));
  let demo: RunningProcess;
  let data: any;

  beforeAll(async () => {
    demo = startNode([join(ROOT, 'scripts/demo/main.mjs'), '--full', '--short', '--out', out], { cwd: ROOT });
    const { status } = await demo.exited;
    expect(status, demo.stderr()).toBe(0);
    data = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('reads every order from Prometheus and says so', () => {
    expect(data.mode).toBe('full');
    expect(data.kpis.source).toMatch(/^Prometheus http:\/\/127\.0\.0\.1:\d+ \(PromQL\)/);
    expect(data.promql.placed).toBe('sum by (currency) (orders_placed_total)');
    expect(data.kpis.ordersPlaced).toBe(data.traffic.sent);
    expect(data.kpis.ordersCompleted).toBe(data.traffic.completed);
    expect(data.kpis.paymentsFailedByReason.breaker_open).toBeGreaterThan(0);
    const orders = data.red.find((r: any) => r.service === 'orders' && r.route === 'POST /orders');
    expect(orders).toMatchObject({ requests: data.traffic.sent, errors: data.traffic.failed });
    expect(demo.stdout()).toContain('Business KPIs  (Prometheus http://127.0.0.1:');
  });

  it('shows a failed order kept by tail sampling, across both services, and the breaker cycle', () => {
    const trace = data.traces.find((t: any) => t.traceId === data.failedOrder.traceId);
    expect(new Set(trace.spans.map((s: any) => s.service))).toEqual(new Set(['orders', 'payments']));
    const steps = data.breaker.transitions.map((t: any) => `${t.from}->${t.to}`);
    expect(steps).toEqual(expect.arrayContaining(['closed->open', 'open->half_open', 'half_open->closed']));
    const lines = data.logsByRequestId[data.failedOrder.requestId];
    expect(new Set(lines.map((l: any) => l.service))).toEqual(new Set(['orders', 'payments']));
  });
});
