import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { trackBreaker } from '../../src/breaker/track-breaker.js';
import { points, type Harness } from '../helpers/harness.js';
import { settle, setupBreakerTest, sleep } from '../helpers/breaker-fixtures.js';

/** The kind of breaker the source documents write themselves. */
class SimpleBreaker {
  state: 'closed' | 'open' | 'half_open' = 'closed';
  failures = 0;
  openedAt = 0;
  readonly tracker;
  constructor(tracerProvider: Harness['tracerProvider']) {
    this.tracker = trackBreaker({ name: 'db', state: () => this.state, tracerProvider });
  }
  private set(state: SimpleBreaker['state']) { this.state = state; this.tracker.transition(state); }
  call<T>(fn: () => Promise<T>): Promise<T> {
    return this.tracker.run(async (call) => {
      if (this.state === 'open' && Date.now() - this.openedAt >= 500) this.set('half_open');
      if (this.state === 'open') { call.outcome = 'rejected'; throw new Error('circuit open'); }
      try {
        const value = await fn();
        if (this.state === 'half_open') this.set('closed');
        this.failures = 0;
        return value;
      } catch (error) {
        if (++this.failures >= 2 || this.state === 'half_open') { this.openedAt = Date.now(); this.set('open'); }
        throw error;
      }
    });
  }
}

describe('trackBreaker (home-made breakers)', () => {
  let h: Harness;
  beforeEach(() => { h = setupBreakerTest(); });
  afterEach(async () => { await h.shutdown(); vi.useRealTimers(); });

  it('gives a home-made breaker the same spans and metrics', async () => {
    const b = new SimpleBreaker(h.tracerProvider);
    const fail = () => sleep(5).then(() => { throw new Error('db down'); });
    for (let i = 0; i < 3; i++) {
      const r = settle(b.call(fail));
      await vi.advanceTimersByTimeAsync(5);
      await r;
    }
    await vi.advanceTimersByTimeAsync(500);
    const ok = settle(b.call(() => sleep(5).then(() => 'row')));
    await vi.advanceTimersByTimeAsync(5);
    expect(await ok).toEqual({ ok: true, value: 'row' });
    expect(h.spans().map((s) => [s.attributes['circuit_breaker.state'], s.attributes['circuit_breaker.outcome'], s.events.length])).toEqual([
      ['closed', 'failure', 0], ['closed', 'failure', 1], ['open', 'rejected', 0], ['open', 'success', 2],
    ]);
    const m = await h.metrics();
    expect(points(m, 'circuit_breaker.transitions').map((p) => `${p.attributes['circuit_breaker.from_state']}->${p.attributes['circuit_breaker.to_state']}`))
      .toEqual(['closed->open', 'half_open->closed', 'open->half_open']);
    expect(points(m, 'circuit_breaker.state')).toEqual([{ attributes: { 'circuit_breaker.name': 'db' }, value: 0 }]);
  });

  it('derives metrics from attributes alone (no tracker), using the latest state seen', async () => {
    const tracer = h.tracerProvider.getTracer('app');
    const span = (state: string, outcome: string | undefined, ms: number, transition?: [string, string]) => {
      const s = tracer.startSpan('db query', { attributes: { 'circuit_breaker.name': 'legacy', 'circuit_breaker.state': state } });
      if (outcome !== undefined) s.setAttribute('circuit_breaker.outcome', outcome);
      else s.setStatus({ code: SpanStatusCode.ERROR });
      if (transition) s.addEvent('circuit_breaker.state_change', { 'circuit_breaker.from_state': transition[0], 'circuit_breaker.to_state': transition[1] });
      vi.advanceTimersByTime(ms);
      s.end();
    };
    span('closed', 'success', 20);
    span('closed', undefined, 30, ['closed', 'open']);
    span('open', 'rejected', 0);
    span('weird-state', 'exploded', 0);
    const m = await h.metrics();
    expect(points(m, 'circuit_breaker.calls').map((p) => `${p.attributes['circuit_breaker.state']}/${p.attributes['circuit_breaker.outcome']}=${p.value}`))
      .toEqual(['closed/failure=1', 'closed/success=1', 'open/rejected=1', 'other/other=1']);
    expect(points(m, 'circuit_breaker.call.duration').find((p) => p.attributes['circuit_breaker.outcome'] === 'failure')!.value)
      .toEqual({ count: 1, sum: 0.03 });
    expect(points(m, 'circuit_breaker.state')).toEqual([{ attributes: { 'circuit_breaker.name': 'legacy' }, value: -1 }]);
  });
});
