import { RedactionPolicy } from '@sightline/pino';
import { describe, expect, it } from 'vitest';
import { scrubEvent } from '../../src/sentry/scrub-event.js';

describe('scrubEvent', () => {
  it('applies the redaction policy to messages, breadcrumbs, request data, extra and user', () => {
    const event = scrubEvent({
      message: 'login failed for jane.doe@example.com',
      exception: { values: [{ type: 'Error', value: 'charge 4111 1111 1111 1111 declined', stacktrace: { frames: [{ filename: 'app.js', lineno: 3 }] } }] },
      breadcrumbs: [
        { message: 'GET https://api.example.com/users/jane.doe@example.com?api_key=k3y', data: { authorization: 'Bearer abc', url: 'https://bob:hunter2@x.example/' } },
        { category: 'console', message: 'ok' },
      ],
      request: {
        url: 'https://shop.example/reset/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig?token=t0k3n',
        query_string: 'token=t0k3n&page=2',
        headers: { Authorization: 'Bearer abc', 'x-api-key': 'k3y', accept: 'text/html' },
        cookies: { session: 's3ss' },
        data: { user: { password: 'hunter2', note: 'IBAN DE89370400440532013000' } },
      },
      extra: { order: { cardNumber: '4111111111111111' } },
      user: { id: '42', email: 'jane.doe@example.com' },
      contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) } },
    }, new RedactionPolicy());
    const R = '[Redacted]';
    expect(event).toEqual({
      message: `login failed for ${R}`,
      exception: { values: [{ type: 'Error', value: `charge ${R} declined`, stacktrace: { frames: [{ filename: 'app.js', lineno: 3 }] } }] },
      breadcrumbs: [
        { message: `GET https://api.example.com/users/${R}?api_key=${R}`, data: { authorization: R, url: `https://bob:${R}@x.example/` } },
        { category: 'console', message: 'ok' },
      ],
      request: {
        url: `https://shop.example/reset/${R}?token=${R}`,
        query_string: `token=${R}&page=2`,
        headers: { Authorization: R, 'x-api-key': R, accept: 'text/html' },
        cookies: { session: R },
        data: { user: { password: R, note: `IBAN ${R}` } },
      },
      extra: { order: { cardNumber: R } },
      user: { id: '42', email: R },
      contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) } },
    });
  });
});
