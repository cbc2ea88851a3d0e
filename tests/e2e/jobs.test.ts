import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { startNode, type RunningProcess } from '../support/process.js';

const APP = fileURLToPath(new URL('./fixtures/job-app.mjs', import.meta.url));
// The preload by path: tests/ cannot depend on the instrumentation package, which depends on tests/.
const PRELOAD = fileURLToPath(new URL('../../packages/instrumentation/dist/register.mjs', import.meta.url));
type Tally = Record<'success' | 'failure' | 'timeout' | 'skipped_overlap', number>;

let receiver: OtlpReceiver | undefined;
let app: RunningProcess | undefined;
afterEach(async () => {
  app?.child.kill('SIGKILL');
  await receiver?.stop();
});

/** Runs the job app under the preload at the given sampling ratio; returns its own tally. */
async function runJobs(ratio: string): Promise<{ tally: Tally; receiver: OtlpReceiver }> {
  receiver = await new OtlpReceiver().start();
  app = startNode(['--import', PRELOAD, APP], {
    env: {
      OTEL_SERVICE_NAME: 'job-worker',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '200',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: ratio,
    },
  });
  const tally = JSON.parse((await app.waitForOutput(/tally (\{.*\})/, 30_000))[1]!) as Tally;
  expect((await app.exited).status).toBe(0); // ends on its own; the preload flushes on the way out
  return { tally, receiver };
}

const latest = (r: OtlpReceiver, name: string) => {
  const byKey = new Map<string, { attributes: Record<string, unknown>; value?: number; count?: number }>();
  for (const m of r.metrics.filter((m) => m.name === name)) {
    for (const p of m.points) byKey.set(JSON.stringify(p.attributes), p);
  }
  return [...byKey.values()];
};

describe('trackJob under the preload', () => {
  for (const ratio of ['0', '0.1']) {
    it(`counts every run by outcome exactly at ${Number(ratio) * 100}% sampling`, async () => {
      const { tally, receiver } = await runJobs(ratio);
      expect(tally.failure).toBeGreaterThan(0);
      expect(tally.timeout).toBeGreaterThan(0);
      const runs = Object.fromEntries(latest(receiver, 'job.runs').map((p) => [p.attributes['job.outcome'], p.value]));
      expect(runs).toEqual(Object.fromEntries(Object.entries(tally).filter(([, n]) => n > 0)));
      for (const p of latest(receiver, 'job.runs')) expect(p.attributes['job.name']).toBe('orders.reconcile');
      const durations = latest(receiver, 'job.run.duration').reduce((n, p) => n + (p.count ?? 0), 0);
      expect(durations).toBe(tally.success + tally.failure + tally.timeout);
      expect(latest(receiver, 'job.expected_interval').map((p) => p.value)).toEqual([0.02]);
      const exported = receiver.spans.filter((s) => s.name === 'orders.reconcile');
      const ran = Object.values(tally).reduce((a, b) => a + b, 0);
      if (ratio === '0') expect(exported).toEqual([]);
      else expect(exported.length).toBeLessThan(ran / 2);
    });
  }

  it('exports each run as a root span of its own trace at 100%', async () => {
    const { tally, receiver } = await runJobs('1');
    const runs = receiver.spans.filter((s) => s.name === 'orders.reconcile');
    expect(runs).toHaveLength(Object.values(tally).reduce((a, b) => a + b, 0));
    expect(new Set(runs.map((s) => s.traceId)).size).toBe(runs.length);
    for (const s of runs) expect(s.parentSpanId).toBe('');
    const failed = runs.filter((s) => s.attributes['job.outcome'] === 'failure');
    expect(failed).toHaveLength(tally.failure);
    expect(failed[0]!.events.map((e) => e.name)).toContain('exception');
    const failures = latest(receiver, 'job.consecutive_failures');
    expect(failures).toHaveLength(1);
    expect(latest(receiver, 'job.last_success.time')[0]!.value).toBeGreaterThan(Date.now() / 1000 - 60);
  });
});
