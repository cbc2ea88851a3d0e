import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';

// The Node the app runs on (./run test-node22 sets SIGHTLINE_TEST_NODE). Its in-thread hooks work from
// 22.22.3, 24.11.1, 25.1.0 and 26 (nodejs/node#59929); older releases get the off-thread loader.
const APP_NODE = execFileSync(process.env.SIGHTLINE_TEST_NODE ?? process.execPath, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
function hasWorkingSyncHooks(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((n) => parseInt(n, 10));
  if (major >= 26) return true;
  if (major === 25) return minor >= 1;
  if (major === 24) return minor > 11 || (minor === 11 && patch >= 1);
  if (major === 22) return minor > 22 || (minor === 22 && patch >= 3);
  return false;
}

describe.each([
  ['in-thread hooks (module.registerHooks)', 'auto'],
  ['off-thread loader (module.register, the path for Node < 22.22.3 / 24.11.1)', 'async'],
])('ESM app: fastify, express, pg and ioredis through the loader hook, %s', (_, esmHook) => {
  const receiver = new OtlpReceiver();
  let app: RunningApp;
  let body: { id: string; errors: string[] };

  beforeAll(async () => {
    await receiver.start();
    app = await startApp('libraries.mjs', { otlp: receiver.url, env: { CLOSED_PORT: String(await freePort()), SIGHTLINE_ESM_HOOK: esmHook } });
    body = (await (await app.get('/items/7')).json()) as typeof body;
    const expressPort = Number((await app.waitForOutput(/express (\d+)/))[1]);
    expect((await fetch(`http://127.0.0.1:${expressPort}/users/3`)).status).toBe(200);
    await receiver.waitFor('route, pg and redis spans', () =>
      receiver.spans.some((s) => s.name === 'GET /items/:id') && receiver.spans.some((s) => s.name === 'GET /users/:id') && receiver.spans.some((s) => s.scope.includes('pg')) && receiver.spans.some((s) => s.scope.includes('ioredis')));
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('the calls really failed (no server), so the spans come from the instrumented clients', () => {
    expect(body.errors.length).toBeGreaterThanOrEqual(2);
  });

  it('names the server span after the fastify route', () => {
    const server = receiver.spans.find((s) => s.name === 'GET /items/:id')!;
    expect(server.kind).toBe(2);
    expect(server.attributes['http.route']).toBe('/items/:id');
  });

  it('names the server span after the express route, with express middleware spans (ESM)', () => {
    const server = receiver.spans.find((s) => s.name === 'GET /users/:id')!;
    expect(server.attributes['http.route']).toBe('/users/:id');
    expect(receiver.spans.some((s) => s.traceId === server.traceId && s.scope.includes('express'))).toBe(true);
  });

  it('records pg and ioredis client spans inside the request trace', () => {
    const server = receiver.spans.find((s) => s.name === 'GET /items/:id')!;
    const pgSpans = receiver.spans.filter((s) => s.scope.includes('pg'));
    const redisSpans = receiver.spans.filter((s) => s.scope.includes('ioredis'));
    for (const s of [...pgSpans, ...redisSpans]) expect(s.traceId).toBe(server.traceId);
    expect(pgSpans.some((s) => s.kind === 3 && s.status.code === 2)).toBe(true);
    expect(pgSpans.map((s) => s.name)).toEqual(expect.arrayContaining(['pg.connect', 'pg.query:SELECT d']));
    // without a server ioredis fails before sending the command: its connect attempt is the span
    expect(redisSpans.some((s) => s.kind === 3 && s.name === 'connect')).toBe(true);
    expect(app.stderr()).toContain('instrumentations=http,runtime-node (on first use: undici,express,fastify,pg,ioredis,pino)');
    expect(app.stderr()).toContain(`esm hook=${esmHook === 'auto' && hasWorkingSyncHooks(APP_NODE) ? 'sync' : 'async'}`);
  });
});
