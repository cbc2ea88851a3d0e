import { describe, expect, it } from 'vitest';
import { ShutdownSequence } from '../../src/sdk/ShutdownSequence.js';

describe('ShutdownSequence', () => {
  const step = (name: string, log: string[], ms = 0, timeoutMs = 1000) => ({
    name, timeoutMs,
    run: async () => {
      log.push(`${name} start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name} end`);
    },
  });

  describe('.add', () => {
    it('puts a step in front of the named one, at the end otherwise', async () => {
      const log: string[] = [];
      const seq = new ShutdownSequence([step('flush', log)]);
      seq.add(step('drain', log), 'flush');
      seq.add(step('last', log));
      await seq.run();
      expect(log).toEqual(['drain start', 'drain end', 'flush start', 'flush end', 'last start', 'last end']);
    });
  });

  describe('.run', () => {
    it('runs once: a second call returns the same promise and runs nothing again', async () => {
      const log: string[] = [];
      const seq = new ShutdownSequence([step('flush', log)]);
      expect(seq.started).toBe(false);
      const first = seq.run();
      expect(seq.run()).toBe(first);
      expect(seq.running).toBe(true);
      await first;
      expect(seq.running).toBe(false);
      expect(log).toEqual(['flush start', 'flush end']);
    });

    it('cuts a step off at its budget and goes on with the next; a failing step does not stop it', async () => {
      const log: string[] = [];
      const seq = new ShutdownSequence([
        { name: 'hangs', timeoutMs: 50, run: () => new Promise<void>(() => {}) },
        { name: 'fails', timeoutMs: 50, run: async () => { throw new Error('no backend'); } },
        step('flush', log),
      ]);
      const before = Date.now();
      await seq.run();
      expect(log).toEqual(['flush start', 'flush end']);
      expect(seq.deadline - before).toBeGreaterThanOrEqual(1100);
    });
  });

  describe('ShutdownStep.budget', () => {
    it('sets a step\'s budget per signal: it is cut off there, the deadline counts it, and run() receives it', async () => {
      const got: Array<[number, string | undefined]> = [];
      const make = () => new ShutdownSequence([
        { name: 'drain', timeoutMs: 5000, budget: (signal) => (signal === 'SIGTERM' ? 40 : 0), run: async (ms, signal) => { got.push([ms, signal]); await new Promise((r) => setTimeout(r, 10_000)); } },
        { name: 'flush', timeoutMs: 100, run: async (ms, signal) => { got.push([ms, signal]); } },
      ]);
      const term = make();
      const before = Date.now();
      await term.run('SIGTERM');
      expect(term.deadline - before).toBeLessThan(40 + 100 + 50);
      expect(got).toEqual([[40, 'SIGTERM'], [100, 'SIGTERM']]);
      got.length = 0;
      const int = make();
      const start = Date.now();
      await int.run('SIGINT');
      expect(int.deadline - start).toBeLessThan(100 + 50);
      expect(got).toEqual([[0, 'SIGINT'], [100, 'SIGINT']]);
    });
  });
});
