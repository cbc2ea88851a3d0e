import { afterEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startNode } from '@sightline/tests/process';
import { PACKAGE_ROOT } from '../helpers/app.js';
import { eventually, startHealthApp, type HealthApp } from '../helpers/health-app.js';
import { stopAll } from '../helpers/stop-all.js';

// A long batch delay: only the shutdown flush can deliver these spans.
const slowBatches = { OTEL_BSP_SCHEDULE_DELAY: '60000', OTEL_BLRP_SCHEDULE_DELAY: '60000' };

describe('shutdown order with health probes', () => {
  let receiver: OtlpReceiver | undefined;
  let app: HealthApp | undefined;
  afterEach(async () => {
    await stopAll(app, receiver);
    app = receiver = undefined;
  });

  it('SIGTERM: readiness 503 at once, the app keeps serving for SIGHTLINE_SHUTDOWN_DELAY_MS, then flush and exit 143', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startHealthApp({ otlp: receiver.url, env: { ...slowBatches, SIGHTLINE_SHUTDOWN_DELAY_MS: '1500' } });
    expect((await app.get('/hello')).status).toBe(200);
    expect((await app.probe('/readyz')).status).toBe(200);
    const sentAt = Date.now();
    app.child.kill('SIGTERM');
    await eventually(async () => ((await app!.probe('/readyz')).status === 503 ? true : undefined), 'readiness to fail');
    const draining = await app.details();
    expect(draining.shutdown.state).toBe('draining');
    expect(draining.live).toBe(true);
    // Sightline's reaction to the signal (its own clock on the same machine), not the poll's latency.
    expect(Date.parse(draining.shutdown.since) - sentAt).toBeLessThan(100);
    expect((await app.probe('/livez')).status).toBe(200);

    const drainEnds = Date.parse(draining.shutdown.since) + 1500;
    let servedDuringDrain = 0;
    let servedBeforeFlush = 0;
    const exited = app.exited.then((e) => ({ ...e, at: Date.now() }));
    let done = false;
    void exited.then(() => { done = true; });
    while (!done) {
      const res = await app.get('/hello').catch(() => undefined);
      if (res?.status === 200) {
        servedDuringDrain++;
        // Completed at the client before the drain ended: its span ended before the flush began.
        if (Date.now() < drainEnds) servedBeforeFlush++;
      }
      const ready = await app.probe('/readyz').catch(() => undefined);
      if (ready !== undefined) expect(ready.status).toBe(503);
      await new Promise((r) => setTimeout(r, 100));
    }
    const exit = await exited;
    expect(exit.status).toBe(143);
    expect(exit.signal).toBe('SIGTERM');
    expect(exit.at - sentAt).toBeGreaterThanOrEqual(1500);
    expect(servedBeforeFlush).toBeGreaterThan(2);
    const paths = receiver.spans.filter((s) => s.kind === 2).map((s) => s.attributes['url.path']);
    expect(new Set(paths)).toEqual(new Set(['/hello']));
    expect(paths.length).toBeGreaterThanOrEqual(1 + servedBeforeFlush);
    expect(paths.length).toBeLessThanOrEqual(1 + servedDuringDrain);
    expect(app.stderr()).toContain('SIGTERM: readiness fails from now; the app keeps serving for 1500 ms, then the flush');
  });

  it('the drain defaults to 5000 ms when probes are served', async () => {
    app = await startHealthApp({ env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' } });
    app.child.kill('SIGTERM');
    await app.waitForOutput(/the app keeps serving for 5000 ms/);
    expect((await app.probe('/readyz')).status).toBe(503);
    expect((await app.get('/hello')).status).toBe(200);
  });

  it('SIGINT (an interactive Ctrl-C) fails readiness but does not wait for the drain: exit 130', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startHealthApp({ otlp: receiver.url, env: { ...slowBatches, SIGHTLINE_SHUTDOWN_DELAY_MS: '20000' } });
    await app.get('/hello');
    app.child.kill('SIGINT');
    const exit = await app.exited;
    expect(exit.status).toBe(130);
    expect(app.stderr()).not.toContain('keeps serving');
    expect(receiver.spans.filter((s) => s.kind === 2)).toHaveLength(1);
  });

  it('an app with its own SIGTERM handler owns its exit; drained() lets it keep serving through the drain', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startHealthApp({ otlp: receiver.url, env: { ...slowBatches, SIGHTLINE_SHUTDOWN_DELAY_MS: '1200', FIXTURE_OWN_SIGTERM: '1' } });
    app.child.kill('SIGTERM');
    await app.waitForOutput(/app handler ran/);
    expect((await app.probe('/readyz')).status).toBe(503);
    expect(app.stdout()).not.toContain('app closing');
    expect((await app.get('/hello')).status).toBe(200);
    const exit = await app.exited;
    expect(app.stdout()).toContain('app closing');
    expect(exit.code).toBe(0); // the app let the event loop end: Node's own exit, after the flush at beforeExit
    expect(receiver.spans.filter((s) => s.kind === 2).map((s) => s.attributes['url.path'])).toEqual(['/hello']);
  });

  it('without the preload there is no drain: drained() resolves at once and the app\'s handler ends it', async () => {
    const proc = startNode([`${PACKAGE_ROOT}test/fixtures/app/health.mjs`], { cwd: PACKAGE_ROOT, env: { FIXTURE_OWN_SIGTERM: '1' } });
    try {
      await proc.waitForOutput(/listening (\d+)/);
      proc.child.kill('SIGTERM');
      const exit = await proc.exited;
      expect(proc.stdout()).toContain('app closing');
      expect(exit.code).toBe(0);
    } finally {
      proc.child.kill('SIGKILL');
    }
  });

  it('OTEL_SDK_DISABLED=true keeps the probes and the drain (they are not telemetry)', async () => {
    app = await startHealthApp({ env: { OTEL_SDK_DISABLED: 'true', SIGHTLINE_SHUTDOWN_DELAY_MS: '300' } });
    expect(app.stderr()).toContain('disabled by OTEL_SDK_DISABLED=true');
    expect((await app.probe('/readyz')).status).toBe(200);
    app.child.kill('SIGTERM');
    await eventually(async () => ((await app!.probe('/readyz').catch(() => undefined))?.status === 503 ? true : undefined), 'readiness to fail');
    expect((await app.exited).status).toBe(143);
  });

  it('the probe server and the checks never keep the process alive: a natural end exits 0', async () => {
    const script = `import { registerHealthCheck } from '@sightline/instrumentation/api';
      registerHealthCheck({ name: 'tick', check() {}, intervalMs: 50 });
      setTimeout(() => console.log('work done'), 300);`;
    const proc = startNode(['--import', '@sightline/instrumentation', '--input-type=module', '-e', script], {
      cwd: PACKAGE_ROOT, env: { SIGHTLINE_HEALTH_PORT: '0', SIGHTLINE_HEALTH_HOST: '127.0.0.1', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
    });
    const port = Number((await proc.waitForOutput(/health endpoints on 127\.0\.0\.1:(\d+)/))[1]);
    expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
    const exit = await proc.exited;
    expect(exit.code).toBe(0);
    expect(proc.stdout()).toContain('work done');
  });
});
