import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RedactionPolicy } from '../src/index.js';
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
