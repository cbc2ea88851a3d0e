import { RedactionPolicy } from '@sightline/pino/policy';
import { AlwaysOnSampler, TracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { SpanRedactionProcessor } from '../../src/sdk/SpanRedactionProcessor.js';

function ended(attributes: Record<string, unknown>, spans = 1): Record<string, unknown>[] {
  const seen: ReadableSpan[] = [];
  const collect: SpanProcessor = { onStart: () => {}, onEnd: (span) => void seen.push(span), forceFlush: async () => {}, shutdown: async () => {} };
  const provider = new TracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new SpanRedactionProcessor(new RedactionPolicy()), collect],
  });
  const tracer = provider.getTracer('test');
  for (let i = 0; i < spans; i++) tracer.startSpan('GET', { attributes: attributes as never }).end();
  expect(seen).toHaveLength(spans);
  return seen.map((s) => ({ ...s.attributes }));
}

describe('SpanRedactionProcessor', () => {
  const attributes = {
    'app.password': 'hunter2',
    'url.path': '/users/jane.doe@example.com',
    'http.route': '/users/:id',
    'url.full': 'https://bob:s3cret@api.example.com/cards/4111111111111111?api_key=abc123&page=2',
    'http.url': 'http://api.example.com/users/jane.doe@example.com',
    'url.query': 'token=abc&page=1',
    'http.request.header.x-forwarded-for': ['jane.doe@example.com', 'ok'],
    'http.response.header.x-note': 'jane.doe@example.com',
    'url.scheme': 'https',
    'http.response.status_code': 200,
  };

  it('treats each attribute by its key: secret keys, paths, URLs, queries, captured headers, the rest as is', () => {
    const [out] = ended(attributes);
    expect(out).toEqual({
      'app.password': '[Redacted]',
      'url.path': '/users/[Redacted]',
      'http.route': '/users/:id',
      'url.full': 'https://bob:[Redacted]@api.example.com/cards/[Redacted]?api_key=[Redacted]&page=2',
      'http.url': 'http://api.example.com/users/[Redacted]',
      'url.query': 'token=[Redacted]&page=1',
      'http.request.header.x-forwarded-for': ['[Redacted]', 'ok'],
      // a captured header is a list; a plain string under that prefix is not one
      'http.response.header.x-note': 'jane.doe@example.com',
      'url.scheme': 'https',
      'http.response.status_code': 200,
    });
  });

  it('treats the same keys the same way on later spans (the decision is kept per key)', () => {
    const [first, second, third] = ended(attributes, 3);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });

  it('leaves values of the wrong kind alone under path and URL keys', () => {
    const [out] = ended({ 'url.path': 42, 'url.full': true });
    expect(out).toEqual({ 'url.path': 42, 'url.full': true });
  });
});
