import { afterEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';
import { stopAll } from '../helpers/stop-all.js';

describe('process lifecycle', () => {
  let receiver: OtlpReceiver;
  let app: RunningApp | undefined;
  afterEach(() => stopAll(app, receiver));

  // A long batch delay: only the shutdown flush can deliver these spans.
  const slowBatches = { OTEL_BSP_SCHEDULE_DELAY: '60000', OTEL_BLRP_SCHEDULE_DELAY: '60000' };

  it('SIGTERM flushes spans that ended before the signal, then exits as Node would (143)', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: slowBatches });
    await app.get('/hello');
    await app.get('/fail');
    expect(receiver.spans).toHaveLength(0);
    const sent = Date.now();
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.signal).toBe('SIGTERM');
    expect(exit.status).toBe(143);
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(receiver.spans.map((s) => s.attributes['url.path']).sort()).toEqual(['/fail', '/hello']);
    const failed = receiver.spans.find((s) => s.attributes['url.path'] === '/fail')!;
    expect(failed.status.code).toBe(2);
    expect(failed.attributes['error.type']).toBe('500');
  });

  it('a natural end (beforeExit) flushes what is buffered and exits 0', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: { ...slowBatches, FIXTURE_MODE: 'exit-after-one' } });
    await app.get('/hello');
    expect((await app.exited).code).toBe(0);
    expect(receiver.spans.map((s) => s.attributes['url.path'])).toEqual(['/hello']);
  });

  it('SIGINT exits with 130 after the flush', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: slowBatches });
    await app.get('/hello');
    app.child.kill('SIGINT');
    expect((await app.exited).status).toBe(130);
    expect(receiver.spans).toHaveLength(1);
  });

  // The whole shutdown, re-raise included, within one deadline (2 s here): the bound is well under two
  // deadlines, which is what a second flush round after the sequence used to take.
  for (const [backend, start] of [
    ['does not answer', () => new OtlpReceiver({ delayMs: 30_000 }).start()],
    ['refuses connections', async () => { const r = await new OtlpReceiver().start(); await r.stop(); return r; }],
  ] as const) {
    it(`ends within SIGHTLINE_SHUTDOWN_TIMEOUT_MS when the backend ${backend}`, async () => {
      receiver = await start();
      app = await startApp('server.mjs', { otlp: receiver.url, env: { ...slowBatches, SIGHTLINE_SHUTDOWN_TIMEOUT_MS: '2000' } });
      await app.get('/hello');
      const sent = Date.now();
      app.child.kill('SIGTERM');
      expect((await app.exited).status).toBe(143);
      expect(Date.now() - sent).toBeLessThan(3200);
    });
  }

  it('an app with its own SIGTERM handler keeps control of the exit, and still gets the flush', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: { ...slowBatches, FIXTURE_MODE: 'own-sigterm' } });
    await app.get('/hello');
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.code).toBe(7);
    expect(app.stdout()).toContain('app handler ran');
    expect(receiver.spans).toHaveLength(1);
  });

  it('server.close(() => process.exit(0)) on SIGTERM: the exit waits for the flush and keeps code 0', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: { ...slowBatches, FIXTURE_MODE: 'close-then-exit' } });
    for (const path of ['/a', '/b', '/c', '/d', '/e']) await (await app.get(path)).text();
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
    expect(receiver.spans.map((s) => s.attributes['url.path']).sort()).toEqual(['/a', '/b', '/c', '/d', '/e']);
  });

  it('an app exit during the flush waits at most SIGHTLINE_SHUTDOWN_TIMEOUT_MS for a backend that does not answer', async () => {
    receiver = await new OtlpReceiver({ delayMs: 30_000 }).start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: { ...slowBatches, FIXTURE_MODE: 'close-then-exit', SIGHTLINE_SHUTDOWN_TIMEOUT_MS: '800' } });
    await (await app.get('/hello')).text();
    const sent = Date.now();
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
    expect(Date.now() - sent).toBeLessThan(5000);
  });

  it('process.exit(3) from the app\'s own uncaughtException handler waits for the flush and keeps code 3', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: { ...slowBatches, FIXTURE_MODE: 'own-uncaught' } });
    await (await app.get('/hello')).text();
    await app.get('/crash');
    expect((await app.exited).code).toBe(3);
    expect(app.stdout()).toContain('app crash handler: boom from /crash');
    expect(receiver.spans.map((s) => s.attributes['url.path']).filter(Boolean).sort()).toEqual(['/crash', '/hello']);
    expect(receiver.logs.some((l) => l.body === 'Uncaught exception: boom from /crash')).toBe(true);
  });

  it('an exit while an earlier flush is still on the wire waits for that export too (slow backend)', async () => {
    // The crash hook's flush takes the queued spans and sends them; the app's process.exit(3) comes
    // right after. The batch processor's forceFlush does not wait for an export already sent, so the
    // exit must wait on the exporters themselves, or the request in flight is cut off. No metrics:
    // their export (last in a flush) would otherwise take long enough to hide the cut.
    receiver = await new OtlpReceiver({ delayMs: 400 }).start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: { ...slowBatches, FIXTURE_MODE: 'own-uncaught', OTEL_METRICS_EXPORTER: 'none' } });
    await (await app.get('/hello')).text();
    await app.get('/crash');
    expect((await app.exited).code).toBe(3);
    expect(receiver.spans.map((s) => s.attributes['url.path']).filter(Boolean).sort()).toEqual(['/crash', '/hello']);
    expect(receiver.logs.some((l) => l.body === 'Uncaught exception: boom from /crash')).toBe(true);
  });

  it('an uncaught exception is recorded on the active span and as a log, exported, and exits 1 with the stack', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: slowBatches });
    await app.get('/crash');
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(app.stderr()).toContain('Error: boom from /crash');
    expect(app.stderr()).toMatch(/at Timeout\._onTimeout|at listOnTimeout/);
    const log = receiver.logs.find((l) => l.severityText === 'FATAL')!;
    expect(log.body).toBe('Uncaught exception: boom from /crash');
    expect(log.attributes['exception.stacktrace']).toContain('server.mjs');
    const request = receiver.spans.find((s) => s.attributes['url.path'] === '/crash')!;
    const span = receiver.spans.find((s) => s.events.some((e) => e.name === 'exception'))!;
    expect(span.name).toBe('uncaught exception');
    expect(span.parentSpanId).toBe(request.spanId);
    expect(span.status.code).toBe(2);
    expect(span.events[0]!.attributes['exception.message']).toBe('boom from /crash');
    expect(log.traceId).toBe(request.traceId);
  });

  it('an unhandled rejection follows --unhandled-rejections=throw (exit 1) and is exported', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: slowBatches });
    await app.get('/reject');
    expect((await app.exited).code).toBe(1);
    expect(app.stderr()).toContain('rejected in /reject');
    expect(receiver.logs.some((l) => l.body === 'Unhandled rejection: rejected in /reject')).toBe(true);
  });

  it('--unhandled-rejections=warn keeps the app running', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startApp('server.mjs', { otlp: receiver.url, nodeArgs: ['--unhandled-rejections=warn'] });
    await app.get('/reject');
    await new Promise((r) => setTimeout(r, 300));
    expect((await app.get('/hello')).status).toBe(200);
    expect(app.child.exitCode).toBeNull();
  });
});

describe('loaded twice', () => {
  /** Starts the fixture with extra options, makes one request, returns what was exported and printed. */
  async function oneRequest(o: Parameters<typeof startApp>[1]) {
    const receiver = await new OtlpReceiver().start();
    const app = await startApp('server.mjs', { otlp: receiver.url, ...o });
    await app.get('/hello');
    await receiver.waitFor('span', () => receiver.spans.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    app.child.kill('SIGKILL');
    await receiver.stop();
    return { spans: receiver.spans, stderr: app.stderr() };
  }

  // Node itself loads one module URL once, so --import twice and --import plus --require must not
  // register twice or warn; a second start (another copy, or the API) is refused with one warning.
  it.each([
    ['--import twice', ['--import', '@sightline/instrumentation']],
    ['--import plus --require', ['--require', '@sightline/instrumentation']],
  ])('%s registers once', async (_, nodeArgs) => {
    const { spans, stderr } = await oneRequest({ nodeArgs });
    expect(spans).toHaveLength(1);
    expect(stderr.match(/sightline: service=/g)).toHaveLength(1);
  });

  it('a second start from the app (or another installed copy) is refused with one warning', async () => {
    const { spans, stderr } = await oneRequest({ env: { FIXTURE_MODE: 'start-again' } });
    expect(spans).toHaveLength(1);
    expect(stderr.match(/loaded more than once/g)).toHaveLength(1);
    expect(stderr.match(/sightline: service=/g)).toHaveLength(1);
  });

  it('an app that also starts its own NodeSDK gets one warning and Sightline keeps exporting', async () => {
    const { spans, stderr } = await oneRequest({ env: { FIXTURE_MODE: 'own-sdk' } });
    expect(stderr.match(/another OpenTelemetry SDK tried to register/g)).toHaveLength(1);
    expect(spans[0]!.scope).toBe('@sightline/instrumentation');
  });
});
