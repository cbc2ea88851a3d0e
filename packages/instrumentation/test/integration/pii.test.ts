import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { PACKAGE_ROOT, startApp, type RunningApp } from '../helpers/app.js';
import { CORPUS, leaks, sendCorpus } from '../helpers/pii-corpus.js';
import { SentryStandIn } from '../helpers/sentry-stand-in.js';

const exec = promisify(execFile);

describe('PII corpus: no secret or personal data leaves the process', () => {
  const receiver = new OtlpReceiver();
  const sentry = new SentryStandIn();
  let app: RunningApp;
  let env: NodeJS.ProcessEnv;
  let check = '';

  beforeAll(async () => {
    await receiver.start();
    await sentry.start();
    env = {
      PII_CORPUS: JSON.stringify(CORPUS),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${CORPUS.collectorSecret}`,
      SENTRY_DSN: `http://publickey@127.0.0.1:${sentry.port}/1`,
      OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST: 'authorization,cookie,x-api-key,x-forwarded-email',
    };
    app = await startApp('pii-server.mjs', { env });
    await sendCorpus(`http://127.0.0.1:${app.port}`);
    await receiver.waitFor('every request\'s server span, the client spans and the log lines', () =>
      receiver.spans.filter((s) => s.kind === 2).length >= 7 && receiver.spans.filter((s) => s.kind === 3).length >= 2 && receiver.logs.length >= 6, 20_000);
    const events = () => sentry.envelopes.flatMap((e) => e.items).filter((i) => i.header.type === 'event');
    const deadline = Date.now() + 10_000;
    while (events().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    check = await exec(process.execPath, [join(PACKAGE_ROOT, 'bin/sightline.js'), 'check'], { env: { PATH: process.env.PATH, ...env } })
      .then((r) => r.stdout, (e: { stdout: string }) => e.stdout);
  }, 60_000);
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
    await sentry.stop();
  });

  it('the telemetry arrived (the corpus went through everything checked below)', () => {
    expect(receiver.spans.some((s) => String(s.attributes['url.path']).startsWith('/users/'))).toBe(true);
    expect(receiver.logs.some((l) => l.body === 'login attempt')).toBe(true);
    expect(sentry.envelopes.length).toBeGreaterThan(0);
    expect(app.stdout()).toContain('login attempt');
    expect(app.stderr()).toContain('sightline: service=');
    expect(check).toContain('traces:');
  });

  it('exported spans', () => expect(leaks(JSON.stringify(receiver.spans))).toEqual([]));
  it('exported logs', () => expect(leaks(JSON.stringify(receiver.logs))).toEqual([]));
  it('exported metrics', () => expect(leaks(JSON.stringify(receiver.metrics))).toEqual([]));
  it('Sentry events and the spans sent to Sentry', () => expect(leaks(JSON.stringify(sentry.envelopes) + JSON.stringify(sentry.otlp.spans))).toEqual([]));
  it('stdout (pino lines)', () => expect(leaks(app.stdout())).toEqual([]));
  it('stderr and the startup line', () => expect(leaks(app.stderr())).toEqual([]));
  it('sightline check', () => expect(leaks(check)).toEqual([]));
});
