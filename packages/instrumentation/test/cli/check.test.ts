import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startNode } from '@sightline/tests/process';
import { PACKAGE_ROOT } from '../helpers/app.js';

async function check(env: NodeJS.ProcessEnv, ...flags: string[]) {
  const p = startNode([`${PACKAGE_ROOT}bin/sightline.js`, 'check', ...flags], { cwd: PACKAGE_ROOT, env });
  const { code } = await p.exited;
  return { code, out: p.stdout() };
}

describe('sightline check', () => {
  const good = new OtlpReceiver();
  const failing = new OtlpReceiver({ status: 401 });
  beforeAll(async () => {
    await good.start();
    await failing.start();
  });
  afterAll(async () => {
    await good.stop();
    await failing.stop();
  });

  it('prints the resolved configuration and exits 0 when there is no problem', async () => {
    const { code, out } = await check({ OTEL_SERVICE_NAME: 'checkout', SIGHTLINE_BACKENDS: 'axiom', AXIOM_TOKEN: 'xaat-very-secret', AXIOM_DATASET: 'd', AXIOM_METRICS_DATASET: 'm' });
    expect(code).toBe(0);
    expect(out).toContain('service:          checkout');
    expect(out).toContain('traces:           https://api.axiom.co/v1/traces [http/protobuf, from axiom');
    expect(out).toContain('x-axiom-metrics-dataset: m');
    expect(out).toContain('no problems');
    expect(out).not.toContain('xaat-very-secret');
  });

  it('lists every problem and exits 1', async () => {
    const { code, out } = await check({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317/v1/traces',
      OTEL_EXPORTER_OTLP_HEADERS: 'nokey',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'htp',
      SIGHTLINE_BACKENDS: 'collector,nope,axiom',
    });
    expect(code).toBe(1);
    expect(out).toMatch(/\d+ problem\(s\):/);
    for (const text of ['already ends with /v1/traces', 'port 4317 is OTLP/gRPC', 'malformed header "nokey"', 'unknown instrumentation "htp"', 'unknown preset "nope"', 'needs AXIOM_TOKEN']) {
      expect(out).toContain(text);
    }
  });

  it('--probe sends an empty export to each endpoint and reports the answer', async () => {
    const ok = await check({ OTEL_EXPORTER_OTLP_ENDPOINT: good.url }, '--probe');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`probe traces ${good.url}/v1/traces: ok (HTTP 200`);
    expect(good.requests.map((r) => r.path).sort()).toEqual(['/v1/logs', '/v1/metrics', '/v1/traces']);

    const bad = await check({ OTEL_EXPORTER_OTLP_ENDPOINT: failing.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, '--probe');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`probe metrics ${failing.url}/v1/metrics: FAILED (HTTP 401`);

    const port = await freePort();
    const down = await check({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` }, '--probe');
    expect(down.code).toBe(1);
    expect(down.out).toContain('no answer: ECONNREFUSED');
  });

  it('rejects unknown commands with usage and exit 2', async () => {
    const { code, out } = await check({}, '--bogus');
    expect(code).toBe(2);
    expect(out).toContain('usage: sightline check');
  });
});
