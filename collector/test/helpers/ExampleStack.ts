import { fileURLToPath } from 'node:url';
import { startNode, type RunningProcess } from '@sightline/tests/process';
import { CollectorProcess, tempDir, testCollectorEnv } from './CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver, type ReceivedLog } from '@sightline/tests/otlp-receiver';
import { PostgresServer } from './PostgresServer.ts';
import { PrometheusProcess } from './PrometheusProcess.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

/**
 * The example as the compose stack runs it, on loopback: orders and payments (two processes
 * under the preload, orders calling payments), PostgreSQL, the built collector with every trace kept,
 * stand-ins for Tempo and Loki, and a real Prometheus scraping the collector's exporter and its own
 * metrics.
 */
export class ExampleStack {
  tempo!: OtlpReceiver;
  loki!: OtlpReceiver;
  private readonly storage = tempDir('example-stack');
  collector!: CollectorProcess;
  prometheus!: PrometheusProcess;
  postgres!: PostgresServer;
  orders!: RunningProcess;
  payments!: RunningProcess;
  ordersUrl = '';

  /** `ruleFiles`: recording and alert rules for Prometheus (the generated SLO rules, when present). */
  async start(paymentFailureRate: number, ruleFiles: string[] = []): Promise<void> {
    this.tempo = new OtlpReceiver({ port: await freePort() });
    this.loki = new OtlpReceiver({ port: await freePort() });
    await Promise.all([this.tempo.start(), this.loki.start()]);
    this.postgres = await PostgresServer.start();
    const { env, ports } = await testCollectorEnv(this.storage.path);
    const promEndpoint = `127.0.0.1:${await freePort()}`;
    this.collector = await CollectorProcess.start({
      ...env,
      SIGHTLINE_SAMPLING_PERCENT: '100',
      SIGHTLINE_TEMPO_ENDPOINT: this.tempo.url,
      SIGHTLINE_LOKI_ENDPOINT: `${this.loki.url}/otlp`,
      SIGHTLINE_PROMETHEUS_ENDPOINT: promEndpoint,
    }, ports);
    this.prometheus = await PrometheusProcess.start({ scrapeTargets: [promEndpoint, `127.0.0.1:${ports.selfMetrics}`], ruleFiles });
    const common = {
      OTEL_EXPORTER_OTLP_ENDPOINT: this.collector.otlpHttpUrl,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '500',
    };
    this.payments = startNode(['--require', '@sightline/instrumentation', 'src/server.js'], {
      cwd: `${EXAMPLES}payments`,
      env: { ...common, PORT: '0', PAYMENTS_FAILURE_RATE: String(paymentFailureRate) },
    });
    const paymentsPort = (await this.payments.waitForOutput(/"port":(\d+)[^\n]*"msg":"payments listening"/, 20_000))[1];
    this.orders = startNode(['--import', '@sightline/instrumentation', 'src/server.js'], {
      cwd: `${EXAMPLES}orders`,
      env: {
        ...common,
        PORT: '0',
        SIGHTLINE_BUSINESS_RULES: './rules.yaml',
        PAYMENTS_URL: `http://127.0.0.1:${paymentsPort}`,
        // The breaker opens after 5 calls with half of them failed; half-opens after 5 s (the default).
        ORDERS_BREAKER_VOLUME: '5',
        DATABASE_URL: this.postgres.url,
        RECONCILE_INTERVAL_MS: '500',
      },
    });
    this.ordersUrl = `http://127.0.0.1:${(await this.orders.waitForOutput(/"port":(\d+)[^\n]*"msg":"orders listening"/, 20_000))[1]}`;
  }

  /** Log records the Loki stand-in received (Loki's OTLP path is /otlp/v1/logs). */
  lokiLogs(): ReceivedLog[] {
    return this.loki.logs;
  }

  /** Stops whatever started, even after a failed start; one failing step does not keep the others running. */
  async stop(): Promise<void> {
    this.orders?.child.kill('SIGKILL');
    this.payments?.child.kill('SIGKILL');
    await Promise.allSettled([this.collector?.stop(), this.prometheus?.stop(), this.postgres?.stop()]);
    await Promise.allSettled([this.tempo?.stop(), this.loki?.stop()]);
    this.storage.remove();
  }
}
