import { spawn } from 'node:child_process';
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

  it('a reader that stops early (`sightline check | head`) gets no EPIPE stack trace, and the exit status is the check\'s', async () => {
    for (const [env, expected] of [[{ OTEL_SERVICE_NAME: 'checkout' }, 0], [{ OTEL_SERVICE_NAME: 'checkout', SIGHTLINE_BACKENDS: 'nowhere' }, 1]] as const) {
      const child = spawn(process.execPath, [`${PACKAGE_ROOT}bin/sightline.js`, 'check'], { cwd: PACKAGE_ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const code = await new Promise<number | null>((ok) => child.on('close', ok));
      expect(stderr).toBe('');
      expect(code).toBe(expected);
    }
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

  it('sees misspelled names and the problems of pino\'s and the processors\' variables, like the preload', async () => {
    const env = {
      SIGHTLINE_BACKEND: 'axiom', SIGHTLINE_IGNORE_PATH: '/x', OTEL_EXPORTER_OTLP_ENDPIONT: 'http://c:4318',
      SIGHTLINE_PINO_REDACT: 'nope', SIGHTLINE_PROCESSORS: 'business,bogus',
    };
    const { code, out } = await check(env);
    expect(code).toBe(1);
    const problems = out.split('\n').filter((l) => l.startsWith('  - ')).map((l) => l.slice(4)).sort();
    expect(problems).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPIONT: not a variable Sightline knows; did you mean OTEL_EXPORTER_OTLP_ENDPOINT?; ignoring it',
      'SIGHTLINE_BACKEND: unknown variable; did you mean SIGHTLINE_BACKENDS?; ignoring it',
      'SIGHTLINE_IGNORE_PATH: unknown variable; did you mean SIGHTLINE_IGNORE_PATHS?; ignoring it',
      'SIGHTLINE_PINO_REDACT="nope": expected one of true/1/yes/on or false/0/no/off; using true',
      'SIGHTLINE_PROCESSORS="business,bogus": unknown processor "bogus" (known: all, none, circuit_breaker, business, service_graph, job); skipping it',
    ]);
    // The preload prints the same list at startup, and SIGHTLINE_STRICT refuses to start on it.
    const app = startNode(['--import', '@sightline/instrumentation', '-e', 'setTimeout(() => {}, 10)'], { cwd: PACKAGE_ROOT, env: { ...env, SIGHTLINE_STRICT: 'yes' } });
    const { code: status } = await app.exited;
    expect(status).toBe(78);
    const printed = app.stderr().split('\n').filter((l) => l.startsWith('sightline: config: ')).map((l) => l.slice('sightline: config: '.length)).sort();
    expect(printed).toEqual(problems);
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

  it('describes the health probes and lists bad health variables as problems', async () => {
    const off = await check({});
    expect(off.out).toContain('health probes:    off (SIGHTLINE_HEALTH_PORT unset');
    const on = await check({ SIGHTLINE_HEALTH_PORT: '9000', SIGHTLINE_HEALTH_CRITICAL_BREAKERS: 'payments' });
    expect(on.code).toBe(0);
    expect(on.out).toContain('health probes:    all interfaces:9000 | drain 5000 ms on SIGTERM | startup on listen | critical breakers: payments | unlive after loop delay > 1000 ms for 10000 ms');
    const bad = await check({ SIGHTLINE_HEALTH_PORT: '9000', SIGHTLINE_HEALTH_STARTUP: 'later' });
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('  - SIGHTLINE_HEALTH_STARTUP="later": expected one of listen, manual; using listen');
  });

  it('rejects unknown commands with usage and exit 2', async () => {
    const { code, out } = await check({}, '--bogus');
    expect(code).toBe(2);
    expect(out).toContain('usage: sightline check');
  });
});
