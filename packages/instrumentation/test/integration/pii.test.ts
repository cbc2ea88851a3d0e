import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { PACKAGE_ROOT, startApp, type RunningApp } from '../helpers/app.js';
import { SentryStandIn } from '../helpers/sentry-stand-in.js';

/** Secrets and personal data, each distinctive enough that any occurrence anywhere is a leak. */
const CORPUS = {
  email: 'jane.doe@example.com',
  password: 'hunter2-Pa55word',
  apiKey: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlMTIz',
  cookie: 's3ss10n-4b1d-cookie',
  card: '4111111111111111',
  iban: 'DE89370400440532013000',
  pathToken: 'Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2Q',
  collectorSecret: 'coll-Secret-9f8e7d',
};
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
    const headers = { authorization: `Bearer ${CORPUS.bearer}`, cookie: `session=${CORPUS.cookie}`, 'x-api-key': CORPUS.apiKey, 'x-forwarded-email': CORPUS.email };
    const base = `http://127.0.0.1:${app.port}`;
    await (await fetch(`${base}/users/${CORPUS.email}/profile?api_key=${CORPUS.apiKey}&password=${CORPUS.password}`, { headers })).text();
    await (await fetch(`${base}/cards/${CORPUS.card}?iban=${CORPUS.iban}`, { headers })).text();
    await (await fetch(`${base}/invite/${CORPUS.pathToken}`, { headers })).text();
    await (await fetch(`${base}/login`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ email: CORPUS.email, password: CORPUS.password, iban: CORPUS.iban, cardNumber: CORPUS.card }) })).text();
    await (await fetch(`${base}/fail/${CORPUS.email}`, { headers })).text();
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

  const leaks = (text: string) => Object.entries(CORPUS).filter(([, secret]) => text.includes(secret) || text.includes(encodeURIComponent(secret))).map(([name]) => name);

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
