import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { startPostgres, type LocalPostgres } from '@sightline/tests/postgres';
import { startRedis, type LocalServer } from '@sightline/tests/redis';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { eventually, startHealthApp, type HealthApp } from '../helpers/health-app.js';
import { healthDetails, httpCheck, markStarted, pgCheck, redisCheck, registerHealthCheck } from '../../src/index.js';
import type { CheckSnapshot } from '../../src/health/CheckRunner.js';

/** Waits until the named check reaches `status`; returns its snapshot. */
async function until(name: string, status: CheckSnapshot['status'], timeoutMs = 15_000): Promise<CheckSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snap = healthDetails().checks[name];
    if (snap?.status === status) return snap;
    if (Date.now() > deadline) throw new Error(`check ${name} never became ${status} (last: ${JSON.stringify(snap)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('ready-made checks against real servers', () => {
  beforeAll(() => markStarted());

  describe('pgCheck', () => {
    let db: LocalPostgres;
    let pool: pg.Pool;
    beforeAll(async () => {
      db = await startPostgres();
      pool = new pg.Pool({ connectionString: db.url, connectionTimeoutMillis: 1000, max: 2 });
      pool.on('error', () => {}); // idle clients are cut when the server stops; the app decides what to log
    }, 60_000);
    afterAll(async () => {
      await pool?.end().catch(() => {});
      await db?.close();
    });

    it('is up against a running PostgreSQL, down after it goes away, up again when it comes back', async () => {
      const handle = registerHealthCheck(pgCheck(pool, { intervalMs: 100, timeoutMs: 2000, failuresBeforeDown: 2 }));
      try {
        expect(await until('postgres', 'up')).toMatchObject({ critical: true, consecutiveFailures: 0 });
        expect(healthDetails().ready).toBe(true);
        await db.stop();
        const down = await until('postgres', 'down');
        expect(down.consecutiveFailures).toBeGreaterThanOrEqual(2);
        expect(down.message).toMatch(/ECONNREFUSED|terminat|connect|Connection/i);
        expect(healthDetails().ready).toBe(false);
        await db.start();
        expect(await until('postgres', 'up')).toMatchObject({ consecutiveFailures: 0 });
        expect(healthDetails().ready).toBe(true);
      } finally {
        handle.remove();
      }
    });
  });

  describe('redisCheck', () => {
    let redis: LocalServer;
    let client: Redis;
    beforeAll(async () => {
      redis = await startRedis();
      client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
      client.on('error', () => {});
    }, 60_000);
    afterAll(async () => {
      client?.disconnect();
      await redis?.close();
    });

    it('is up against a running Redis, down while it is gone (status, not a queued PING), up when it is back', async () => {
      const handle = registerHealthCheck(redisCheck(client, { intervalMs: 100, critical: false }));
      try {
        expect(await until('redis', 'up')).toMatchObject({ critical: false });
        await redis.stop();
        const down = await until('redis', 'down');
        expect(down.message).toMatch(/^connection (reconnecting|connecting|close|end)$/);
        expect(healthDetails().ready).toBe(true); // not critical: reported only
        await redis.start();
        await until('redis', 'up');
      } finally {
        handle.remove();
      }
    });
  });

  describe('httpCheck', () => {
    let server: Server;
    let status = 200;
    let url = '';
    beforeAll(async () => {
      server = createServer((req, res) => res.writeHead(req.headers.authorization === `Basic ${Buffer.from('user:secret').toString('base64')}` ? status : 401).end('x'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://user:secret@127.0.0.1:${(server.address() as { port: number }).port}/status`;
    });
    afterAll(() => server?.close());

    it('is up on 2xx/3xx, down on 5xx and when nothing listens; credentials go as basic auth and never appear in messages', async () => {
      const handle = registerHealthCheck(httpCheck(url, { name: 'inventory', intervalMs: 100, failuresBeforeDown: 1 }));
      try {
        expect(await until('inventory', 'up')).toMatchObject({ message: 'answered 200' });
        status = 503;
        const down = await until('inventory', 'down');
        expect(down.message).toBe(`GET http://127.0.0.1:${(server.address() as { port: number }).port}/status answered 503`);
        status = 204;
        await until('inventory', 'up');
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
        const gone = await until('inventory', 'down');
        expect(gone.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/status: ECONNREFUSED$/);
      } finally {
        handle.remove();
      }
    });
  });

  describe('under the preload', () => {
    let db: LocalPostgres;
    let redis: LocalServer;
    let receiver: OtlpReceiver;
    let app: HealthApp | undefined;
    beforeAll(async () => {
      [db, redis, receiver] = await Promise.all([startPostgres(), startRedis(), new OtlpReceiver().start()]);
    }, 60_000);
    afterAll(async () => {
      app?.child.kill('SIGKILL');
      await Promise.all([db?.close(), redis?.close(), receiver?.stop()]);
    });

    it('/readyz follows the database going away and coming back; the checks\' queries are never traced', async () => {
      app = await startHealthApp({ otlp: receiver.url, env: { FIXTURE_PG_URL: db.url, FIXTURE_REDIS_URL: redis.url, SIGHTLINE_SHUTDOWN_DELAY_MS: '0' } });
      const ready = (status: number) => async () => ((await app!.probe('/readyz')).status === status ? true : undefined);
      await eventually(async () => {
        const d = await app!.details();
        return d.checks.postgres?.status === 'up' && d.checks.redis?.status === 'up' ? true : undefined;
      }, 'both checks up');
      expect((await app.probe('/readyz')).status).toBe(200);
      await db.stop();
      await eventually(ready(503), 'unready while PostgreSQL is gone');
      expect((await app.details()).checks.postgres.status).toBe('down');
      expect((await app.probe('/livez')).status).toBe(200);
      await db.start();
      await eventually(ready(200), 'ready again');
      await redis.stop();
      await eventually(ready(503), 'unready while Redis is gone');
      await redis.start();
      await eventually(ready(200), 'ready once Redis is back');
      await app.get('/hello');
      app.child.kill('SIGTERM');
      expect((await app.exited).status).toBe(143);
      expect(receiver.spans.map((s) => s.name).sort()).toEqual(['GET', 'app setup']);
      expect(receiver.spans.filter((s) => s.attributes['db.system'] ?? s.attributes['db.system.name'])).toEqual([]);
      const transitions = app.stderr().split('\n').filter((l) => l.includes('health check postgres')).map((l) => l.replace(/^.*: (\w+ -> \w+).*$/, '$1'));
      // One line per change of state, never per run: each line starts where the previous one ended.
      expect(transitions).toContain('failing -> down');
      expect(transitions.at(-1)).toBe('down -> up');
      for (let i = 1; i < transitions.length; i++) expect(transitions[i]!.split(' -> ')[0]).toBe(transitions[i - 1]!.split(' -> ')[1]);
      expect(transitions.length).toBeLessThan(10);
    });
  });
});
