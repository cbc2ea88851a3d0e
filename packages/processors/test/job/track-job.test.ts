import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AlwaysOnSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { AlwaysRecordSampler } from '../../src/AlwaysRecordSampler.js';
import { JobRegistry } from '../../src/job/JobRegistry.js';
import { JobSpanProcessor } from '../../src/job/JobSpanProcessor.js';
import { JobTimeoutError } from '../../src/job/JobTimeoutError.js';
import { currentJobRun, trackJob, type JobRun } from '../../src/job/track-job.js';
import { ATTR_JOB_NAME } from '../../src/semconv.js';
import { createHarness, points, total, type Harness } from '../helpers/harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let h: Harness;
afterEach(async () => {
  await h?.shutdown();
  JobRegistry.global().clear();
});

function harness(ratio?: number): Harness {
  const sampler = ratio === undefined ? new AlwaysOnSampler()
    : new AlwaysRecordSampler(new TraceIdRatioBasedSampler(ratio), (a) => a[ATTR_JOB_NAME] !== undefined);
  h = createHarness((meterProvider) => [new JobSpanProcessor({ meterProvider })], sampler);
  return h;
}

describe('trackJob', () => {
  it('runs each call as a root span of its own, passing arguments, result and errors through', async () => {
    const { tracerProvider } = harness();
    const seen: JobRun[] = [];
    const job = trackJob('sync.users', async (a: number, b: string, run: JobRun) => {
      seen.push(run);
      await new Promise((r) => setTimeout(r, 1));
      expect(currentJobRun()).toBe(run);
      if (a < 0) throw new Error('negative');
      return `${a}${b}`;
    }, { tracerProvider });
    const outer = tracerProvider.getTracer('test').startSpan('request');
    const result = await context.with(trace.setSpan(context.active(), outer), () => job(1, 'x'));
    outer.end();
    expect(result).toBe('1x');
    await expect(job(-1, 'y')).rejects.toThrow('negative');
    const runs = h.spans().filter((s) => s.name === 'sync.users');
    expect(runs).toHaveLength(2);
    for (const s of runs) {
      expect(s.parentSpanContext).toBeUndefined();
      expect(s.spanContext().traceId).not.toBe(outer.spanContext().traceId);
    }
    expect(new Set(runs.map((s) => s.spanContext().traceId)).size).toBe(2);
    expect(runs.map((s) => s.attributes)).toEqual([
      { 'job.name': 'sync.users', 'job.outcome': 'success' },
      { 'job.name': 'sync.users', 'job.outcome': 'failure' },
    ]);
    expect(runs[1]!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'negative' });
    expect(runs[1]!.events.map((e) => e.name)).toEqual(['exception']);
    expect(seen[0]!.name).toBe('sync.users');
    expect(currentJobRun()).toBeUndefined();
    expect(seen[0]!.span.spanContext().spanId).toBe(runs[0]!.spanContext().spanId);
  });

  it('times a run out: its signal aborts, the wrapper rejects, the outcome is timeout', async () => {
    const { tracerProvider } = harness();
    let signal: AbortSignal | undefined;
    const job = trackJob('slow', async (run: JobRun) => {
      signal = run.signal;
      await sleep(500);
    }, { tracerProvider, timeoutMs: 50 });
    const error = await job().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect((error as Error).message).toBe('job slow timed out after 50 ms');
    expect(signal!.aborted).toBe(true);
    expect(signal!.reason).toBe(error);
    expect(h.spans()[0]!.attributes['job.outcome']).toBe('timeout');
  });

  it('skips a run while the previous one (even a timed-out one) is still going, when asked to', async () => {
    const { tracerProvider } = harness();
    let release!: () => void;
    const job = trackJob('exclusive', () => new Promise<string>((r) => (release = () => r('done'))), { tracerProvider, preventOverlap: true, timeoutMs: 100 });
    const first = job().catch((e: unknown) => e);
    expect(await job()).toBeUndefined();
    expect(await first).toBeInstanceOf(JobTimeoutError);
    expect(await job()).toBeUndefined(); // the timed-out run has not settled yet
    release();
    await sleep(0);
    const third = job();
    release();
    expect(await third).toBe('done');
    expect(h.spans().map((s) => s.attributes['job.outcome'])).toEqual(['skipped_overlap', 'timeout', 'skipped_overlap', 'success']);
  });

  it('rejects a nameless job, a missing function and a bad timeout or interval with a clear message', () => {
    expect(() => trackJob('', async () => {})).toThrow('Sightline: trackJob needs a non-empty job name');
    expect(() => trackJob('x', undefined as never)).toThrow('Sightline: trackJob("x") needs a function to run');
    expect(() => trackJob('x', async () => {}, { timeoutMs: -1 })).toThrow('timeoutMs must be a positive number of milliseconds, not -1');
    expect(() => trackJob('x', async () => {}, { expectedIntervalMs: Number.NaN })).toThrow('expectedIntervalMs must be a positive number of milliseconds, not NaN');
  });
});

describe('JobSpanProcessor', () => {
  for (const ratio of [0, 0.1]) {
    it(`counts every outcome exactly at ${ratio * 100}% trace sampling`, async () => {
      const { tracerProvider } = harness(ratio);
      let calls = 0;
      const job = trackJob('reconcile', async () => {
        calls++;
        if (calls % 4 === 0) throw new Error('boom');
        if (calls % 5 === 0) await sleep(1000);
      }, { tracerProvider, timeoutMs: 40 });
      for (let i = 0; i < 40; i++) await job().catch(() => {});
      const exclusive = trackJob('reconcile', () => sleep(20), { tracerProvider, preventOverlap: true });
      await Promise.all([exclusive(), exclusive()]);
      const m = await h.metrics();
      const runs = (outcome: string) => total(m, 'job.runs', { 'job.name': 'reconcile', 'job.outcome': outcome });
      // 40 calls: multiples of 4 fail (10), other multiples of 5 time out (6), 24 succeed; then one more success and one skip
      expect({ failure: runs('failure'), timeout: runs('timeout'), success: runs('success'), skipped: runs('skipped_overlap') })
        .toEqual({ failure: 10, timeout: 6, success: 25, skipped: 1 });
      const durations = points(m, 'job.run.duration').map((p) => [p.attributes['job.outcome'], (p.value as { count: number }).count]);
      expect(Object.fromEntries(durations)).toEqual({ failure: 10, timeout: 6, success: 25 });
      if (ratio === 0) expect(h.spans()).toEqual([]); // recorded for the metrics, never exported
    });
  }

  it('resets failures in a row on success and moves the last success only on success', async () => {
    const { tracerProvider } = harness();
    const plan = [true, false, false, false, true, false];
    let i = 0;
    const job = trackJob('billing', async () => {
      if (!plan[i++]) throw new Error('down');
    }, { tracerProvider });
    const gauges = async () => {
      const m = await h.metrics();
      return { failures: points(m, 'job.consecutive_failures')[0]?.value, lastSuccess: points(m, 'job.last_success.time')[0]?.value as number | undefined };
    };
    expect(await gauges()).toEqual({ failures: 0, lastSuccess: undefined }); // declared, never run
    const before = Date.now() / 1000;
    await job();
    const first = await gauges();
    expect(first.failures).toBe(0);
    expect(first.lastSuccess).toBeGreaterThanOrEqual(before - 0.01);
    for (let k = 0; k < 3; k++) {
      await sleep(5);
      await job().catch(() => {});
      expect(await gauges()).toEqual({ failures: k + 1, lastSuccess: first.lastSuccess });
    }
    await sleep(5);
    await job();
    const recovered = await gauges();
    expect(recovered.failures).toBe(0);
    expect(recovered.lastSuccess).toBeGreaterThan(first.lastSuccess!);
    await job().catch(() => {});
    expect(await gauges()).toEqual({ failures: 1, lastSuccess: recovered.lastSuccess });
  });

  it('reports the declared interval from the moment the job is wrapped', async () => {
    harness();
    trackJob('nightly', async () => {}, { expectedIntervalMs: 86_400_000 });
    trackJob('adhoc', async () => {});
    const m = await h.metrics();
    expect(points(m, 'job.expected_interval')).toEqual([{ attributes: { 'job.name': 'nightly' }, value: 86_400 }]);
  });
});
