import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';

describe('ESM app with --import (http/protobuf)', () => {
  const receiver = new OtlpReceiver();
  let app: RunningApp;

  beforeAll(async () => {
    await receiver.start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: { NODE_ENV: 'staging' } });
    expect((await app.get('/call', { 'x-request-id': 'req-42' })).status).toBe(200);
    expect((await app.get('/health')).status).toBe(200);
    await receiver.waitFor('server, fetch and http client spans', () => receiver.spans.filter((s) => s.kind === 2).length >= 3 && receiver.spans.filter((s) => s.kind === 3).length >= 2);
    await receiver.waitFor('http.server.request.duration', () => receiver.metrics.some((m) => m.name === 'http.server.request.duration'));
    await receiver.waitFor('a log record', () => receiver.logs.some((l) => l.body === 'called downstream'));
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('exports protobuf to the per-signal paths', () => {
    expect(new Set(receiver.requests.map((r) => r.path))).toEqual(new Set(['/v1/traces', '/v1/metrics', '/v1/logs']));
    expect(receiver.requests.every((r) => r.encoding === 'protobuf')).toBe(true);
  });

  it('names the service from the app package.json, with version and environment', () => {
    const r = receiver.spans[0]!.resource;
    expect(r['service.name']).toBe('fixture-shop');
    expect(r['service.version']).toBe('3.2.1');
    expect(r['deployment.environment.name']).toBe('staging');
    expect(r['host.name']).toBeTypeOf('string');
    expect(r['process.pid']).toBe(app.child.pid);
  });

  it('records a server span with HTTP semantic-convention attributes and the request id', () => {
    const call = receiver.spans.find((s) => s.kind === 2 && s.attributes['url.path'] === '/call')!;
    expect(call).toBeDefined();
    expect(call.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'server.port': app.port,
      'network.protocol.version': '1.1',
      'request.id': 'req-42',
    });
  });

  it('links outgoing fetch and http.get calls as children, propagating the trace to the callee', () => {
    const call = receiver.spans.find((s) => s.kind === 2 && s.attributes['url.path'] === '/call')!;
    const clients = receiver.spans.filter((s) => s.kind === 3 && s.traceId === call.traceId);
    expect(clients.length).toBeGreaterThanOrEqual(2);
    for (const c of clients) {
      expect(c.parentSpanId).toBe(call.spanId);
      const callee = receiver.spans.find((s) => s.kind === 2 && s.parentSpanId === c.spanId);
      expect(callee?.attributes['url.path']).toBe('/hello');
      expect(callee?.traceId).toBe(call.traceId);
      // the request id travels as baggage to the downstream request
      expect(callee?.attributes['request.id']).toBe('req-42');
    }
  });

  it('does not trace or count health checks', async () => {
    expect(receiver.spans.some((s) => s.attributes['url.path'] === '/health')).toBe(false);
    // A fresh cumulative export, taken after every request above was answered.
    const seen = receiver.metrics.length;
    await receiver.waitFor('a later export of http.server.request.duration', () => receiver.metrics.slice(seen).some((m) => m.name === 'http.server.request.duration'));
    const points = receiver.metrics.slice(seen).filter((m) => m.name === 'http.server.request.duration').at(-1)!.points;
    // /call and the two /hello calls it makes; never /health
    expect(points.reduce((n, p) => n + (p.count ?? 0), 0)).toBe(3);
    expect(points.every((p) => p.attributes['http.request.method'] === 'GET')).toBe(true);
  });

  it('exports HTTP client and runtime metrics', async () => {
    await receiver.waitFor('runtime metrics', () => receiver.metrics.some((m) => m.name.startsWith('nodejs.eventloop') || m.name.startsWith('v8js')));
    const names = new Set(receiver.metrics.map((m) => m.name));
    expect(names.has('http.client.request.duration')).toBe(true);
    expect([...names].some((n) => n.startsWith('v8js.memory') || n.startsWith('v8js.heap'))).toBe(true);
  });

  it('exports pino lines as log records carrying the trace context', () => {
    const call = receiver.spans.find((s) => s.kind === 2 && s.attributes['url.path'] === '/call')!;
    const log = receiver.logs.find((l) => l.body === 'called downstream')!;
    expect(log.traceId).toBe(call.traceId);
    expect(log.spanId).toBe(call.spanId);
  });

  it("exports a record from the OpenTelemetry logs API with the attributes' own keys only", async () => {
    await app.get('/api-log');
    await receiver.waitFor('the API log record', () => receiver.logs.some((l) => l.body === 'api log'));
    const log = receiver.logs.find((l) => l.body === 'api log')!;
    expect(log.attributes).toEqual({ 10: 'ten', z: 1, a: 'x' });
  });

  it('ends the span of a request the client abandoned, marked aborted', async () => {
    await new Promise<void>((resolve) => {
      const req = http.get(`http://127.0.0.1:${app.port}/slow`);
      req.on('error', () => resolve());
      setTimeout(() => req.destroy(), 100);
    });
    await receiver.waitFor('the aborted span', () => receiver.spans.some((s) => s.attributes['url.path'] === '/slow'));
    const span = receiver.spans.find((s) => s.attributes['url.path'] === '/slow')!;
    expect(span.attributes['error.type']).toBe('aborted');
    expect(span.status.code).toBe(2);
    expect(span.attributes['http.response.status_code']).toBeUndefined();
  });

  it('prints one startup line naming the service and destinations', () => {
    const lines = app.stderr().split('\n').filter((l) => l.startsWith('sightline: service='));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('service=fixture-shop');
    expect(lines[0]).toContain(`traces -> ${receiver.url}/v1/traces (http/protobuf)`);
  });
});
