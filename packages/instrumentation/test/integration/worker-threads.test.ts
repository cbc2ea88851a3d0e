import { afterEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';
import { stopAll } from '../helpers/stop-all.js';

describe('worker threads (--import runs again in each worker)', () => {
  let receiver: OtlpReceiver | undefined;
  let app: RunningApp | undefined;
  afterEach(() => stopAll(app, receiver));

  it('one startup line, worker spans and logs exported under the process identity, runtime series apart by thread.id', async () => {
    receiver = await new OtlpReceiver().start();
    // Long batch delays: worker spans and logs must reach the receiver through the shutdown flush.
    app = await startApp('../worker/app.mjs', { otlp: receiver.url, env: { OTEL_BSP_SCHEDULE_DELAY: '60000', OTEL_BLRP_SCHEDULE_DELAY: '60000' } });
    for (const path of ['/a', '/b', '/c']) await (await app.get(path)).text();
    const utilization = () => receiver!.metrics.filter((m) => m.name === 'nodejs.eventloop.utilization');
    const threads = () => new Set(utilization().flatMap((m) => m.points.map((p) => p.attributes['thread.id'])));
    await receiver.waitFor('runtime metrics of both threads', () => threads().size === 2);
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);

    expect(app.stderr().match(/sightline: service=/g)).toHaveLength(1);
    const jobs = receiver.spans.filter((s) => s.name.startsWith('job '));
    expect(jobs.map((s) => s.name).sort()).toEqual(['job /a', 'job /b', 'job /c']);
    expect(new Set(jobs.map((s) => s.attributes['thread.id']))).toEqual(new Set([1]));
    const server = receiver.spans.filter((s) => s.kind === 2);
    expect(server).toHaveLength(3);
    for (const s of jobs) expect(s.resource).toEqual(server[0]!.resource);
    const done = receiver.logs.filter((l) => String(l.body).startsWith('done '));
    expect(done.map((l) => l.body).sort()).toEqual(['done /a', 'done /b', 'done /c']);
    for (const l of done) {
      expect(l.attributes['thread.id']).toBe(1);
      expect(l.resource).toEqual(server[0]!.resource);
      expect(jobs.map((s) => s.traceId)).toContain(l.traceId);
    }
    // The main thread's points carry no thread.id (dashboards unchanged), the worker's carry its own.
    expect(threads()).toEqual(new Set([undefined, 1]));
    for (const m of utilization()) expect(m.resource).toEqual(server[0]!.resource);
  });
});
