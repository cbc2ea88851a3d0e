import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver, type ReceivedSpan } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';

describe('OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_*', () => {
  const receiver = new OtlpReceiver();
  let app: RunningApp;
  let server: ReceivedSpan;
  let client: ReceivedSpan;
  beforeAll(async () => {
    await receiver.start();
    app = await startApp('server.mjs', {
      otlp: receiver.url,
      env: {
        OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST: 'X-Tenant, authorization, x-forwarded-for, x-absent',
        OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_RESPONSE: 'x-request-id',
        OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_CLIENT_REQUEST: 'traceparent',
        OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_CLIENT_RESPONSE: 'x-request-id',
      },
    });
    await app.get('/call', { 'x-tenant': 'acme', authorization: 'Bearer s3cr3t-token', 'x-forwarded-for': 'jane.doe@example.com' });
    await receiver.waitFor('the /call server span and the http.get client span', () =>
      receiver.spans.some((s) => s.attributes['url.path'] === '/call') && receiver.spans.some((s) => s.kind === 3 && s.scope === '@sightline/instrumentation'));
    server = receiver.spans.find((s) => s.attributes['url.path'] === '/call')!;
    client = receiver.spans.find((s) => s.kind === 3 && s.scope === '@sightline/instrumentation')!;
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('records the listed request and response headers of server spans, lower-cased, through the redaction policy', () => {
    const headers = Object.fromEntries(Object.entries(server.attributes).filter(([k]) => k.startsWith('http.request.header.') || k.startsWith('http.response.header.')));
    expect(headers).toEqual({
      'http.request.header.x-tenant': ['acme'],
      'http.request.header.authorization': '[Redacted]',
      'http.request.header.x-forwarded-for': ['[Redacted]'],
      'http.response.header.x-request-id': [server.attributes['request.id']],
    });
  });

  it('records the listed headers of client spans', () => {
    expect(client.attributes['http.request.header.traceparent']).toEqual([`00-${client.traceId}-${client.spanId}-01`]);
    expect(client.attributes['http.response.header.x-request-id']).toHaveLength(1);
    expect(JSON.stringify(receiver.spans)).not.toContain('s3cr3t-token');
  });
});
