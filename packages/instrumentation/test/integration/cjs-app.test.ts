import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';

describe('CommonJS express app with --require (http/json)', () => {
  const receiver = new OtlpReceiver();
  let app: RunningApp;

  beforeAll(async () => {
    await receiver.start();
    app = await startApp('server.cjs', {
      preload: 'require',
      otlp: receiver.url,
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'users-api', OTEL_RESOURCE_ATTRIBUTES: 'team=identity,service.name=ignored' },
    });
    const res = await app.get('/users/7');
    expect(await res.json()).toEqual({ id: '7' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await app.get('/healthz')).status).toBe(200);
    await receiver.waitFor('the route span and the fetch child', () => receiver.spans.some((s) => s.name === 'GET /users/:id') && receiver.spans.some((s) => s.kind === 3));
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('sends OTLP/JSON', () => {
    expect(receiver.requests.length).toBeGreaterThan(0);
    expect(receiver.requests.every((r) => r.encoding === 'json' && r.headers['content-type'] === 'application/json')).toBe(true);
  });

  it('names the server span after the express route and sets http.route', () => {
    const span = receiver.spans.find((s) => s.name === 'GET /users/:id')!;
    expect(span.kind).toBe(2);
    expect(span.attributes['http.route']).toBe('/users/:id');
    expect(span.attributes['url.path']).toBe('/users/7');
    expect(span.resource['service.name']).toBe('users-api');
    expect(span.resource.team).toBe('identity');
  });

  it('has express middleware spans and the fetch client span under the server span', () => {
    const server = receiver.spans.find((s) => s.name === 'GET /users/:id')!;
    const inTrace = receiver.spans.filter((s) => s.traceId === server.traceId);
    expect(inTrace.some((s) => s.scope.includes('express'))).toBe(true);
    const client = inTrace.find((s) => s.kind === 3)!;
    const callee = receiver.spans.find((s) => s.kind === 2 && s.parentSpanId === client.spanId)!;
    expect(callee.attributes['url.path']).toBe('/plain');
  });

  it('does not trace /healthz, even through express', () => {
    expect(receiver.spans.some((s) => s.attributes['url.path'] === '/healthz' || s.name.includes('healthz'))).toBe(false);
  });
});
