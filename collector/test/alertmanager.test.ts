import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_RULES } from '../alerting/src/rules.ts';
import { AlertmanagerProcess } from './helpers/AlertmanagerProcess.ts';
import { COLLECTOR_DIR, CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { HttpRecorder, type RecordedRequest } from './helpers/HttpRecorder.ts';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { PrometheusProcess } from './helpers/PrometheusProcess.ts';
import { SmtpSink } from './helpers/SmtpSink.ts';
import { waitFor } from './helpers/wait-for.ts';

const exec = promisify(execFile);
const CONFIG = join(COLLECTOR_DIR, 'alerting/alertmanager.yml');
const RULES_DIR = join(COLLECTOR_DIR, 'alerting/rules');
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

async function routeOf(...labels: string[]): Promise<string> {
  const { stdout } = await exec('amtool', ['config', 'routes', 'test', `--config.file=${CONFIG}`, ...labels]);
  return stdout.trim();
}

describe('alertmanager.yml', () => {
  it('passes amtool check-config', async () => {
    const { stdout } = await exec('amtool', ['check-config', CONFIG]);
    expect(stdout).toContain('SUCCESS');
    expect(stdout).toContain('2 inhibit rules');
  });

  it.each([
    [['severity=critical', 'alertname=CircuitBreakerOpen', 'service=orders'], 'pagerduty-and-email'],
    [['severity=critical', 'alertname=SLOErrorBudgetBurn', 'service=orders', 'sloth_slo=availability-99-5'], 'pagerduty-and-email'],
    [['severity=warning', 'alertname=HighErrorRate', 'service=orders'], 'slack-warnings'],
    [['severity=warning', 'alertname=SLOErrorBudgetLow', 'service=orders'], 'slack-warnings'],
    [['alertname=Unlabelled'], 'slack-warnings'],
  ])('routes %j to %s', async (labels, receiver) => {
    expect(await routeOf(...labels)).toBe(receiver);
  });

  it('keeps every secret in a file, never in the config', () => {
    const text = readFileSync(CONFIG, 'utf8');
    for (const key of ['api_url', 'routing_key', 'service_key', 'auth_password', 'auth_secret', 'slack_api_url']) {
      expect(text, key).not.toMatch(new RegExp(`\\b${key}:`));
    }
    for (const key of ['slack_api_url_file', 'routing_key_file', 'smtp_auth_password_file']) expect(text).toContain(`${key}: /etc/alertmanager/secrets/`);
  });
});

// The example service (payment provider failing every call) -> collector -> Prometheus with the
// generated rules -> Alertmanager with alertmanager.yml -> Slack, PagerDuty and SMTP stand-ins.
// Only what cannot run here changes: stand-in URLs, secret file paths, no TLS to the SMTP stand-in,
// `for:` set to 0s (the example cannot wait 5 minutes) and group_wait shortened to 10s everywhere.
describe('alerts end to end: example -> collector -> Prometheus -> Alertmanager -> receivers', () => {
  const dir = tempDir('alerting-e2e');
  const hooks = new HttpRecorder({ '/pagerduty/v2/enqueue': { status: 202, body: '{"status":"success","message":"Event processed","dedup_key":"x"}' } });
  const smtp = new SmtpSink();
  let tempo: OtlpReceiver;
  let collector: CollectorProcess;
  let prometheus: PrometheusProcess;
  let alertmanager: AlertmanagerProcess;
  let app: ChildProcess;
  let paymentsApp: ChildProcess | undefined;
  let appOutput = '';
  let traffic: NodeJS.Timeout | undefined;
  const routingKey = 'R0UT1NGKEY0000000000000000000000';

  beforeAll(async () => {
    const hookPort = await hooks.start();
    const smtpPort = await smtp.start();
    const secrets = join(dir.path, 'secrets');
    mkdirSync(secrets);
    writeFileSync(join(secrets, 'slack-webhook-url'), `http://127.0.0.1:${hookPort}/slack`);
    writeFileSync(join(secrets, 'pagerduty-routing-key'), routingKey);
    writeFileSync(join(secrets, 'smtp-password'), 'not-used-without-auth');
    const config = parse(readFileSync(CONFIG, 'utf8').replaceAll('/etc/alertmanager/secrets/', `${secrets}/`)) as {
      global: Record<string, unknown>;
      route: { group_wait: string; routes: { group_wait?: string }[] };
      receivers: { name: string; pagerduty_configs?: Record<string, unknown>[] }[];
    };
    config.global.smtp_smarthost = `127.0.0.1:${smtpPort}`;
    config.global.smtp_require_tls = false;
    config.route.group_wait = '10s';
    for (const r of config.route.routes) r.group_wait = '10s';
    for (const r of config.receivers) for (const pd of r.pagerduty_configs ?? []) pd.url = `http://127.0.0.1:${hookPort}/pagerduty/v2/enqueue`;
    alertmanager = await AlertmanagerProcess.start(stringify(config));

    const rules = join(dir.path, 'rules');
    mkdirSync(rules);
    const ruleFiles = readdirSync(RULES_DIR).map((f) => {
      writeFileSync(join(rules, f), readFileSync(join(RULES_DIR, f), 'utf8').replace(/^(\s+)for: .+$/gm, '$1for: 0s'));
      return join(rules, f);
    });

    tempo = new OtlpReceiver({ port: await freePort() });
    await tempo.start();
    const { env, ports } = await testCollectorEnv(join(dir.path, 'storage'));
    const promEndpoint = `127.0.0.1:${await freePort()}`;
    collector = await CollectorProcess.start({ ...env, SIGHTLINE_TEMPO_ENDPOINT: tempo.url, SIGHTLINE_PROMETHEUS_ENDPOINT: promEndpoint }, ports);
    prometheus = await PrometheusProcess.start({
      scrapeTargets: [promEndpoint, `127.0.0.1:${ports.selfMetrics}`],
      ruleFiles,
      alertmanager: `127.0.0.1:${alertmanager.port}`,
    });

    const telemetry = {
      PATH: process.env.PATH!,
      HOME: process.env.HOME!,
      PORT: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpUrl,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '500',
    };
    const listening = (name: string) => new RegExp(`"port":(\\d+)[^\\n]*"msg":"${name} listening"`);
    paymentsApp = spawn(process.execPath, ['--require', '@sightline/instrumentation', 'src/server.js'], {
      // payments is slow, not failing: orders times out on every charge (its breaker opens, every payment
      // fails), while payments' own requests succeed, so the only error-rate alerts are orders' ones.
      cwd: `${EXAMPLES}payments`, env: { ...telemetry, PAYMENTS_DELAY_MS: '300' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let paymentsOutput = '';
    paymentsApp.stdout!.on('data', (d: Buffer) => (paymentsOutput += d.toString()));
    const paymentsPort = await waitFor('payments listening', () => paymentsOutput.match(listening('payments'))?.[1], 15_000);
    app = spawn(process.execPath, ['--import', '@sightline/instrumentation', 'src/server.js'], {
      cwd: `${EXAMPLES}orders`,
      env: {
        ...telemetry,
        SIGHTLINE_BUSINESS_RULES: './rules.yaml',
        PAYMENTS_URL: `http://127.0.0.1:${paymentsPort}`,
        ORDERS_PAYMENTS_TIMEOUT_MS: '100',
        RECONCILE_INTERVAL_MS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout!.on('data', (d: Buffer) => (appOutput += d.toString()));
    app.stderr!.on('data', (d: Buffer) => (appOutput += d.toString()));
    const port = await waitFor('orders listening', () => appOutput.match(listening('orders'))?.[1], 15_000);
    // Steady traffic until the end: rates need counters that keep moving (Prometheus first sees each
    // series at its current value), and the SLO windows need more requests than their guards (30 a day).
    let n = 0;
    traffic = setInterval(() => {
      n += 1;
      void fetch(`http://127.0.0.1:${port}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"amount":10}' }).catch(() => undefined);
      if (n % 5 === 0) void fetch(`http://127.0.0.1:${port}/nowhere`).catch(() => undefined);
    }, 100);
  });

  afterAll(async () => {
    clearInterval(traffic);
    app?.kill('SIGKILL');
    paymentsApp?.kill('SIGKILL');
    await collector?.stop();
    await prometheus?.stop();
    await alertmanager?.stop();
    await tempo?.stop();
    await hooks.stop();
    await smtp.stop();
    dir.remove();
  });

  // Expressions over metrics the example does not produce in a test run, and why.
  const NO_DATA_HERE: Record<string, string> = {
    HeapGrowth: 'compares the heap with an hour earlier',
    SightlineExporterDropping: 'the preload drops nothing while the collector is healthy; alerting-database.test.ts fires it',
    SlowDatabaseOperations: 'the example has no database here; alerting-database.test.ts fires it on a real PostgreSQL',
    DatabasePoolSaturated: 'the example has no database here; alerting-database.test.ts fires it on a real PostgreSQL',
  };

  it('runs every rule expression in Prometheus; those over the example\'s metrics return data', async () => {
    await waitFor('span metrics scraped', async () => ((await prometheus.query('traces_span_metrics_calls_total')).length > 0 ? true : undefined));
    const all = readdirSync(RULES_DIR).flatMap((f) =>
      (parse(readFileSync(join(RULES_DIR, f), 'utf8')) as { groups: { rules: { alert?: string; record?: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules),
    );
    for (const rule of all) await prometheus.query(rule.expr); // throws on a parse or evaluation error
    const empty: string[] = [];
    const recordings = all.filter((r) => r.record);
    const bases = ALERT_RULES.filter((r) => !(r.alert in NO_DATA_HERE)).map((r) => ({ record: r.alert, expr: r.expr }));
    await waitFor('data for every expression', async () => {
      empty.length = 0;
      for (const r of [...recordings, ...bases]) if ((await prometheus.query(r.expr)).length === 0) empty.push(`${r.record}: ${r.expr}`);
      return empty.length === 0 ? true : undefined;
    }, 60_000).catch(() => expect(empty).toEqual([]));
  });

  function mentions(requests: RecordedRequest[], text: string): RecordedRequest[] {
    return requests.filter((r) => JSON.stringify(r.body).includes(text));
  }

  it('pages (PagerDuty + e-mail) for the open breaker, posts the payment failures to Slack, once each, and inhibits the error-rate alert', async () => {
    const pages = await waitFor('PagerDuty event for CircuitBreakerOpen', () => {
      const found = mentions(hooks.on('/pagerduty/v2/enqueue'), 'CircuitBreakerOpen');
      return found.length > 0 ? found : undefined;
    }, 60_000);
    const slack = await waitFor('Slack message for BusinessFailureRatioHigh', () => {
      const found = mentions(hooks.on('/slack'), 'BusinessFailureRatioHigh');
      return found.length > 0 ? found : undefined;
    }, 60_000).catch(async (error: unknown) => {
      const held = (await alertmanager.alerts()).map((a) => `${a.labels.alertname}/${a.labels.severity}: ${a.status.state}`);
      throw new Error(`${String(error)}; Alertmanager holds ${JSON.stringify(held)}; receivers got ${JSON.stringify(hooks.requests.map((r) => r.path))}\n${alertmanager.output.slice(-2000)}`);
    });
    const mail = await waitFor('e-mail for CircuitBreakerOpen', () => {
      const found = smtp.mails.filter((m) => m.data.includes('CircuitBreakerOpen'));
      return found.length > 0 ? found : undefined;
    }, 60_000);

    // PagerDuty Events API v2 and Slack incoming-webhook payloads as Alertmanager puts them on the wire.
    const event = pages[0]!.body as { routing_key: string; event_action: string; dedup_key: string; payload: { summary: string; severity: string; source: string; custom_details: Record<string, unknown> } };
    expect(event.routing_key).toBe(routingKey);
    expect(event.event_action).toBe('trigger');
    expect(event.dedup_key).toMatch(/^[0-9a-f]{64}$/);
    expect(event.payload.severity).toBe('critical');
    expect(event.payload.summary).toContain('CircuitBreakerOpen orders: orders: breaker payments has not closed for 5 minutes');
    expect(JSON.stringify(event.payload.custom_details)).toContain('docs/runbooks/circuit-breaker-open.md');
    const message = slack[0]!.body as { channel: string; attachments: { title: string; text: string }[] };
    expect(message.channel).toBe('#alerts');
    expect(message.attachments[0]!.title).toBe('[FIRING] BusinessFailureRatioHigh orders');
    expect(message.attachments[0]!.text).toMatch(/orders: 100% of payments fail: Failed \/ attempted payments over 10 minutes .*: 100% \(above 10%\)\./);
    expect(message.attachments[0]!.text).toContain('Runbook: docs/runbooks/business-failure-ratio-high.md');
    expect(mail[0]!.to.join()).toContain('oncall@example.com');
    expect(mail[0]!.data).toContain('Subject: [FIRING] CircuitBreakerOpen orders');

    // The error-rate alerts reached Alertmanager and were inhibited by the breaker, not lost on the way.
    const errorRate = (await alertmanager.alerts()).filter((a) => a.labels.alertname === 'HighErrorRate');
    expect(errorRate.map((a) => a.labels.severity).sort()).toEqual(['critical', 'warning']);
    for (const a of errorRate) expect(a.status.state).toBe('suppressed');

    // Once: nothing more arrives for these groups (group_interval 5m, repeat hours away), and no
    // receiver ever heard of HighErrorRate.
    await new Promise((r) => setTimeout(r, 12_000));
    expect(mentions(hooks.on('/pagerduty/v2/enqueue'), 'CircuitBreakerOpen')).toHaveLength(1);
    expect(mentions(hooks.on('/slack'), 'BusinessFailureRatioHigh')).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.data.includes('CircuitBreakerOpen'))).toHaveLength(1);
    expect(mentions(hooks.requests, 'HighErrorRate')).toEqual([]);
    expect(smtp.mails.filter((m) => m.data.includes('HighErrorRate'))).toEqual([]);
  }, 180_000);
});
