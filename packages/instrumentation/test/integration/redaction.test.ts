import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';

describe('one redaction list for logs and spans', () => {
  const receiver = new OtlpReceiver();
  let app: RunningApp;
  beforeAll(async () => {
    await receiver.start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: { SIGHTLINE_PINO_REDACT_KEYS: 'order' } });
    await app.get('/secret');
    await receiver.waitFor('span and log', () => receiver.spans.length > 0 && receiver.logs.some((l) => l.body === 'secret route'));
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('masks span attributes whose key is sensitive, keeps the rest', () => {
    const span = receiver.spans.find((s) => s.attributes['url.path'] === '/secret')!;
    expect(span.attributes['app.password']).toBe('[Redacted]');
    expect(span.attributes['payment.api_key']).toBe('[Redacted]');
    expect(span.attributes['order.id']).toBe('o-1');
    expect(JSON.stringify(receiver.spans)).not.toContain('hunter2');
  });

  it('masks the same keys in pino lines, including keys added by SIGHTLINE_PINO_REDACT_KEYS', () => {
    const line = app.stdout().split('\n').find((l) => l.includes('secret route'))!;
    expect(JSON.parse(line)).toMatchObject({ password: '[Redacted]', order: '[Redacted]' });
    expect(JSON.stringify(receiver.logs)).not.toContain('hunter2');
  });
});
