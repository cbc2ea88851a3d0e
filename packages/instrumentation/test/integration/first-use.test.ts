import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';

// Library instrumentations are created when the app first loads their package, just before that load.
describe.each([
  ['ESM app, --import (dynamic import and require inside a request)', 'late-libraries.mjs', 'import'],
  ['CommonJS app, --require (require and dynamic import inside a request)', 'late-libraries.cjs', 'require'],
] as const)('a library loaded after start is instrumented: %s', (_, fixture, preload) => {
  const receiver = new OtlpReceiver();
  let app: RunningApp;
  let body: { errors: string[]; expressPort: number };

  beforeAll(async () => {
    await receiver.start();
    app = await startApp(fixture, { preload, otlp: receiver.url, env: { CLOSED_PORT: String(await freePort()) } });
    body = (await (await app.get('/late')).json()) as typeof body;
    expect((await fetch(`http://127.0.0.1:${body.expressPort}/users/3`)).status).toBe(200);
    await receiver.waitFor('pg, redis and express spans', () =>
      receiver.spans.some((s) => s.scope.includes('pg')) && receiver.spans.some((s) => s.scope.includes('ioredis'))
      && receiver.spans.some((s) => s.name === 'GET /users/:id'));
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('names the instrumentations waiting for their package on the startup line', () => {
    expect(app.stderr()).toContain('(on first use: undici,express,fastify,pg,ioredis,pino)');
  });

  it('records pg and ioredis client spans in the trace of the request that loaded them', () => {
    expect(body.errors.length).toBeGreaterThanOrEqual(2);
    const server = receiver.spans.find((s) => s.kind === 2 && s.attributes['url.path'] === '/late')!;
    const clients = receiver.spans.filter((s) => s.scope.includes('pg') || s.scope.includes('ioredis'));
    expect(clients.map((s) => s.name)).toEqual(expect.arrayContaining(['pg.connect', 'connect']));
    for (const s of clients) expect(s.traceId).toBe(server.traceId);
  });

  it('names the express server span after its route, with express middleware spans', () => {
    const server = receiver.spans.find((s) => s.name === 'GET /users/:id')!;
    expect(server.attributes['http.route']).toBe('/users/:id');
    expect(receiver.spans.some((s) => s.traceId === server.traceId && s.scope.includes('express'))).toBe(true);
  });
});

describe('a hello world loads no instrumentation package', () => {
  let app: RunningApp;
  const receiver = new OtlpReceiver();

  beforeAll(async () => {
    await receiver.start();
    // runtime-node is created a second after start; switched off here so the check does not depend on timing.
    app = await startApp('loaded-modules.mjs', { otlp: receiver.url, env: { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'runtime-node' } });
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('none of the library instrumentations, OpenTelemetry\'s instrumentation base, require-in-the-middle, the logs SDK or the B3 propagator', async () => {
    expect(await (await app.get('/loaded')).json()).toEqual([]);
  });

  it('the first call of global fetch creates the undici instrumentation, and that fetch is traced', async () => {
    const loaded = (await (await app.get('/fetch')).json()) as string[];
    expect(loaded.some((f) => f.includes('instrumentation-undici'))).toBe(true);
    expect(loaded.some((f) => /instrumentation-(express|pg|ioredis)|@fastify\/otel|SightlinePinoInstrumentation|sdk-logs/.test(f))).toBe(false);
    await receiver.waitFor('the fetch client span', () => receiver.spans.some((s) => s.scope === '@opentelemetry/instrumentation-undici' && s.kind === 3));
  });
});

describe('runtime-node only when metrics go somewhere', () => {
  const receiver = new OtlpReceiver();
  const apps: RunningApp[] = [];
  beforeAll(() => receiver.start());
  afterAll(async () => {
    for (const app of apps) app.child.kill('SIGKILL');
    await receiver.stop();
  });
  const runtimeNodeLoaded = async (app: RunningApp): Promise<boolean> =>
    ((await (await app.get('/loaded')).json()) as string[]).some((f) => f.includes('instrumentation-runtime-node'));

  it('is created a second after start with a metrics exporter, never with OTEL_METRICS_EXPORTER=none (its GC observer would cost for nothing)', async () => {
    // Started first: once the other app (started after it) has created runtime-node, this one is past that second too.
    const without = await startApp('loaded-modules.mjs', { otlp: receiver.url, env: { OTEL_METRICS_EXPORTER: 'none' } });
    apps.push(without);
    const withMetrics = await startApp('loaded-modules.mjs', { otlp: receiver.url });
    apps.push(withMetrics);
    expect(without.stderr()).toContain('instrumentations=http (on first use: ');
    expect(withMetrics.stderr()).toContain('instrumentations=http,runtime-node (on first use: ');
    for (let i = 0; i < 100 && !(await runtimeNodeLoaded(withMetrics)); i++) await new Promise((ok) => setTimeout(ok, 100));
    expect(await runtimeNodeLoaded(withMetrics)).toBe(true);
    expect(await runtimeNodeLoaded(without)).toBe(false);
  });
});
