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

describe('personal data in URL paths', () => {
  const receiver = new OtlpReceiver();
  let app: RunningApp;
  beforeAll(async () => {
    await receiver.start();
    app = await startApp('server.mjs', { otlp: receiver.url });
    await app.get('/users/jane.doe@example.com?page=1');
    await app.get('/cards/4111111111111111/limit');
    await app.get('/orders/123');
    await receiver.waitFor('three server spans', () => receiver.spans.filter((s) => s.kind === 2).length >= 3);
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('masks e-mails and card numbers in url.path, keeps route-like paths readable', () => {
    const paths = receiver.spans.filter((s) => s.kind === 2).map((s) => s.attributes['url.path']).sort();
    expect(paths).toEqual(['/cards/[Redacted]/limit', '/orders/123', '/users/[Redacted]']);
    expect(JSON.stringify(receiver.spans)).not.toMatch(/jane\.doe|4111111111111111/);
  });
});

describe('SIGHTLINE_PINO_REDACT=0 turns span redaction off too (one switch, one grammar)', () => {
  const receiver = new OtlpReceiver();
  let app: RunningApp;
  beforeAll(async () => {
    await receiver.start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: { SIGHTLINE_PINO_REDACT: '0' } });
    await app.get('/secret');
    await receiver.waitFor('the /secret span', () => receiver.spans.some((s) => s.attributes['url.path'] === '/secret'));
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('neither logs nor spans are redacted', () => {
    const span = receiver.spans.find((s) => s.attributes['url.path'] === '/secret')!;
    expect(span.attributes['app.password']).toBe('hunter2');
    const line = app.stdout().split('\n').find((l) => l.includes('secret route'))!;
    expect(JSON.parse(line)).toMatchObject({ password: 'hunter2' });
  });
});
