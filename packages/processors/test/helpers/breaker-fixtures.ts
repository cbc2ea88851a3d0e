import { AsyncResource } from 'node:async_hooks';
import { vi } from 'vitest';
import { BreakerRegistry } from '../../src/breaker/BreakerRegistry.js';
import { CircuitBreakerSpanProcessor } from '../../src/breaker/CircuitBreakerSpanProcessor.js';
import { createHarness, type Harness } from './harness.js';

export const FAKE = { toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] as const };

/** Fresh registry, fake timers, and a harness with the circuit-breaker processor. */
export function setupBreakerTest(): Harness {
  BreakerRegistry.global().clear();
  useFakeTimersKeepingContext();
  return createHarness((meterProvider) => [new CircuitBreakerSpanProcessor({ meterProvider })]);
}

/** Settles a promise without throwing, so a test can look at its outcome later. */
export function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: any }> {
  return p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A controllable dependency: resolves after 10 ms, rejects after 10 ms, or hangs for 10 s. */
export function dependency() {
  const dep = {
    mode: 'ok' as 'ok' | 'fail' | 'hang',
    async call(): Promise<string> {
      const mode = dep.mode;
      await sleep(mode === 'hang' ? 10_000 : 10);
      if (mode === 'fail') throw new Error('dependency failed');
      return 'ok';
    },
  };
  return dep;
}

/** Span view used in assertions. */
export function view(span: { name: string; attributes: Record<string, unknown>; events: Array<{ name: string; attributes?: Record<string, unknown> }>; duration: [number, number]; status: { code: number } }) {
  return {
    name: span.name,
    attributes: span.attributes,
    events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    ms: span.duration[0] * 1e3 + span.duration[1] / 1e6,
    status: span.status.code,
  };
}

/**
 * Fake timers that, like Node's real ones, run callbacks in the async context that scheduled them
 * (sinon's fake clock calls them from whoever advances the clock, which loses AsyncLocalStorage).
 */
export function useFakeTimersKeepingContext(): void {
  vi.useFakeTimers({ toFake: [...FAKE.toFake] });
  const fakeSetTimeout = globalThis.setTimeout;
  const fakeSetInterval = globalThis.setInterval;
  globalThis.setTimeout = ((cb: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    fakeSetTimeout(AsyncResource.bind(cb), ms, ...args)) as typeof setTimeout;
  globalThis.setInterval = ((cb: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    fakeSetInterval(AsyncResource.bind(cb), ms, ...args)) as typeof setInterval;
}
