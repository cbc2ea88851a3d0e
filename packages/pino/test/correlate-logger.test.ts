import { trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { context } from '@opentelemetry/api';
import pino from 'pino';
import pino9 from 'pino9';
import { beforeAll, describe, expect, it } from 'vitest';
import { correlateLogger, createCorrelationMixin, sightlinePinoOptions } from '../src/index.js';
import { inSpan, setupOtel, sink } from './helpers/otel.js';

const otel = setupOtel();

describe('createCorrelationMixin', () => {
  it('adds the active span and baggage request id, nothing outside a span', () => {
    const out = sink();
    const logger = pino({ mixin: createCorrelationMixin() }, out);
    logger.info('outside');
    const sc = inSpan((ctx) => {
      logger.info('inside');
      return trace.getSpan(ctx)!.spanContext();
    }, { requestId: 'r-1' });
    expect(out.lines[0]).not.toHaveProperty('trace_id');
    expect(out.lines[0]).not.toHaveProperty('request_id');
    expect(out.lines[1]).toMatchObject({ trace_id: sc.traceId, span_id: sc.spanId, trace_flags: '01', request_id: 'r-1' });
  });

  it('keeps the user mixin; theirs wins on conflicts but undefined does not erase ours', () => {
    const out = sink();
    const logger = pino({ mixin: createCorrelationMixin(() => ({ tenant: 't1', span_id: 'theirs', request_id: undefined })) }, out);
    inSpan(() => logger.info('x'), { requestId: 'r-2' });
    expect(out.lines[0]).toMatchObject({ tenant: 't1', span_id: 'theirs', request_id: 'r-2' });
    expect(out.lines[0]?.['trace_id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('follows context changes between lines (the per-context cache is refreshed)', () => {
    const out = sink();
    const logger = pino({ mixin: createCorrelationMixin() }, out);
    const a = inSpan((ctx) => { logger.info('a'); return trace.getSpan(ctx)!.spanContext().spanId; });
    const b = inSpan((ctx) => { logger.info('b'); return trace.getSpan(ctx)!.spanContext().spanId; });
    logger.info('c');
    expect(out.lines.map((l) => l['span_id'])).toEqual([a, b, undefined]);
  });
});

describe('correlateLogger', () => {
  beforeAll(() => otel.logs.reset());

  for (const [name, factory] of [['pino 10', pino], ['pino 9', pino9]] as const) {
    it(`${name}: correlates an existing logger and the children it already had, exports each line once`, () => {
      const out = sink();
      const logger = (factory as typeof pino)({ level: 'debug', mixin: () => ({ svc: 'a' }) }, out);
      const earlyChild = logger.child({ part: 'early' });
      correlateLogger(logger, { redaction: false });
      correlateLogger(logger); // second call is a no-op
      otel.logs.reset();
      const sc = inSpan((ctx) => {
        logger.info('parent');
        earlyChild.info('early child');
        logger.child({ part: 'late' }).warn('late child');
        return trace.getSpan(ctx)!.spanContext();
      }, { requestId: 'r-3' });
      expect(out.lines).toHaveLength(3);
      for (const line of out.lines) expect(line).toMatchObject({ trace_id: sc.traceId, span_id: sc.spanId, request_id: 'r-3', svc: 'a' });
      const records = otel.logs.getFinishedLogRecords();
      expect(records.map((r) => r.body)).toEqual(['parent', 'early child', 'late child']);
      for (const r of records) {
        expect(r.spanContext?.traceId).toBe(sc.traceId);
        expect(r.attributes['request.id']).toBe('r-3');
      }
      expect(records[1]?.attributes['part']).toBe('early');
    });
  }

  it('drops debug/info lines in a tracing-suppressed context, keeps warn and above', () => {
    const out = sink();
    const logger = correlateLogger(pino({ level: 'debug' }, out), { logExport: 'never' });
    context.with(suppressTracing(context.active()), () => {
      logger.debug('d');
      logger.info('i');
      logger.warn('w');
      logger.error('e');
    });
    expect(out.lines.map((l) => l['msg'])).toEqual(['w', 'e']);
  });

  it('rejects something that is not a pino logger', () => {
    expect(() => correlateLogger({ info() {} })).toThrow(TypeError);
  });
});

describe('sightlinePinoOptions', () => {
  it('builds options with the mixin and the default redaction merged with the user paths', () => {
    const out = sink();
    const logger = pino(sightlinePinoOptions({ redact: ['order.email'] }), out);
    inSpan(() => logger.info({ password: 'p', order: { email: 'e@x' }, req: { headers: { cookie: 'c', 'x-request-id': 'ok-1' } } }, 'm'), { requestId: 'r-4' });
    expect(out.lines[0]).toMatchObject({
      password: '[Redacted]',
      order: { email: '[Redacted]' },
      req: { headers: { cookie: '[Redacted]', 'x-request-id': 'ok-1' } },
      request_id: 'r-4',
    });
  });
});
