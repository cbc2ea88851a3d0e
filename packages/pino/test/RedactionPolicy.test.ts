import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CENSOR, RedactionPolicy } from '../src/index.js';
import { sink } from './helpers/otel.js';

describe('RedactionPolicy', () => {
  describe('.paths with pino', () => {
    it('redacts the default keys at the top level, in containers and in headers', () => {
      const out = sink();
      const logger = pino({ redact: new RedactionPolicy().toPinoRedact() }, out);
      logger.info({
        password: 'a', token: 'b', apiKey: 'c', iban: 'DE89370400440532013000', cardNumber: '4111111111111111',
        user: { password: 'd', name: 'ann' }, body: { secret: 'e' }, query: { access_token: 'f' },
        req: { headers: { authorization: 'g', cookie: 'h', 'x-api-key': 'i', 'x-request-id': 'ok', 'x-correlation-id': 'bad id\n' } },
        res: { headers: { 'set-cookie': 'j' } },
      });
      const line = JSON.stringify(out.lines[0]);
      for (const secret of ['"a"', '"b"', '"c"', 'DE89', '4111', '"d"', '"e"', '"f"', '"g"', '"h"', '"i"', '"j"', 'bad id']) expect(line).not.toContain(secret);
      expect(out.lines[0]).toMatchObject({ user: { name: 'ann' }, req: { headers: { 'x-request-id': 'ok', 'x-correlation-id': '[Invalid]' } } });
    });

    it('is user-extendable and keeps the user censor', () => {
      const out = sink();
      const policy = new RedactionPolicy().extend({ keys: ['ssn'], paths: ['order.customer.email'] });
      const logger = pino({ redact: policy.toPinoRedact({ paths: ['x.y'], censor: '***' }) }, out);
      logger.info({ ssn: 1, user: { ssn: 2 }, order: { customer: { email: 'e' } }, x: { y: 3 }, password: 'p', keep: 'k' });
      expect(out.lines[0]).toMatchObject({ ssn: '***', user: { ssn: '***' }, order: { customer: { email: '***' } }, x: { y: '***' }, password: '***', keep: 'k' });
    });
  });

  describe('.isSensitiveKey', () => {
    it('matches the last segment of span attribute keys ignoring case, - and _', () => {
      const policy = new RedactionPolicy();
      expect(policy.isSensitiveKey('http.request.header.authorization')).toBe(true);
      expect(policy.isSensitiveKey('user.Password')).toBe(true);
      expect(policy.isSensitiveKey('payment.card-number')).toBe(true);
      expect(policy.isSensitiveKey('http.response.header.set_cookie')).toBe(true);
      expect(policy.isSensitiveKey('http.route')).toBe(false);
      expect(policy.isSensitiveKey('tokens_used')).toBe(false);
    });
  });

  describe('.redactAttributes', () => {
    it('censors sensitive keys and masks valid card numbers and IBANs in strings', () => {
      const attrs = new RedactionPolicy().redactAttributes({
        'http.request.header.authorization': 'Bearer x',
        'url.full': 'https://x/pay?card=4111 1111 1111 1111&iban=DE89370400440532013000',
        'order.ref': '1234567812345678', // not Luhn-valid: kept
        'http.status_code': 200,
      });
      expect(attrs).toEqual({
        'http.request.header.authorization': '[Redacted]',
        'url.full': 'https://x/pay?card=[Redacted]&iban=[Redacted]',
        'order.ref': '1234567812345678',
        'http.status_code': 200,
      });
    });
  });
});

describe('RedactionPolicy URL redaction', () => {
  const policy = new RedactionPolicy();
  const R = DEFAULT_CENSOR;

  it.each([
    ['/users/jane.doe@example.com', `/users/${R}`],
    ['/users/jane.doe%40example.com/orders', `/users/${R}/orders`],
    ['/cards/4111111111111111', `/cards/${R}`],
    ['/cards/4111-1111-1111-1111/limit', `/cards/${R}/limit`],
    ['/accounts/DE89370400440532013000', `/accounts/${R}`],
    ['/session/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig-abc_def', `/session/${R}`],
    ['/reset/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', `/reset/${R}`],
    ['/invite/Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2Q', `/invite/${R}`],
  ])('%s -> %s', (path, expected) => {
    expect(policy.redactPath(path)).toBe(expected);
  });

  it.each([
    '/orders/123', '/', '/api/v1/products/electronics-and-gadgets-2024', '/orders/3fa85f64-5717-4562-b3fc-2c963f66afa6',
    '/users/:id', '/cards/4111111111111112', '/static/app.3f2a1b.js', '/health',
  ])('keeps the route-like %s readable', (path) => {
    expect(policy.redactPath(path)).toBe(path);
  });

  it('redacts a URL\'s password, path segments and sensitive query values, and card numbers in the query', () => {
    expect(policy.redactUrl('https://bob:hunter2@api.example.com/users/bob@example.com?api_key=abc123&page=2&card=4111111111111111'))
      .toBe(`https://bob:${R}@api.example.com/users/${R}?api_key=${R}&page=2&card=${R}`);
    expect(policy.redactUrl('http://svc:8080')).toBe('http://svc:8080');
    expect(policy.redactQuery('access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.x&q=shoes#top')).toBe(`access_token=${R}&q=shoes#top`);
  });

  it('masks credentials and personal data in free text, and leaves ordinary text alone', () => {
    expect(policy.redactMessage('key sk_live_4eC39HqLyjWDarjtT1zdp7dc for jane@x.io, auth Bearer abc.def-123'))
      .toBe(`key ${R} for ${R}, auth Bearer ${R}`);
    const plain = 'connect ECONNREFUSED 127.0.0.1:5432 while calling inventory-service-eu-west-1 (attempt 3 of 5)';
    expect(policy.redactMessage(plain)).toBe(plain);
  });
});
