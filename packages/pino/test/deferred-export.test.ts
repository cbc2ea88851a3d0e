import { trace } from '@opentelemetry/api';
import pino from 'pino';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { correlateLogger, emitPendingLogLines } from '../src/index.js';
import { inSpan, setupOtel, sink } from './helpers/otel.js';

const otel = setupOtel();
const bodies = (): unknown[] => otel.logs.getFinishedLogRecords().map((r) => r.body);

describe('deferExport: log records emitted on the next turn of the event loop', () => {
  beforeEach(() => {
    emitPendingLogLines();
    otel.logs.reset();
  });

  it('emits nothing inside the logging call, then every line of the turn, in order, with the context, level and time of its write', async () => {
    const out = sink();
    const logger = correlateLogger(pino({ level: 'debug' }, out), { logExport: 'always', deferExport: true, redaction: false });
    const other = correlateLogger(pino({}, sink()), { logExport: 'always', deferExport: true, redaction: false });
    const before = Date.now();
    const spanIds = inSpan(() => {
      logger.warn({ order: 1 }, 'first');
      other.info('second');
      return trace.getActiveSpan()!.spanContext();
    });
    logger.debug('third, outside the span');
    expect(out.lines).toHaveLength(2);
    expect(bodies()).toEqual([]);
    await nextTurn();
    const records = otel.logs.getFinishedLogRecords();
    expect(records.map((r) => r.body)).toEqual(['first', 'second', 'third, outside the span']);
    expect(records[0]!.spanContext?.traceId).toBe(spanIds.traceId);
    expect(records[0]!.spanContext?.spanId).toBe(spanIds.spanId);
    expect(records[1]!.spanContext?.traceId).toBe(spanIds.traceId);
    expect(records[2]!.spanContext).toBeUndefined();
    expect(records.map((r) => r.severityText)).toEqual(['warn', 'info', 'debug']);
    expect(records[0]!.attributes['order']).toBe(1);
    const observedMs = records[0]!.hrTimeObserved[0] * 1000 + records[0]!.hrTimeObserved[1] / 1e6;
    expect(observedMs).toBeGreaterThanOrEqual(before - 1);
    expect(observedMs).toBeLessThanOrEqual(Date.now());
  });

  it('emitPendingLogLines() and the stream\'s flushSync emit what is pending at once (before a flush or exit)', () => {
    const logger = correlateLogger(pino({}, sink()), { logExport: 'always', deferExport: true, redaction: false });
    logger.info('one');
    expect(bodies()).toEqual([]);
    emitPendingLogLines();
    expect(bodies()).toEqual(['one']);
    logger.info('two');
    logger.flush();
    expect(bodies()).toEqual(['one', 'two']);
  });

  it('a synchronous loop that logs does not queue without bound: lines are emitted in groups of 256', () => {
    const logger = correlateLogger(pino({}, sink()), { logExport: 'always', deferExport: true, redaction: false });
    for (let i = 0; i < 600; i++) logger.info(`line ${i}`);
    expect(bodies()).toHaveLength(512);
    emitPendingLogLines();
    expect(bodies()).toHaveLength(600);
    expect(bodies()[599]).toBe('line 599');
  });

  it('without deferExport the record is emitted inside the logging call', () => {
    const logger = correlateLogger(pino({}, sink()), { logExport: 'always', redaction: false });
    logger.info('now');
    expect(bodies()).toEqual(['now']);
  });
});
