import { afterEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';

// Axiom cannot be reached from here: a local stand-in checks the exact wire contract instead.
describe('SIGHTLINE_BACKENDS presets', () => {
  const receivers: OtlpReceiver[] = [];
  let app: RunningApp | undefined;
  afterEach(async () => {
    app?.child.kill('SIGKILL');
    await Promise.all(receivers.map((r) => r.stop()));
  });

  it('axiom: traces and logs to the dataset, metrics to the metrics dataset, bearer token, protobuf', async () => {
    const axiom = await new OtlpReceiver().start();
    receivers.push(axiom);
    app = await startApp('server.mjs', {
      env: {
        SIGHTLINE_BACKENDS: 'axiom',
        AXIOM_URL: axiom.url,
        AXIOM_TOKEN: 'xaat-test-token-123',
        AXIOM_DATASET: 'shop-traces',
        AXIOM_METRICS_DATASET: 'shop-metrics',
      },
    });
    await app.get('/call');
    await axiom.waitFor('all three signals', () => ['traces', 'metrics', 'logs'].every((s) => axiom.requests.some((r) => r.signal === s)));
    for (const r of axiom.requests) {
      expect(r.headers.authorization).toBe('Bearer xaat-test-token-123');
      expect(r.headers['content-type']).toBe('application/x-protobuf');
      expect(r.path).toBe(`/v1/${r.signal}`);
      if (r.signal === 'metrics') {
        expect(r.headers['x-axiom-metrics-dataset']).toBe('shop-metrics');
        expect(r.headers['x-axiom-dataset']).toBeUndefined();
      } else {
        expect(r.headers['x-axiom-dataset']).toBe('shop-traces');
        expect(r.headers['x-axiom-metrics-dataset']).toBeUndefined();
      }
    }
    expect(app.stderr()).not.toContain('xaat-test-token-123');
  });

  it('collector,axiom: both receive traces; the collector never sees the Axiom token', async () => {
    const [collector, axiom] = [await new OtlpReceiver().start(), await new OtlpReceiver().start()];
    receivers.push(collector, axiom);
    app = await startApp('server.mjs', {
      env: {
        SIGHTLINE_BACKENDS: 'collector,axiom',
        SIGHTLINE_COLLECTOR_URL: collector.url,
        AXIOM_URL: axiom.url,
        AXIOM_TOKEN: 'xaat-secret-abc',
        AXIOM_DATASET: 'ds',
        AXIOM_METRICS_DATASET: 'mds',
      },
    });
    await app.get('/hello');
    await collector.waitFor('collector spans', () => collector.spans.length > 0);
    await axiom.waitFor('axiom spans', () => axiom.spans.length > 0);
    expect(collector.spans[0]!.traceId).toBe(axiom.spans[0]!.traceId);
    expect(collector.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('grafana-cloud: OTLP gateway paths under the endpoint, basic auth from instance id and token', async () => {
    const gateway = await new OtlpReceiver().start();
    receivers.push(gateway);
    app = await startApp('server.mjs', {
      env: { SIGHTLINE_BACKENDS: 'grafana-cloud', GRAFANA_CLOUD_OTLP_ENDPOINT: `${gateway.url}/otlp`, GRAFANA_CLOUD_INSTANCE_ID: '123456', GRAFANA_CLOUD_API_TOKEN: 'glc_secret' },
    });
    await app.get('/hello');
    await gateway.waitFor('traces and metrics', () => ['traces', 'metrics'].every((s) => gateway.requests.some((r) => r.signal === s)));
    for (const r of gateway.requests) {
      expect(r.path).toBe(`/otlp/v1/${r.signal}`);
      expect(r.headers.authorization).toBe(`Basic ${Buffer.from('123456:glc_secret').toString('base64')}`);
    }
    expect(app.stderr()).not.toContain('glc_secret');
  });

  it('OTEL_EXPORTER_OTLP_COMPRESSION=gzip compresses every export', async () => {
    const collector = await new OtlpReceiver().start();
    receivers.push(collector);
    app = await startApp('server.mjs', { otlp: collector.url, env: { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' } });
    await app.get('/hello');
    await collector.waitFor('spans', () => collector.spans.length > 0);
    expect(collector.requests.every((r) => r.headers['content-encoding'] === 'gzip')).toBe(true);
  });

  it('per-signal presets: traces to the collector only, metrics nowhere', async () => {
    const collector = await new OtlpReceiver().start();
    receivers.push(collector);
    app = await startApp('server.mjs', {
      env: { SIGHTLINE_BACKENDS: 'collector', SIGHTLINE_METRICS_BACKENDS: 'none', SIGHTLINE_LOGS_BACKENDS: 'none', SIGHTLINE_COLLECTOR_URL: collector.url },
    });
    await app.get('/hello');
    await collector.waitFor('spans', () => collector.spans.length > 0);
    await new Promise((r) => setTimeout(r, 700));
    expect(collector.requests.every((r) => r.signal === 'traces')).toBe(true);
  });
});

describe('switches', () => {
  it('OTEL_NODE_DISABLED_INSTRUMENTATIONS=http: no node:http spans, undici still traced, the app still works', async () => {
    const receiver = await new OtlpReceiver().start();
    const app = await startApp('server.mjs', { otlp: receiver.url, env: { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http' } });
    expect((await app.get('/call')).status).toBe(200);
    // /call fetches /hello (undici) and http.gets /hello (node:http): only the fetch is traced.
    await receiver.waitFor('the undici client span', () => receiver.spans.some((s) => s.scope === '@opentelemetry/instrumentation-undici'));
    await receiver.waitFor('runtime metrics', () => receiver.metrics.length > 0);
    app.child.kill('SIGKILL');
    await receiver.stop();
    expect(receiver.spans.filter((s) => s.scope === '@sightline/instrumentation')).toEqual([]);
    expect(receiver.spans.filter((s) => s.kind === 2)).toEqual([]);
    expect(receiver.metrics.filter((m) => m.name.startsWith('http.server.') || m.name === 'http.client.request.duration' && m.scope === '@sightline/instrumentation')).toEqual([]);
    expect(app.stderr()).toContain('instrumentations=runtime-node (on first use: undici,express,fastify,pg,ioredis,pino)');
  });

  it('OTEL_SDK_DISABLED=true: nothing is exported', async () => {
    const receiver = await new OtlpReceiver().start();
    const app = await startApp('server.mjs', { otlp: receiver.url, env: { OTEL_SDK_DISABLED: 'true' } });
    expect((await app.get('/hello')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 600));
    app.child.kill('SIGKILL');
    await receiver.stop();
    expect(receiver.requests).toEqual([]);
    expect(app.stderr()).toContain('sightline: disabled by OTEL_SDK_DISABLED=true');
  });

  it('bad configuration warns once per problem and falls back; SIGHTLINE_STRICT=1 refuses to start', async () => {
    const receiver = await new OtlpReceiver().start();
    const env = { OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer topsecret123,broken', OTEL_TRACES_SAMPLER: 'nope' };
    const app = await startApp('server.mjs', { otlp: receiver.url, env });
    await app.get('/hello');
    await receiver.waitFor('span', () => receiver.spans.length > 0);
    app.child.kill('SIGKILL');
    expect(app.stderr().match(/sightline: config: /g)).toHaveLength(2);
    expect(app.stderr()).toContain('OTEL_TRACES_SAMPLER="nope": unsupported sampler');
    expect(app.stderr()).not.toContain('topsecret123');

    const { startNode } = await import('@sightline/tests/process');
    const { PACKAGE_ROOT, FIXTURES } = await import('../helpers/app.js');
    const strict = startNode(['--import', '@sightline/instrumentation', `${FIXTURES}server.mjs`], { cwd: PACKAGE_ROOT, env: { ...env, SIGHTLINE_STRICT: '1' } });
    expect((await strict.exited).code).toBe(78);
    expect(strict.stderr()).toContain('SIGHTLINE_STRICT is set and the configuration has 2 problem(s): refusing to start');
    expect(strict.stdout()).not.toContain('listening');
    await receiver.stop();
  });
});

describe('OTEL_EXPORTER_OTLP_PROTOCOL=grpc', () => {
  it('exports traces, metrics and logs over OTLP/gRPC with the configured headers', async () => {
    const { OtlpGrpcReceiver } = await import('@sightline/tests/otlp-grpc-receiver');
    const store = new OtlpReceiver();
    const grpc = await new OtlpGrpcReceiver(store).start();
    const app = await startApp('server.mjs', {
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: grpc.url, OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=shop' },
    });
    await app.get('/call');
    await store.waitFor('all three signals over gRPC', () => store.spans.length >= 3 && store.metrics.length > 0 && store.logs.length > 0);
    app.child.kill('SIGKILL');
    await grpc.stop();
    expect(store.requests.every((r) => r.encoding === 'grpc' && r.headers['x-tenant'] === 'shop')).toBe(true);
    expect(store.spans.some((s) => s.attributes['url.path'] === '/call')).toBe(true);
    expect(app.stderr()).toContain(`traces -> ${grpc.url} (grpc, headers: x-tenant)`);
  });
});
