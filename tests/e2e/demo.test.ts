import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type RunningProcess } from '../support/process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO = join(ROOT, 'scripts/demo/main.mjs');

interface Span { traceId: string; spanId: string; service: string; name: string; attributes: Record<string, unknown>; status: { code?: number } }
interface DemoData {
  mode: string;
  failedOrder: { traceId: string; requestId: string } | null;
  traces: Array<{ traceId: string; requestId?: string; services: string[]; spans: Span[] }>;
  breaker: { initialState: string; transitions: Array<{ at: number; from: string; to: string }> };
  kpis: { ordersPlaced: number; ordersCompleted: number; revenueByCurrency: Record<string, number>; paymentsFailedByReason: Record<string, number> };
  red: Array<{ service: string; route: string; requests: number; errors: number }>;
  logsByRequestId: Record<string, Array<{ service: string; traceId: string; message: string }>>;
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

// `./run demo --short` as the tests run it: the real examples under the preload, the demo's receiver,
// a payments outage. Everything below is read from the report files it writes.
describe('./run demo (embedded, short)', () => {
  const out = mkdtempSync(join(tmpdir(), 'sightline-demo-'));
  let demo: RunningProcess;
  let data: DemoData;

  beforeAll(async () => {
    demo = startNode([DEMO, '--short', '--out', out], { cwd: ROOT });
    const { status } = await demo.exited;
    expect(status, demo.stderr()).toBe(0);
    data = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as DemoData;
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('prints the report sections and both file paths', () => {
    const text = demo.stdout();
    for (const heading of ['1. One failed order across both services', '2. Breaker "payments": state timeline', '3. Business KPIs', 'RED', '4. Every log line of request', '5. Next', 'sightline check']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain(join(out, 'report.html'));
    expect(text).toContain(join(out, 'report.json'));
    expect(demo.stderr()).toMatch(/== payments outage/);
  });

  it('has a failed order whose trace spans both services, with the breaker span and the error', () => {
    expect(data.failedOrder).not.toBeNull();
    const trace = data.traces.find((t) => t.traceId === data.failedOrder!.traceId)!;
    expect(new Set(trace.spans.map((s) => s.service))).toEqual(new Set(['orders', 'payments']));
    const breaker = trace.spans.find((s) => s.attributes['circuit_breaker.name'] === 'payments')!;
    expect(breaker.attributes).toMatchObject({ 'circuit_breaker.outcome': 'fallback', 'circuit_breaker.fallback.cause': 'failure' });
    const paymentsServer = trace.spans.find((s) => s.service === 'payments')!;
    expect(paymentsServer.status.code).toBe(2);
    expect(paymentsServer.attributes['http.response.status_code']).toBe(503);
    expect(paymentsServer.attributes['request.id']).toBe(data.failedOrder!.requestId);
  });

  it('records a full breaker cycle: closed, open, half-open, closed', () => {
    const steps = data.breaker.transitions.map((t) => `${t.from}->${t.to}`);
    const cycle = ['closed->open', 'open->half_open', 'half_open->closed'];
    let next = 0;
    for (const step of steps) if (step === cycle[next]) next += 1;
    expect(next, steps.join(', ')).toBe(cycle.length);
    expect(data.breaker.initialState).toBe('closed');
    const times = data.breaker.transitions.map((t) => t.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('has non-zero business KPIs and RED numbers for both services', () => {
    const { kpis } = data;
    expect(kpis.ordersPlaced).toBeGreaterThan(kpis.ordersCompleted);
    expect(kpis.ordersCompleted).toBeGreaterThan(0);
    expect(Object.values(kpis.revenueByCurrency).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(kpis.paymentsFailedByReason.provider_error).toBeGreaterThan(0);
    expect(kpis.paymentsFailedByReason.breaker_open).toBeGreaterThan(0);
    const orders = data.red.find((r) => r.service === 'orders' && r.route === 'POST /orders')!;
    expect(orders.requests).toBe(kpis.ordersPlaced);
    expect(orders.errors).toBe(kpis.ordersPlaced - kpis.ordersCompleted);
    expect(data.red.some((r) => r.service === 'payments' && r.requests > 0)).toBe(true);
  });

  it('has log lines of the failed order from both services, all with its trace id', () => {
    const lines = data.logsByRequestId[data.failedOrder!.requestId]!;
    expect(new Set(lines.map((l) => l.service))).toEqual(new Set(['orders', 'payments']));
    expect(lines.every((l) => l.traceId === data.failedOrder!.traceId)).toBe(true);
    expect(lines.map((l) => l.message)).toEqual(expect.arrayContaining(['order placed', 'payment failed', 'charge refused: card processor unavailable']));
  });

  it('renders the HTML report in headless Chromium: waterfall and timeline drawn, no console errors, no external requests', async () => {
    const executablePath = execFileSync(join(ROOT, 'scripts/ensure-chromium.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    const profile = mkdtempSync(join(tmpdir(), 'sightline-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('request', (r) => requests.push(r.url()));
      const url = `file://${join(out, 'report.html')}`;
      await page.goto(url);
      const trace = data.traces.find((t) => t.traceId === data.failedOrder!.traceId)!;
      expect(await page.locator('svg.waterfall rect.span-bar').count()).toBe(trace.spans.length);
      expect(await page.locator('svg.timeline rect.state-segment').count()).toBe(data.breaker.transitions.length + 1);
      expect(await page.locator('svg.timeline rect.state-segment[data-state="half_open"]').count()).toBeGreaterThan(0);
      const bar = await page.locator('svg.waterfall rect.span-bar').first().boundingBox();
      expect(bar!.width).toBeGreaterThan(100);
      const shot = await page.screenshot({ path: join(out, 'report.png'), fullPage: true });
      expect(shot.subarray(1, 4).toString()).toBe('PNG');
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('./run demo on Ctrl-C', () => {
  it('stops every process it started and exits 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sightline-demo-int-'));
    const demo = startNode([DEMO, '--short', '--out', out], { cwd: ROOT });
    const [, paymentsPid, ordersPid] = (await demo.waitForOutput(/started payments \(pid (\d+)[^\n]*orders \(pid (\d+)/, 20_000)).map(Number);
    await demo.waitForOutput(/== payments outage/, 30_000);
    expect(alive(paymentsPid!) && alive(ordersPid!)).toBe(true);
    demo.child.kill('SIGINT');
    const { status } = await demo.exited;
    expect(status).toBe(130);
    expect(demo.stderr()).toContain('SIGINT: stopping every process it started');
    expect([alive(paymentsPid!), alive(ordersPid!)]).toEqual([false, false]);
    rmSync(out, { recursive: true, force: true });
  }, 60_000);
});
