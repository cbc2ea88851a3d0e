import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTOR_DIR, CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { PostgresServer } from './helpers/PostgresServer.ts';
import { PrometheusProcess } from './helpers/PrometheusProcess.ts';
import { waitFor } from './helpers/wait-for.ts';

// A real PostgreSQL, a service under the preload whose requests hold a pooled connection for 2.2 s
// (pool of 2, four requests in flight), the built collector and a real Prometheus evaluating the
// generated rules with `for:` set to 0s: the database alerts fire on real data. The service's traces
// go to an endpoint that refuses connections (its metrics to the collector), so the preload really
// drops spans and SightlineExporterDropping fires too.
const RULES_DIR = join(COLLECTOR_DIR, 'alerting/rules');
const dir = tempDir('alerting-db');
let postgres: PostgresServer;
let collector: CollectorProcess;
let prometheus: PrometheusProcess;
let app: ChildProcess;
let appOutput = '';
let traffic: NodeJS.Timeout | undefined;

beforeAll(async () => {
  postgres = await PostgresServer.start();
  const rules = join(dir.path, 'rules');
  mkdirSync(rules);
  const ruleFiles = ['sightline.rules.yaml'].map((f) => {
    writeFileSync(join(rules, f), readFileSync(join(RULES_DIR, f), 'utf8').replace(/^(\s+)for: .+$/gm, '$1for: 0s'));
    return join(rules, f);
  });
  expect(readdirSync(RULES_DIR)).toContain('sightline.rules.yaml');
  const { env, ports } = await testCollectorEnv(join(dir.path, 'storage'));
  const promEndpoint = `127.0.0.1:${await freePort()}`;
  collector = await CollectorProcess.start({ ...env, SIGHTLINE_PROMETHEUS_ENDPOINT: promEndpoint }, ports);
  prometheus = await PrometheusProcess.start({ scrapeTargets: [promEndpoint], ruleFiles });
  app = spawn(process.execPath, ['--import', '@sightline/instrumentation', 'test/fixtures/slow-db-service.mjs'], {
    cwd: COLLECTOR_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      OTEL_SERVICE_NAME: 'slow-db-service',
      SIGHTLINE_METRICS_BACKENDS: 'collector',
      SIGHTLINE_COLLECTOR_URL: collector.otlpHttpUrl,
      SIGHTLINE_TRACES_BACKENDS: 'axiom',
      AXIOM_TOKEN: 'xaat-test',
      AXIOM_DATASET: 'traces',
      AXIOM_METRICS_DATASET: 'metrics',
      AXIOM_DOMAIN: `127.0.0.1:${await freePort()}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '500',
      DATABASE_URL: postgres.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout!.on('data', (d: Buffer) => (appOutput += d.toString()));
  app.stderr!.on('data', (d: Buffer) => (appOutput += d.toString()));
  const port = await waitFor('slow-db-service listening', () => appOutput.match(/listening (\d+)/)?.[1], 20_000);
  let inFlight = 0;
  traffic = setInterval(() => {
    if (inFlight >= 4) return;
    inFlight += 1;
    void fetch(`http://127.0.0.1:${port}/`).catch(() => undefined).finally(() => (inFlight -= 1));
  }, 100);
});

afterAll(async () => {
  clearInterval(traffic);
  app?.kill('SIGKILL');
  await collector?.stop();
  await prometheus?.stop();
  await postgres?.stop();
  dir.remove();
});

async function firing(alertname: string): Promise<Record<string, string>> {
  return waitFor(`${alertname} firing`, async () => {
    const [alert] = await prometheus.query(`ALERTS{alertname="${alertname}", alertstate="firing"}`);
    return alert?.metric;
  }, 60_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${appOutput.slice(-1000)}`);
  });
}

describe('alerts on real failures: a slow PostgreSQL, telemetry that cannot be exported', () => {
  it('SlowDatabaseOperations fires on p95 db.client.operation.duration above 2 s', async () => {
    const alert = await firing('SlowDatabaseOperations');
    expect(alert).toMatchObject({ severity: 'warning', service: 'slow-db-service', job: 'slow-db-service', db_system_name: 'postgresql' });
  });

  it('DatabasePoolSaturated fires with every pooled connection in use', async () => {
    const alert = await firing('DatabasePoolSaturated');
    expect(alert).toMatchObject({ severity: 'warning', service: 'slow-db-service', job: 'slow-db-service' });
    expect(alert.db_client_connection_pool_name).toMatch(/127\.0\.0\.1:\d+\/postgres/);
  });

  it('SightlineExporterDropping fires when the preload cannot export its spans', async () => {
    const alert = await firing('SightlineExporterDropping');
    expect(alert).toMatchObject({ severity: 'warning', service: 'slow-db-service', job: 'slow-db-service', signal: 'traces' });
  });
});
