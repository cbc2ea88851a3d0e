import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTOR_DIR } from './helpers/CollectorProcess.ts';
import { dashboardQueries, substituteVariables } from './helpers/dashboard-queries.ts';
import { ExampleStack } from './helpers/ExampleStack.ts';
import { waitFor } from './helpers/wait-for.ts';

// orders and payments (two processes under the preload), PostgreSQL, the collector, a real
// Prometheus: the service-graph edges, the database metrics, logs with trace and request ids, and
// every PromQL expression of the dashboards against what the example produces.
const stack = new ExampleStack();
/** The generated alert and SLO rules (collector/alerting/rules), when that work is present. */
const RULES_DIR = join(COLLECTOR_DIR, 'alerting/rules');
const ruleFiles = existsSync(RULES_DIR) ? readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => join(RULES_DIR, f)) : [];
const sloRules = ruleFiles.some((f) => f.includes('slo-'));

/**
 * Panels whose metrics a healthy test run cannot produce; their expressions must still parse. (The
 * memory limiter's refusals are there: the receiver exports its refused_* counters at 0.) The SLO
 * panels read Sloth's recording rules: loaded from collector/alerting/rules, they must have data too.
 */
const NO_DATA_IN_A_TEST_RUN: Record<string, string> = {
  'sightline/Items dropped by the services': 'only counted when an export fails',
  'sightline/Collector export failures': 'only counted when a backend fails',
  'dependencies/Redis command latency p95': 'the example uses no Redis',
  ...(sloRules ? {} : { 'slos/*': 'no Sloth rules in collector/alerting/rules' }),
};
const expectsNoData = (dashboard: string, panel: string) =>
  `${dashboard}/${panel}` in NO_DATA_IN_A_TEST_RUN || `${dashboard}/*` in NO_DATA_IN_A_TEST_RUN;

const order = (card: string) => fetch(`${stack.ordersUrl}/orders`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amount: 10, currency: 'EUR', card }),
});

beforeAll(async () => {
  await stack.start(0, ruleFiles);
  // Declined cards open the payments breaker (5 calls, 50%); later calls are rejected into the fallback.
  for (let i = 0; i < 8; i++) expect((await order('declined')).status).toBe(503);
  // After resetTimeout (5 s) the breaker is half-open; a good charge closes it.
  await new Promise((r) => setTimeout(r, 5500));
  for (let i = 0; i < 10; i++) expect((await order('ok')).status).toBe(201);
  expect(await (await fetch(`${stack.ordersUrl}/orders/count`)).json()).toEqual({ count: 10 });
  for (let i = 0; i < 3; i++) expect((await fetch(`${stack.ordersUrl}/nowhere`)).status).toBe(404);
}, 180_000);

afterAll(() => stack.stop());

async function value(expr: string, want: (v: number) => boolean): Promise<number> {
  let last = NaN;
  return waitFor(`${expr} in Prometheus`, async () => {
    last = (await stack.prometheus.query(expr)).reduce((n, s) => n + s.value, 0);
    return want(last) ? last : undefined;
  }, 30_000).catch((e: unknown) => { throw new Error(`${String(e)} (last ${last})`); });
}

describe('the example stack in Prometheus', () => {
  it('has the reconciliation job\'s runs and health (trackJob) through the collector', async () => {
    const job = 'job="orders", job_name="orders.reconcile"';
    await value(`sum(job_runs_total{${job}, job_outcome="success"})`, (v) => v > 0);
    await value(`sum(job_run_duration_seconds_count{${job}, job_outcome="success"})`, (v) => v > 0);
    await value(`max(job_consecutive_failures{${job}})`, (v) => v === 0);
    await value(`max(job_expected_interval_seconds{${job}})`, (v) => v === 0.5);
    await value(`time() - max(job_last_success_time_seconds{${job}})`, (v) => v >= 0 && v < 60);
  });

  it('has the service-graph edges: user -> orders -> payments, orders -> postgres', async () => {
    // Calls that reached payments: every one made while closed or half-open (the fallback answers the rest).
    const through = await value('sum(circuit_breaker_calls_total{job="orders", circuit_breaker_state=~"closed|half_open"})', (v) => v === 15);
    const failures = await value('sum(circuit_breaker_calls_total{job="orders", circuit_breaker_state="closed", circuit_breaker_outcome="fallback"})', (v) => v > 0);
    await value('sum(traces_service_graph_request_total{client="orders", server="payments", connection_type=""})', (v) => v === through);
    await value('sum(traces_service_graph_request_failed_total{client="orders", server="payments"})', (v) => v === failures);
    await value('sum(traces_service_graph_request_server_seconds_count{client="orders", server="payments"})', (v) => v === through);
    await value('sum(traces_service_graph_request_client_seconds_count{client="orders", server="127.0.0.1"})', (v) => v === through);
    await value('sum(traces_service_graph_request_total{client="user", server="orders"})', (v) => v === 22);
    await value('sum(traces_service_graph_request_total{client="orders", server="postgres", connection_type="database"})', (v) => v >= 11);
  });

  it('has database operation and connection-pool metrics from the real PostgreSQL', async () => {
    await value('sum(db_client_operation_duration_seconds_count{job="orders", db_system_name="postgresql", db_operation_name="INSERT"})', (v) => v === 10);
    await value('sum(db_client_operation_duration_seconds_count{job="orders", db_operation_name="SELECT"})', (v) => v === 1);
    await value('sum(db_client_connection_max{job="orders"})', (v) => v === 5);
    await value('sum(db_client_connection_count{job="orders"})', (v) => v >= 1);
  });

  it('keeps exemplars (trace ids) on the span-metrics histogram the latency panels use', async () => {
    const exemplars = await waitFor('exemplars', async () => {
      const found = await stack.prometheus.exemplars('traces_span_metrics_duration_seconds_bucket{job="orders"}');
      return found.length > 0 ? found : undefined;
    });
    expect(exemplars[0]!.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('runs every dashboard expression: each parses, and each has data unless listed as impossible in a test run', async () => {
    const queries = dashboardQueries();
    const failures: string[] = [];
    const empty = new Set<string>();
    await waitFor('every expected panel to have data', async () => {
      failures.length = 0;
      empty.clear();
      for (const q of queries) {
        const where = `${q.dashboard}/${q.panel}: ${q.expr}`;
        try {
          const samples = await stack.prometheus.query(substituteVariables(q.expr));
          if (samples.length === 0 && !expectsNoData(q.dashboard, q.panel)) empty.add(where);
        } catch (error) {
          failures.push(`${where}\n  ${String(error)}`);
        }
      }
      return failures.length === 0 && empty.size === 0 ? true : undefined;
    }, 30_000).catch(() => undefined);
    expect(failures).toEqual([]);
    expect([...empty]).toEqual([]);
  });
});

describe('logs at Loki', () => {
  it('arrive over OTLP with the trace id and the request id, one request id on all of its lines', async () => {
    const lines = await waitFor('order logs at the Loki stand-in', () => {
      const logs = stack.loki.requests.filter((r) => r.path === '/otlp/v1/logs').length > 0 ? stack.lokiLogs() : [];
      return logs.filter((l) => String(l.body).includes('order completed')).length === 10 ? logs : undefined;
    });
    const completed = lines.filter((l) => String(l.body).includes('order completed'));
    for (const l of completed) {
      expect(l.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(l.attributes['request.id']).toEqual(expect.any(String));
      expect(l.resource['service.name']).toBe('orders');
    }
    const ids = new Set(completed.map((l) => l.attributes['request.id']));
    expect(ids.size).toBe(10);
    // The failed-payment line of a request carries the same request id as its span at Tempo.
    const warn = lines.find((l) => String(l.body).includes('payment failed'))!;
    const span = await waitFor('the request\'s server span at Tempo', () =>
      stack.tempo.spans.find((s) => s.traceId === warn.traceId && s.attributes['request.id'] !== undefined));
    expect(span.attributes['request.id']).toBe(warn.attributes['request.id']);
  });
});
