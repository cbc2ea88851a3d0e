// `./run demo --full`: the Sightline collector (collector/scripts/build.sh, needs Go) and a local
// Prometheus (collector/scripts/ensure-prometheus.sh) on free 127.0.0.1 ports. The services export
// to the collector; it computes span metrics, tail-samples traces and forwards traces and logs to the
// demo's receiver; Prometheus scrapes it, and the KPIs and RED numbers are read back with PromQL.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startProcess, waitForHttp } from './processes.mjs';

const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function startFullStack({ root, receiverUrl, outDir, progress }) {
  const scripts = join(root, 'collector/scripts');
  progress.phase('building the collector (collector/scripts/build.sh; a no-op when up to date)');
  const run = (script, what) => {
    try {
      return execFileSync(join(scripts, script), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    } catch {
      throw new Error(`--full needs ${what}: collector/scripts/${script} failed (its message is above); ./run demo without --full needs neither`);
    }
  };
  const bin = run('build.sh', 'the collector, built with Go');
  run('ensure-prometheus.sh', 'Prometheus');

  const dir = join(outDir, 'full');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const [grpc, http, health, self, scrape, prom] = await Promise.all(Array.from({ length: 6 }, freePort));
  const collector = startProcess('collector', bin, [
    '--config', join(root, 'collector/config/base.yaml'),
    '--config', join(root, 'collector/config/destinations/prometheus.yaml'),
    '--config', join(root, 'scripts/demo/collector-demo.yaml'),
  ], {
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME,
      SIGHTLINE_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`, SIGHTLINE_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
      SIGHTLINE_HEALTH_ENDPOINT: `127.0.0.1:${health}`, SIGHTLINE_SELF_METRICS_HOST: '127.0.0.1', SIGHTLINE_SELF_METRICS_PORT: String(self),
      SIGHTLINE_PROMETHEUS_ENDPOINT: `127.0.0.1:${scrape}`, SIGHTLINE_DEMO_RECEIVER: receiverUrl,
      SIGHTLINE_STORAGE_DIR: join(dir, 'storage'), SIGHTLINE_TAIL_DECISION_WAIT: '2s', SIGHTLINE_TAIL_DECISION_WAIT_AFTER_ROOT: '500ms',
      SIGHTLINE_SPAN_METRICS_FLUSH_INTERVAL: '1s', SIGHTLINE_BATCH_TIMEOUT: '200ms',
    },
    logFile: join(outDir, 'logs', 'collector.log'),
  });
  writeFileSync(join(dir, 'prometheus.yml'), [
    'global: { scrape_interval: 1s, evaluation_interval: 1s }',
    'scrape_configs:',
    '  - job_name: sightline-collector',
    '    honor_labels: true',
    `    static_configs: [{ targets: ["127.0.0.1:${scrape}"] }]`,
    '',
  ].join('\n'));
  const prometheus = startProcess('prometheus', 'prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
    `--web.listen-address=127.0.0.1:${prom}`,
  ], { env: { PATH: process.env.PATH, HOME: process.env.HOME }, logFile: join(outDir, 'logs', 'prometheus.log') });
  await Promise.all([waitForHttp(`http://127.0.0.1:${health}/`, collector, 30_000), waitForHttp(`http://127.0.0.1:${prom}/-/ready`, prometheus, 30_000)]);
  progress.note(`collector (pid ${collector.pid}) on 127.0.0.1:${http}, Prometheus (pid ${prometheus.pid}) on http://127.0.0.1:${prom}`);

  const promUrl = `http://127.0.0.1:${prom}`;
  async function query(expr) {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = await res.json();
    if (body.status !== 'success') throw new Error(`PromQL ${expr}: ${body.error ?? res.status}`);
    return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  }
  const byLabel = async (expr, label) => Object.fromEntries((await query(expr)).map((r) => [r.labels[label] ?? 'total', round(r.value, 2)]));

  return {
    otlpUrl: `http://127.0.0.1:${http}`,
    promUrl,
    async readKpis(progress, stats) {
      progress.note('waiting until Prometheus has every order (scraping the collector each second)');
      const deadline = Date.now() + 40_000;
      for (;;) {
        const placed = (await query('sum(orders_placed_total)'))[0]?.value ?? 0;
        const server = (await query('sum(traces_span_metrics_calls_total{service_name="orders", span_name="POST /orders"})'))[0]?.value ?? 0;
        if (placed >= stats.sent && server >= stats.sent) break;
        if (Date.now() > deadline) { progress.note(`Prometheus has ${placed} of ${stats.sent} orders; reporting what it has`); break; }
        await new Promise((r) => setTimeout(r, 1000));
      }
      const queries = {
        placed: 'sum by (currency) (orders_placed_total)',
        completed: 'sum by (currency) (orders_completed_total)',
        revenue: 'sum by (currency) (orders_revenue_total)',
        failed: 'sum by (reason) (payments_failed_total)',
        breakerCalls: 'sum by (circuit_breaker_outcome) (circuit_breaker_calls_total)',
        requests: 'sum by (service_name, span_name) (traces_span_metrics_calls_total{span_kind="SPAN_KIND_SERVER"})',
        errors: 'sum by (service_name, span_name) (traces_span_metrics_calls_total{span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"})',
        p50: 'histogram_quantile(0.5, sum by (le, service_name, span_name) (traces_span_metrics_duration_seconds_bucket{span_kind="SPAN_KIND_SERVER"}))',
        p95: 'histogram_quantile(0.95, sum by (le, service_name, span_name) (traces_span_metrics_duration_seconds_bucket{span_kind="SPAN_KIND_SERVER"}))',
      };
      const sum = (o) => round(Object.values(o).reduce((a, b) => a + b, 0), 2);
      const placed = await byLabel(queries.placed, 'currency');
      const completed = await byLabel(queries.completed, 'currency');
      const kpis = {
        source: `Prometheus ${promUrl} (PromQL), fed by the Sightline collector`,
        ordersPlaced: sum(placed), ordersCompleted: sum(completed),
        completionRatio: sum(placed) ? round(sum(completed) / sum(placed), 3) : 0,
        revenueByCurrency: await byLabel(queries.revenue, 'currency'),
        paymentsFailedByReason: await byLabel(queries.failed, 'reason'),
        breakerCallsByOutcome: await byLabel(queries.breakerCalls, 'circuit_breaker_outcome'),
      };
      const key = (l) => `${l.service_name}\u0000${l.span_name}`;
      const lookup = async (expr) => new Map((await query(expr)).map((r) => [key(r.labels), r.value]));
      const [errors, p50, p95] = [await lookup(queries.errors), await lookup(queries.p50), await lookup(queries.p95)];
      const windowSec = stats.windowMs / 1000;
      const red = (await query(queries.requests)).map((r) => {
        const k = key(r.labels);
        const errs = errors.get(k) ?? 0;
        return {
          service: r.labels.service_name, route: r.labels.span_name, requests: r.value, ratePerSec: round(r.value / Math.max(windowSec, 1), 2),
          errors: errs, errorRatio: round(errs / r.value, 3), p50Ms: round((p50.get(k) ?? 0) * 1000), p95Ms: round((p95.get(k) ?? 0) * 1000),
        };
      }).sort((a, b) => b.requests - a.requests);
      return { kpis, red, promql: queries };
    },
    /** Waits for the traces still in the collector's tail-sampling buffer to reach the receiver. */
    async drain(receiver) {
      const deadline = Date.now() + 15_000;
      let last = -1;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1500));
        if (receiver.spans.length === last) break;
        last = receiver.spans.length;
      }
    },
  };
}
