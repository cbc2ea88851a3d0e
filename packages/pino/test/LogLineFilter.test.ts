import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { correlateLogger } from '../src/index.js';
import { inSpan, setupOtel, sink } from './helpers/otel.js';

setupOtel();

/** Logs one debug, info and warn line in each of `n` requests (server spans with url.path). */
function requests(logger: pino.Logger, path: string, n: number): void {
  for (let i = 0; i < n; i++) {
    inSpan(() => {
      logger.debug('d');
      logger.info('i');
      logger.warn('w');
    }, { attributes: { 'url.path': path } });
  }
}

describe('LogLineFilter (through correlateLogger)', () => {
  it('keeps about the configured share of debug/info lines of a sampled route, per request, and every warn', () => {
    const out = sink();
    const logger = correlateLogger(pino({ level: 'debug' }, out), { logExport: 'never', sampleRoutes: { '/poll': 0.2 } });
    requests(logger, '/poll', 1000);
    const byTrace = new Map<string, string[]>();
    for (const l of out.lines) byTrace.set(l['trace_id'] as string, [...(byTrace.get(l['trace_id'] as string) ?? []), l['msg'] as string]);
    expect(out.lines.filter((l) => l['msg'] === 'w')).toHaveLength(1000);
    const kept = [...byTrace.values()].filter((msgs) => msgs.length === 3).length;
    // a request keeps all of its lines or only its warn line
    expect([...byTrace.values()].every((m) => m.length === 3 || (m.length === 1 && m[0] === 'w'))).toBe(true);
    expect(kept).toBeGreaterThan(130);
    expect(kept).toBeLessThan(270);
  });

  it('leaves other routes alone and supports prefix patterns', () => {
    const out = sink();
    const logger = correlateLogger(pino({ level: 'debug' }, out), { logExport: 'never', sampleRoutes: new Map([['/metrics/*', 0]]) });
    requests(logger, '/orders', 5);
    requests(logger, '/metrics/cpu', 5);
    expect(out.lines.filter((l) => l['msg'] !== 'w')).toHaveLength(10);
    expect(out.lines.filter((l) => l['msg'] === 'w')).toHaveLength(10);
  });

  it('applies the decision of the server span to lines written in its child spans', () => {
    const out = sink();
    const logger = correlateLogger(pino({ level: 'debug' }, out), { logExport: 'never', sampleRoutes: { '/poll': 0 } });
    inSpan(() => {
      logger.info('server');
      inSpan(() => logger.info('in child span'));
    }, { attributes: { 'url.path': '/poll' } });
    expect(out.lines).toHaveLength(0);
  });
});
