import CircuitBreaker from 'opossum';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instrumentBreaker } from '../../src/breaker/instrument-breaker.js';
import { points, total, type Harness } from '../helpers/harness.js';
import { dependency, settle, setupBreakerTest, view } from '../helpers/breaker-fixtures.js';

const NAME = 'circuit_breaker.name';
const STATE = 'circuit_breaker.state';
const OUTCOME = 'circuit_breaker.outcome';
const change = (from: string, to: string) => ({
  name: 'circuit_breaker.state_change',
  attributes: { [NAME]: 'payments', 'circuit_breaker.from_state': from, 'circuit_breaker.to_state': to },
});

describe('instrumentBreaker with opossum 10', () => {
  let h: Harness;
  let dep: ReturnType<typeof dependency>;
  let breaker: CircuitBreaker<[], string>;

  beforeEach(() => {
    h = setupBreakerTest();
    dep = dependency();
    breaker = new CircuitBreaker(() => dep.call(), {
      name: 'payments', timeout: 100, resetTimeout: 1_000, errorThresholdPercentage: 50, volumeThreshold: 0,
    });
    instrumentBreaker(breaker, { tracerProvider: h.tracerProvider });
  });

  afterEach(async () => {
    breaker.shutdown();
    await h.shutdown();
    vi.useRealTimers();
  });

  async function fire(mode: 'ok' | 'fail' | 'hang', advance = 10) {
    dep.mode = mode;
    const result = settle(breaker.fire());
    await vi.advanceTimersByTimeAsync(advance);
    return result;
  }

  it('goes closed -> open (by timeout) -> half_open -> closed and counts each call once', async () => {
    expect((await fire('ok')).ok).toBe(true);
    expect((await fire('fail')).ok).toBe(false); // 1 of 2 failed: 50% is not above the threshold
    const timedOut = await fire('hang', 100); // timeout: opossum emits `timeout` and `failure`; 2 of 3 -> open
    expect(timedOut.ok === false && timedOut.error.code).toBe('ETIMEDOUT');
    expect(breaker.opened).toBe(true);
    const rejected = await fire('ok', 0); // no fallback: rejected, `fire` was still emitted first
    expect(rejected.ok === false && rejected.error.code).toBe('EOPENBREAKER');
    await vi.advanceTimersByTimeAsync(1_000); // opossum's reset timer: half-open with no call in flight
    expect(breaker.halfOpen).toBe(true);
    expect(points(await h.metrics(), 'circuit_breaker.state')).toEqual([{ attributes: { [NAME]: 'payments' }, value: 1 }]);
    expect((await fire('ok')).ok).toBe(true);
    expect(breaker.opened || breaker.halfOpen).toBe(false);

    expect(h.spans().map(view)).toEqual([
      { name: 'circuit_breaker payments', attributes: { [NAME]: 'payments', [STATE]: 'closed', [OUTCOME]: 'success' }, events: [], ms: 10, status: 0 },
      { name: 'circuit_breaker payments', attributes: { [NAME]: 'payments', [STATE]: 'closed', [OUTCOME]: 'failure' }, events: [], ms: 10, status: 2 },
      { name: 'circuit_breaker payments', attributes: { [NAME]: 'payments', [STATE]: 'closed', [OUTCOME]: 'timeout' }, events: [change('closed', 'open')], ms: 100, status: 2 },
      { name: 'circuit_breaker payments', attributes: { [NAME]: 'payments', [STATE]: 'open', [OUTCOME]: 'rejected' }, events: [], ms: 0, status: 2 },
      { name: 'circuit_breaker payments', attributes: { [NAME]: 'payments', [STATE]: 'half_open', [OUTCOME]: 'success' }, events: [change('half_open', 'closed')], ms: 10, status: 0 },
    ]);

    const m = await h.metrics();
    expect(points(m, 'circuit_breaker.calls')).toEqual([
      { attributes: { [NAME]: 'payments', [STATE]: 'closed', [OUTCOME]: 'failure' }, value: 1 },
      { attributes: { [NAME]: 'payments', [STATE]: 'closed', [OUTCOME]: 'success' }, value: 1 },
      { attributes: { [NAME]: 'payments', [STATE]: 'closed', [OUTCOME]: 'timeout' }, value: 1 },
      { attributes: { [NAME]: 'payments', [STATE]: 'half_open', [OUTCOME]: 'success' }, value: 1 },
      { attributes: { [NAME]: 'payments', [STATE]: 'open', [OUTCOME]: 'rejected' }, value: 1 },
    ]);
    expect(points(m, 'circuit_breaker.transitions')).toEqual([
      { attributes: { [NAME]: 'payments', 'circuit_breaker.from_state': 'closed', 'circuit_breaker.to_state': 'open' }, value: 1 },
      { attributes: { [NAME]: 'payments', 'circuit_breaker.from_state': 'half_open', 'circuit_breaker.to_state': 'closed' }, value: 1 },
      { attributes: { [NAME]: 'payments', 'circuit_breaker.from_state': 'open', 'circuit_breaker.to_state': 'half_open' }, value: 1 },
    ]);
    const durations = points(m, 'circuit_breaker.call.duration');
    expect(durations.map((p) => [p.attributes[OUTCOME], (p.value as { count: number }).count])).toEqual([
      ['failure', 1], ['rejected', 1], ['success', 2], ['timeout', 1],
    ]);
    expect((durations[3]!.value as { sum: number }).sum).toBeCloseTo(0.1, 9);
    expect((durations[2]!.value as { sum: number }).sum).toBeCloseTo(0.02, 9);
    expect(points(m, 'circuit_breaker.state')).toEqual([{ attributes: { [NAME]: 'payments' }, value: 0 }]);
  });

  it('goes half_open -> open on a failed trial call and reports fallbacks with their cause', async () => {
    breaker.fallback(() => 'cached');
    expect(await fire('fail')).toEqual({ ok: true, value: 'cached' }); // 1 of 1 failed -> open
    expect(breaker.opened).toBe(true);
    expect(await fire('ok', 0)).toEqual({ ok: true, value: 'cached' }); // reject, then fallback
    await vi.advanceTimersByTimeAsync(1_000);
    dep.mode = 'hang';
    const trial = settle(breaker.fire());
    const concurrent = await fire('hang', 0); // half-open admits one trial call only
    await vi.advanceTimersByTimeAsync(100);
    expect(await trial).toEqual({ ok: true, value: 'cached' });
    expect(concurrent).toEqual({ ok: true, value: 'cached' });
    expect(breaker.opened).toBe(true);

    expect(h.spans().map((s) => [s.attributes[STATE], s.attributes[OUTCOME], s.attributes['circuit_breaker.fallback.cause'], s.events.length])).toEqual([
      ['closed', 'fallback', 'failure', 1],
      ['open', 'fallback', 'rejected', 0],
      ['half_open', 'fallback', 'rejected', 0],
      ['half_open', 'fallback', 'timeout', 1],
    ]);
    expect(view(h.spans()[3]! as any).events).toEqual([change('half_open', 'open')]);
    const m = await h.metrics();
    expect(total(m, 'circuit_breaker.calls')).toBe(4);
    expect(total(m, 'circuit_breaker.calls', { [OUTCOME]: 'fallback' })).toBe(4);
    expect(points(m, 'circuit_breaker.transitions').map((p) => [p.attributes['circuit_breaker.from_state'], p.attributes['circuit_breaker.to_state'], p.value])).toEqual([
      ['closed', 'open', 1], ['half_open', 'open', 1], ['open', 'half_open', 1],
    ]);
    expect(points(m, 'circuit_breaker.state')).toEqual([{ attributes: { [NAME]: 'payments' }, value: 2 }]);
  });

  it('reports a fallback that fails too with the cause of the fallback', async () => {
    breaker.fallback(() => { throw new Error('no cache'); });
    breaker.open();
    const result = await fire('ok', 0);
    expect(result.ok === false && result.error.message).toBe('no cache');
    expect(h.spans().map((s) => s.attributes[OUTCOME])).toEqual(['rejected']);
  });

  it('records shutdown as a transition and later calls as outcome shutdown', async () => {
    expect((await fire('ok')).ok).toBe(true);
    breaker.shutdown(); // outside any span: handed to the processor directly
    const after = await fire('ok', 0);
    expect(after.ok === false && after.error.code).toBe('ESHUTDOWN');
    expect(h.spans().map((s) => [s.attributes[STATE], s.attributes[OUTCOME]])).toEqual([
      ['closed', 'success'], ['shutdown', 'shutdown'],
    ]);
    const m = await h.metrics();
    expect(points(m, 'circuit_breaker.transitions')).toEqual([
      { attributes: { [NAME]: 'payments', 'circuit_breaker.from_state': 'closed', 'circuit_breaker.to_state': 'shutdown' }, value: 1 },
    ]);
    expect(points(m, 'circuit_breaker.state')).toEqual([{ attributes: { [NAME]: 'payments' }, value: 4 }]);
  });

  it('keeps the breaker working and instruments an instance only once', async () => {
    instrumentBreaker(breaker, { name: 'other' });
    expect(await fire('ok')).toEqual({ ok: true, value: 'ok' });
    expect(h.spans().map((s) => s.attributes[NAME])).toEqual(['payments']);
  });
});
