import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';
import { SentryStandIn } from '../helpers/sentry-stand-in.js';

describe('SENTRY_DSN: errors and traces also go to Sentry', () => {
  const sentry = new SentryStandIn();
  const collector = new OtlpReceiver();
  let app: RunningApp;

  beforeAll(async () => {
    await sentry.start();
    await collector.start();
    app = await startApp('server.mjs', {
      otlp: collector.url,
      env: { SENTRY_DSN: `http://publickey123@127.0.0.1:${sentry.port}/1`, NODE_ENV: 'production' },
    });
    await app.get('/hello');
    await app.get('/pii-error');
    await app.get('/crash');
    await app.exited;
  });
  afterAll(async () => {
    await sentry.stop();
    await collector.stop();
  });

  it('keeps the crash behaviour (exit 1) and names Sentry in the startup line without the key', () => {
    expect(app.child.exitCode).toBe(1);
    expect(app.stderr()).toContain(`sentry errors -> 127.0.0.1:${sentry.port}/1`);
    expect(app.stderr()).not.toContain('publickey123');
  });

  it('sends the uncaught exception once as a Sentry event carrying the trace id of the request', () => {
    const events = sentry.envelopes.flatMap((e) => e.items).filter((i) => i.header.type === 'event' && i.payload.exception.values[0].mechanism.type === 'onuncaughtexception');
    expect(events).toHaveLength(1);
    const event = events[0]!.payload;
    expect(event.exception.values[0]).toMatchObject({ type: 'Error', value: 'boom from /crash', mechanism: { type: 'onuncaughtexception', handled: false } });
    expect(event.exception.values[0].stacktrace.frames.some((f: any) => f.filename.endsWith('server.mjs'))).toBe(true);
    expect(event.environment).toBe('production');
    expect(event.release).toBe('fixture-shop@3.2.1');
    const request = collector.spans.find((s) => s.attributes['url.path'] === '/crash')!;
    expect(event.contexts.trace.trace_id).toBe(request.traceId);
  });

  it('scrubs exception messages with the redaction policy of logs and spans', () => {
    const event = sentry.envelopes.flatMap((e) => e.items).find((i) => i.header.type === 'event' && i.payload.exception.values[0].mechanism.handled === true)!.payload;
    expect(event.exception.values[0].value).toBe('payment failed for [Redacted], card [Redacted], Bearer [Redacted], https://bob:[Redacted]@bank.example/cb?token=[Redacted]');
    expect(JSON.stringify(sentry.envelopes)).not.toMatch(/jane\.doe|4111 1111|abcdef123456|hunter2|t0ps3cr3t/);
    // The span event the Sentry event came from is exported redacted too.
    const leaks = JSON.stringify([...collector.spans, ...sentry.otlp.spans]).match(/jane\.doe|4111 1111|abcdef123456|hunter2|t0ps3cr3t/g);
    expect(leaks).toBeNull();
  });

  it('uses the envelope endpoint with the DSN key', () => {
    const env = sentry.envelopes[0]!;
    expect(env.url).toMatch(/^\/api\/1\/envelope\/\?sentry_version=7&sentry_key=publickey123/);
    expect(env.header.event_id).toBe(env.items[0]!.payload.event_id);
    expect(typeof env.header.sent_at).toBe('string');
  });

  it('sends the same spans to Sentry over OTLP: no duplicates, no second instrumentation', () => {
    const atSentry = sentry.otlp.spans;
    expect(sentry.otlp.requests.every((r) => r.headers['x-sentry-auth'] === 'sentry sentry_key=publickey123')).toBe(true);
    expect(atSentry.map((s) => s.spanId).sort()).toEqual(collector.spans.map((s) => s.spanId).sort());
    expect(atSentry.filter((s) => s.attributes['url.path'] === '/crash')).toHaveLength(1);
    expect(new Set(atSentry.map((s) => s.scope))).toEqual(new Set(['@sightline/instrumentation']));
  });
});

describe('SENTRY_DSN problems', () => {
  it('a malformed DSN warns once and the app runs without Sentry', async () => {
    const collector = await new OtlpReceiver().start();
    const app = await startApp('server.mjs', { otlp: collector.url, env: { SENTRY_DSN: 'not-a-dsn' } });
    expect((await app.get('/hello')).status).toBe(200);
    app.child.kill('SIGKILL');
    await collector.stop();
    expect(app.stderr().match(/SENTRY_DSN="[^"]*": not a Sentry DSN/g)).toHaveLength(1);
  });
});
