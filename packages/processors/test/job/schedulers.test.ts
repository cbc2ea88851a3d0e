import { Cron } from 'croner';
import cron from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../src/job/JobRegistry.js';
import { JobSpanProcessor } from '../../src/job/JobSpanProcessor.js';
import { trackJob, type JobRun } from '../../src/job/track-job.js';
import { createHarness, total, type Harness } from '../helpers/harness.js';

// The wrapper under real schedulers, every second, for a few seconds of wall time.
let h: Harness;
afterEach(async () => {
  await h?.shutdown();
  JobRegistry.global().clear();
});

const runsUntil = async (n: () => number, want: number) => {
  const deadline = Date.now() + 10_000;
  while (n() < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
};

describe('trackJob under real schedulers', () => {
  it('node-cron: each tick is a run of its own; the scheduler\'s context comes first, the run last', async () => {
    h = createHarness((meterProvider) => [new JobSpanProcessor({ meterProvider })]);
    const seen: unknown[][] = [];
    const task = cron.schedule('* * * * * *', trackJob('cron.tick', async (...args: unknown[]) => {
      seen.push(args);
      if (seen.length === 2) throw new Error('second tick fails');
    }, { tracerProvider: h.tracerProvider }));
    try {
      await runsUntil(() => h.spans().length, 3);
    } finally {
      await task.destroy();
    }
    const outcomes = h.spans().map((s) => s.attributes['job.outcome']).slice(0, 3);
    expect(outcomes).toEqual(['success', 'failure', 'success']);
    expect((seen[0]!.at(-1) as JobRun).name).toBe('cron.tick');
    expect(new Set(h.spans().map((s) => s.spanContext().traceId)).size).toBe(h.spans().length);
    expect(total(await h.metrics(), 'job.runs', { 'job.outcome': 'failure' })).toBe(1);
  });

  it('croner: overlapping ticks are skipped by preventOverlap while a slow run is still going', async () => {
    h = createHarness((meterProvider) => [new JobSpanProcessor({ meterProvider })]);
    let started = 0;
    const job = new Cron('* * * * * *', trackJob('croner.slow', async () => {
      started++;
      await new Promise((r) => setTimeout(r, 2200)); // spans two more ticks
    }, { tracerProvider: h.tracerProvider, preventOverlap: true }));
    try {
      await runsUntil(() => h.spans().filter((s) => s.attributes['job.outcome'] === 'success').length, 1);
    } finally {
      job.stop();
    }
    const outcomes = h.spans().map((s) => s.attributes['job.outcome']);
    expect(outcomes.filter((o) => o === 'skipped_overlap').length).toBeGreaterThanOrEqual(1);
    expect(started).toBe(1);
    expect(total(await h.metrics(), 'job.runs', { 'job.outcome': 'skipped_overlap' })).toBe(outcomes.filter((o) => o === 'skipped_overlap').length);
  });
});
