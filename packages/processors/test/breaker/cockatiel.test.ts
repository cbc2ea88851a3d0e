import {
  BrokenCircuitError, circuitBreaker, ConsecutiveBreaker, fallback, handleAll, timeout, TimeoutStrategy, wrap,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instrumentBreaker } from '../../src/breaker/instrument-breaker.js';
import { points, total, type Harness } from '../helpers/harness.js';
import { dependency, settle, setupBreakerTest, view } from '../helpers/breaker-fixtures.js';

const NAME = 'circuit_breaker.name';
const STATE = 'circuit_breaker.state';
const OUTCOME = 'circuit_breaker.outcome';
const change = (from: string, to: string) => ({
  name: 'circuit_breaker.state_change',
  attributes: { [NAME]: 'inventory', 'circuit_breaker.from_state': from, 'circuit_breaker.to_state': to },
});
const transitions = async (h: Harness) => points(await h.metrics(), 'circuit_breaker.transitions')
  .map((p) => `${p.attributes['circuit_breaker.from_state']}->${p.attributes['circuit_breaker.to_state']}=${p.value}`);
const gauge = async (h: Harness) => points(await h.metrics(), 'circuit_breaker.state').map((p) => p.value);

describe('instrumentBreaker with cockatiel 4', () => {
  let h: Harness;
  let dep: ReturnType<typeof dependency>;
  let breaker: CircuitBreakerPolicy;
  const timeoutPolicy = timeout(100, TimeoutStrategy.Aggressive);

  beforeEach(() => {
    h = setupBreakerTest();
    dep = dependency();
    breaker = circuitBreaker(handleAll, { halfOpenAfter: 1_000, breaker: new ConsecutiveBreaker(2) });
  });

  afterEach(async () => {
    await h.shutdown();
    vi.useRealTimers();
  });

  /** The usual composition: the timeout inside the breaker, so timeouts count as breaker failures. */
  async function execute(mode: 'ok' | 'fail' | 'hang', advance = 10) {
    dep.mode = mode;
    const result = settle(breaker.execute(() => timeoutPolicy.execute(() => dep.call())));
    await vi.advanceTimersByTimeAsync(advance);
    return result;
  }

  it('goes closed -> open (by timeout) -> half_open -> closed; the gauge does not wait for a call', async () => {
    instrumentBreaker(breaker, { name: 'inventory', tracerProvider: h.tracerProvider });
    expect((await execute('ok')).ok).toBe(true);
    expect((await execute('fail')).ok).toBe(false);
    expect((await execute('hang', 100)).ok).toBe(false); // second consecutive failure -> open
    const rejected = await execute('ok', 0);
    expect(rejected.ok === false && rejected.error instanceof BrokenCircuitError).toBe(true);
    expect(await gauge(h)).toEqual([2]);
    await vi.advanceTimersByTimeAsync(1_000);
    // cockatiel still says Open until a call arrives; the gauge already reports half_open
    expect(breaker.state).toBe(1);
    expect(await gauge(h)).toEqual([1]);
    expect(await transitions(h)).toEqual(['closed->open=1']);
    expect((await execute('ok')).ok).toBe(true);

    expect(h.spans().map(view)).toEqual([
      { name: 'circuit_breaker inventory', attributes: { [NAME]: 'inventory', [STATE]: 'closed', [OUTCOME]: 'success' }, events: [], ms: 10, status: 0 },
      { name: 'circuit_breaker inventory', attributes: { [NAME]: 'inventory', [STATE]: 'closed', [OUTCOME]: 'failure' }, events: [], ms: 10, status: 2 },
      { name: 'circuit_breaker inventory', attributes: { [NAME]: 'inventory', [STATE]: 'closed', [OUTCOME]: 'timeout' }, events: [change('closed', 'open')], ms: 100, status: 2 },
      { name: 'circuit_breaker inventory', attributes: { [NAME]: 'inventory', [STATE]: 'open', [OUTCOME]: 'rejected' }, events: [], ms: 0, status: 2 },
      { name: 'circuit_breaker inventory', attributes: { [NAME]: 'inventory', [STATE]: 'half_open', [OUTCOME]: 'success' }, events: [change('open', 'half_open'), change('half_open', 'closed')], ms: 10, status: 0 },
    ]);
    const m = await h.metrics();
    expect(points(m, 'circuit_breaker.calls').map((p) => `${p.attributes[STATE]}/${p.attributes[OUTCOME]}=${p.value}`)).toEqual([
      'closed/failure=1', 'closed/success=1', 'closed/timeout=1', 'half_open/success=1', 'open/rejected=1',
    ]);
    expect(await transitions(h)).toEqual(['closed->open=1', 'half_open->closed=1', 'open->half_open=1']);
    expect(await gauge(h)).toEqual([0]);
  });

  it('goes half_open -> open when the trial call fails', async () => {
    instrumentBreaker(breaker, { name: 'inventory', tracerProvider: h.tracerProvider });
    await execute('fail');
    await execute('fail');
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await execute('fail')).ok).toBe(false);
    expect(view(h.spans()[2]! as any)).toEqual({
      name: 'circuit_breaker inventory',
      attributes: { [NAME]: 'inventory', [STATE]: 'half_open', [OUTCOME]: 'failure' },
      events: [change('open', 'half_open'), change('half_open', 'open')], ms: 10, status: 2,
    });
    expect(await transitions(h)).toEqual(['closed->open=1', 'half_open->open=1', 'open->half_open=1']);
    expect(await gauge(h)).toEqual([2]);
  });

  it('reports a fallback policy wrapped around the breaker as outcome fallback with its cause', async () => {
    const guarded = wrap(fallback(handleAll, 'cached'), breaker);
    instrumentBreaker(guarded, { name: 'inventory', tracerProvider: h.tracerProvider });
    const run = async (mode: 'ok' | 'fail') => {
      dep.mode = mode;
      const r = settle(guarded.execute(() => dep.call()));
      await vi.advanceTimersByTimeAsync(10);
      return r;
    };
    expect(await run('ok')).toEqual({ ok: true, value: 'ok' });
    expect(await run('fail')).toEqual({ ok: true, value: 'cached' });
    expect(await run('fail')).toEqual({ ok: true, value: 'cached' }); // opens
    expect(await run('ok')).toEqual({ ok: true, value: 'cached' }); // rejected, answered by the fallback
    expect(h.spans().map((s) => [s.attributes[STATE], s.attributes[OUTCOME], s.attributes['circuit_breaker.fallback.cause']])).toEqual([
      ['closed', 'success', undefined],
      ['closed', 'fallback', 'failure'],
      ['closed', 'fallback', 'failure'],
      ['open', 'fallback', 'rejected'],
    ]);
    expect(total(await h.metrics(), 'circuit_breaker.calls', { [OUTCOME]: 'fallback' })).toBe(3);
  });

  it('reports isolation (cockatiel\'s manual shutdown) as state isolated and its calls as rejected', async () => {
    instrumentBreaker(breaker, { name: 'inventory', tracerProvider: h.tracerProvider });
    const handle = breaker.isolate(); // outside any span
    expect(await gauge(h)).toEqual([3]);
    const rejected = await execute('ok', 0);
    expect(rejected.ok).toBe(false);
    handle.dispose();
    expect((await execute('ok')).ok).toBe(true);
    expect(h.spans().map((s) => [s.attributes[STATE], s.attributes[OUTCOME]])).toEqual([
      ['isolated', 'rejected'], ['closed', 'success'],
    ]);
    expect(await transitions(h)).toEqual(['closed->isolated=1', 'isolated->closed=1']);
  });
});
