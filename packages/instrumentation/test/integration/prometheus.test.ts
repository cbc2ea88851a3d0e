import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';

const exec = promisify(execFile);
const ENSURE_PROMETHEUS = fileURLToPath(new URL('../../../../collector/scripts/ensure-prometheus.sh', import.meta.url));

describe('OTEL_METRICS_EXPORTER=prometheus', () => {
  const receiver = new OtlpReceiver();
  let app: RunningApp;
  let port: number;
  let scrape: string;

  beforeAll(async () => {
    execFileSync(ENSURE_PROMETHEUS, { stdio: ['ignore', 'inherit', 'inherit'] });
    await receiver.start();
    port = await freePort();
    app = await startApp('server.mjs', {
      otlp: receiver.url,
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1', OTEL_EXPORTER_PROMETHEUS_PORT: String(port) },
    });
    expect((await app.get('/call')).status).toBe(200);
    await receiver.waitFor('the server span', () => receiver.spans.some((s) => s.kind === 2));
    for (let i = 0; i < 50 && !/^http_server_request_duration\w*_bucket/m.test(scrape ?? ''); i++) {
      scrape = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('serves the HTTP and runtime metrics on the scrape endpoint, and pushes none', () => {
    expect(scrape).toMatch(/^http_server_request_duration(_seconds)?_bucket\{.*http_request_method="GET".*http_response_status_code="200".*\} \d+/m);
    expect(scrape).toMatch(/^http_client_request_duration(_seconds)?_count\{/m);
    expect(scrape).toMatch(/^target_info\{.*service_name="fixture-shop".*service_instance_id="[0-9a-f-]{36}"/m);
    expect(receiver.requests.filter((r) => r.signal === 'metrics')).toEqual([]);
  });

  it('is valid exposition format (promtool check metrics)', async () => {
    const child = execFile('promtool', ['check', 'metrics']);
    let out = '';
    child.stdout!.on('data', (c) => { out += c; });
    child.stderr!.on('data', (c) => { out += c; });
    child.stdin!.end(scrape);
    const code = await new Promise((ok) => child.on('exit', ok));
    // promtool lints too (e.g. counters without _total); the format itself must parse.
    expect(out).not.toMatch(/error while linting|parse error|text format parsing error/i);
    expect([0, 3]).toContain(code);
  });

  it('names the endpoint in the startup line', () => {
    expect(app.stderr()).toContain(`metrics -> prometheus http://127.0.0.1:${port}/metrics`);
  });
});
