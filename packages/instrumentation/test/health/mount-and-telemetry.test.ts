import { afterEach, describe, expect, it } from 'vitest';
import { OtlpReceiver, type ReceivedMetric } from '@sightline/tests/otlp-receiver';
import { eventually, startHealthApp, type HealthApp } from '../helpers/health-app.js';
import { stopAll } from '../helpers/stop-all.js';

const PROBES = ['/livez', '/readyz', '/startupz', '/healthz', '/health/live', '/health/ready', '/health/startup'];

/** Points of the last export of a cumulative metric (each export repeats the totals). */
function lastPoints(metrics: ReceivedMetric[], name: string): ReceivedMetric['points'] {
  return metrics.filter((m) => m.name === name).at(-1)?.points ?? [];
}

describe('probes mounted on the app port, and the checks\' telemetry', () => {
  let receiver: OtlpReceiver | undefined;
  let app: HealthApp | undefined;
  afterEach(async () => {
    await stopAll(app, receiver);
    app = receiver = undefined;
  });

  for (const mount of ['http', 'express', 'fastify']) {
    it(`${mount}: mountHealth() answers on the app's port; no probe request is traced, counted or logged`, async () => {
      receiver = await new OtlpReceiver().start();
      // express: pino-http sits ahead of the probes, so @sightline/pino's suppression is what keeps them
      // out of the log; node:http and fastify must manage without it.
      const suppression = mount === 'express' ? {} : { SIGHTLINE_PINO_SUPPRESS_IGNORED: 'false' };
      app = await startHealthApp({ otlp: receiver.url, env: { FIXTURE_MOUNT: mount, FIXTURE_CHECKS: 'toggle', SIGHTLINE_SHUTDOWN_DELAY_MS: '0', ...suppression } });
      await eventually(async () => ((await app!.get('/readyz')).status === 200 ? true : undefined), 'ready on the app port');
      for (const path of PROBES) {
        const res = await app.get(path);
        expect([path, res.status]).toEqual([path, 200]);
        if (path !== '/healthz') expect(await res.text()).toBe('ok\n');
        else expect(await res.json()).toMatchObject({ ready: true, checks: { db: { status: 'up' } } });
        expect((await app.probe(path)).status).toBe(200);
      }
      expect((await fetch(`http://127.0.0.1:${app.port}/livez`, { method: 'HEAD' })).status).toBe(200);
      expect((await app.get('/hello')).status).toBe(200);
      expect((await app.get('/nothing-here')).status).toBe(404);
      app.child.kill('SIGTERM');
      expect((await app.exited).status).toBe(143);

      const paths = receiver.spans.filter((s) => s.kind === 2).map((s) => s.attributes['url.path']).sort();
      expect(paths).toEqual(['/hello', '/nothing-here']);
      expect(receiver.spans.filter((s) => s.kind !== 2 && s.name.includes('health'))).toEqual([]);
      const served = lastPoints(receiver.metrics, 'http.server.request.duration');
      expect(served.reduce((n, p) => n + (p.count ?? 0), 0)).toBe(2);
      const logged = [app.stdout(), ...receiver.logs.map((l) => JSON.stringify(l))].join('\n');
      expect(logged).toMatch(/\/hello/);
      for (const path of PROBES) expect(logged).not.toContain(`"${path}`);
    });
  }

  it('a status gauge per check, a duration histogram per run, and one log record per change of state', async () => {
    receiver = await new OtlpReceiver().start();
    // The ignore list no longer covers probe paths: the probe port's requests are skipped all the same.
    app = await startHealthApp({ otlp: receiver.url, env: { FIXTURE_CHECKS: 'toggle', SIGHTLINE_SHUTDOWN_DELAY_MS: '0', SIGHTLINE_IGNORE_PATHS: '/metrics' } });
    await eventually(async () => ((await app!.details()).checks.db?.status === 'up' ? true : undefined), 'up');
    for (const path of PROBES) expect((await app.probe(path)).status).toBe(200);
    await app.get('/fail-check');
    await eventually(async () => ((await app!.details()).checks.db.status === 'down' ? true : undefined), 'down');
    await receiver.waitFor('the down gauge', () => lastPoints(receiver!.metrics, 'sightline.health.check.status').some((p) => p.value === 0));
    expect(lastPoints(receiver.metrics, 'sightline.health.check.status')).toEqual([
      { attributes: { 'health.check.name': 'db', 'health.check.critical': true }, value: 0, exemplars: [] },
    ]);
    await app.get('/heal-check');
    await eventually(async () => ((await app!.details()).checks.db.status === 'up' ? true : undefined), 'up again');
    app.child.kill('SIGTERM');
    expect((await app.exited).status).toBe(143);

    expect(lastPoints(receiver.metrics, 'sightline.health.check.status').map((p) => p.value)).toEqual([1]);
    expect(receiver.spans.filter((s) => s.kind === 2).map((s) => s.attributes['url.path'])).toEqual(['/fail-check', '/heal-check']);
    expect(lastPoints(receiver.metrics, 'http.server.request.duration').reduce((n, p) => n + (p.count ?? 0), 0)).toBe(2);
    const durations = lastPoints(receiver.metrics, 'sightline.health.check.duration');
    const byOutcome = Object.fromEntries(durations.map((p) => [p.attributes['health.check.outcome'], p.count]));
    expect(durations.every((p) => p.attributes['health.check.name'] === 'db')).toBe(true);
    expect(byOutcome.success).toBeGreaterThan(1);
    expect(byOutcome.failure).toBeGreaterThanOrEqual(3);
    const records = receiver.logs.filter((l) => l.attributes['health.check.name'] === 'db');
    expect(records.map((l) => [l.severityText, l.attributes['health.check.previous_status'], l.attributes['health.check.status']])).toEqual([
      ['INFO', 'unknown', 'up'],
      ['WARN', 'up', 'failing'],
      ['ERROR', 'failing', 'down'],
      ['INFO', 'down', 'up'],
    ]);
    expect(records[2]).toMatchObject({ body: 'health check db (critical): failing -> down (3/3 failures: db unreachable)', attributes: { 'health.check.message': 'db unreachable', 'health.check.consecutive_failures': 3 } });
  });

  it('check messages go through the redaction policy before /healthz, stderr and the log see them', async () => {
    receiver = await new OtlpReceiver().start();
    app = await startHealthApp({ otlp: receiver.url, env: { FIXTURE_CHECKS: 'secret', SIGHTLINE_SHUTDOWN_DELAY_MS: '0' } });
    const down = await eventually(async () => {
      const d = await app!.details();
      return d.checks.login?.status === 'down' ? d.checks.login : undefined;
    }, 'the check to be down');
    expect(down.message).toContain('login refused for');
    app.child.kill('SIGTERM');
    await app.exited;
    const seen = [JSON.stringify(down), app.stderr(), JSON.stringify(receiver.logs)].join('\n');
    expect(seen).toContain('health check login (critical): unknown -> down');
    expect(seen).not.toContain('alice@example.com');
    expect(seen).not.toContain('abcdefghijklmnopqrstuvwx');
  });
});
