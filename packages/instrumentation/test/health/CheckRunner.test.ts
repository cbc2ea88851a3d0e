import { describe, expect, it } from 'vitest';
import { CheckRunner, type CheckOutcome, type CheckStatus } from '../../src/health/CheckRunner.js';
import { mountHealth } from '../../src/index.js';

function runner(check: () => unknown, options: { timeoutMs?: number; failuresBeforeDown?: number } = {}) {
  const runs: CheckOutcome[] = [];
  const changes: string[] = [];
  const r = new CheckRunner({ name: 'dep', check, intervalMs: 60_000, ...options }, {
    onRun: (_name, outcome) => runs.push(outcome),
    onStateChange: (_r, from: CheckStatus, to: CheckStatus) => changes.push(`${from}->${to}`),
  });
  return { r, runs, changes };
}

describe('CheckRunner', () => {
  describe('.run', () => {
    it('counts failures in a row: failing until failuresBeforeDown, then down; one success is up', async () => {
      let fail = true;
      const { r, runs, changes } = runner(() => { if (fail) throw new Error('nope'); }, { failuresBeforeDown: 2 });
      await r.run();
      expect(r.snapshot()).toMatchObject({ status: 'failing', consecutiveFailures: 1, message: 'nope' });
      await r.run();
      await r.run();
      expect(r.snapshot()).toMatchObject({ status: 'down', consecutiveFailures: 3 });
      fail = false;
      await r.run();
      expect(r.snapshot()).toMatchObject({ status: 'up', consecutiveFailures: 0, message: undefined });
      expect(runs).toEqual(['failure', 'failure', 'failure', 'success']);
      expect(changes).toEqual(['unknown->failing', 'failing->down', 'down->up']);
    });

    it('a synchronous throw, a rejection and a timeout are failures; the timeout aborts the signal', async () => {
      let signal: AbortSignal | undefined;
      const { r, runs } = runner((...args: unknown[]) => { signal = args[0] as AbortSignal; return new Promise(() => {}); }, { timeoutMs: 30 });
      await r.run();
      expect(runs).toEqual(['timeout']);
      expect(signal?.aborted).toBe(true);
      expect(r.snapshot().message).toBe('timed out after 30 ms');
      await r.run(); // still pending: not started again, counted as another timeout
      expect(r.snapshot()).toMatchObject({ consecutiveFailures: 2, message: 'previous run still pending after 30 ms' });
      const rejecting = runner(() => Promise.reject(new Error('rejected')));
      await rejecting.r.run();
      expect(rejecting.r.snapshot().message).toBe('rejected');
    });
  });

  it('rejects invalid options with a TypeError naming them', () => {
    expect(() => runner(() => {}, { timeoutMs: 0 })).toThrow('health check option timeoutMs must be a positive number (got 0)');
    expect(() => new CheckRunner({ name: '', check: () => {} }, { onRun() {}, onStateChange() {} })).toThrow('non-empty `name`');
    expect(() => new CheckRunner({ name: 'x' } as never, { onRun() {}, onStateChange() {} })).toThrow('needs a `check` function');
  });
});

describe('mountHealth', () => {
  it('says what it takes when given something else', () => {
    expect(() => mountHealth({})).toThrow('mountHealth() takes a node:http server, an express/connect app or a fastify instance');
  });
});
