import { afterEach, describe, expect, it } from 'vitest';
import { startNode, type RunningProcess } from '@sightline/tests/process';
import { FIXTURES, PACKAGE_ROOT } from '../helpers/app.js';
import { eventually, startHealthApp, type HealthApp } from '../helpers/health-app.js';

const PROBES = ['/livez', '/readyz', '/startupz', '/healthz', '/health/live', '/health/ready', '/health/startup'];

describe('health probes (probe port)', () => {
  let app: HealthApp | undefined;
  let proc: RunningProcess | undefined;
  afterEach(() => {
    app?.child.kill('SIGKILL');
    proc?.child.kill('SIGKILL');
    app = proc = undefined;
  });

  it('startup and readiness flip when the app first listens; liveness answers from the start', async () => {
    proc = startNode(['--import', '@sightline/instrumentation', FIXTURES + 'health.mjs'], {
      cwd: PACKAGE_ROOT,
      env: { SIGHTLINE_HEALTH_PORT: '0', SIGHTLINE_HEALTH_HOST: '127.0.0.1', FIXTURE_LISTEN_DELAY_MS: '1500', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
    });
    const port = Number((await proc.waitForOutput(/health endpoints on 127\.0\.0\.1:(\d+)/))[1]);
    const status = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).status;
    const before = { startup: await status('/startupz'), ready: await status('/readyz'), live: await status('/livez') };
    const listening = /listening \d+/.test(proc.stdout());
    expect(listening).toBe(false);
    expect(before).toEqual({ startup: 503, ready: 503, live: 200 });
    await proc.waitForOutput(/listening (\d+)/);
    expect(await status('/startupz')).toBe(200);
    expect(await status('/readyz')).toBe(200);
    expect(await status('/health/startup')).toBe(200);
  });

  it('SIGHTLINE_HEALTH_STARTUP=manual: listening is not enough, markStarted() is', async () => {
    app = await startHealthApp({ env: { SIGHTLINE_HEALTH_STARTUP: 'manual' } });
    expect((await app.probe('/startupz')).status).toBe(503);
    expect((await app.probe('/readyz')).status).toBe(503);
    await app.get('/started');
    expect((await app.probe('/startupz')).status).toBe(200);
    expect((await app.probe('/readyz')).status).toBe(200);
  });

  it('every probe path answers with a tiny body; /healthz with JSON; other paths 404, other methods 405', async () => {
    app = await startHealthApp();
    for (const path of PROBES) {
      const res = await app.probe(path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-store']);
      const body = await res.text();
      if (path === '/healthz') expect(JSON.parse(body)).toMatchObject({ status: 'ok', live: true, ready: true, started: true, shutdown: { state: 'running' } });
      else expect(body).toBe('ok\n');
    }
    expect((await app.probe('/health')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${app.healthPort}/readyz`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`http://127.0.0.1:${app.healthPort}/readyz`, { method: 'HEAD' })).status).toBe(200);
  });

  it('a critical check failing 3 times in a row turns readiness 503, and back to 200 when it recovers', async () => {
    app = await startHealthApp({ env: { FIXTURE_CHECKS: 'toggle' } });
    await eventually(async () => ((await app!.details()).checks.db?.status === 'up' ? true : undefined), 'the check to be up');
    expect((await app.probe('/readyz')).status).toBe(200);
    await app.get('/fail-check');
    // Every snapshot is consistent: unready exactly when the check has failed 3 or more times in a row.
    const seen = new Set<string>();
    await eventually(async () => {
      const d = await app!.details();
      const failures = d.checks.db.consecutiveFailures as number;
      expect(d.ready).toBe(failures < 3);
      expect(d.checks.db.status).toBe(failures === 0 ? 'up' : failures < 3 ? 'failing' : 'down');
      seen.add(d.checks.db.status);
      return failures >= 4 ? d : undefined;
    }, 'four failures');
    expect(seen.has('down')).toBe(true);
    const down = await app.details();
    expect(down.checks.db).toMatchObject({ status: 'down', critical: true, message: 'db unreachable' });
    expect(typeof down.checks.db.latencyMs).toBe('number');
    expect(Date.parse(down.checks.db.lastRunAt)).toBeGreaterThan(Date.parse(down.checks.db.lastSuccessAt));
    expect((await app.probe('/readyz')).status).toBe(503);
    expect((await app.probe('/livez')).status).toBe(200);
    await app.get('/heal-check');
    await eventually(async () => ((await app!.probe('/readyz')).status === 200 ? true : undefined), 'readiness back');
    expect((await app.details()).checks.db).toMatchObject({ status: 'up', consecutiveFailures: 0, message: 'reachable' });
    // One stderr line per change of state, never per run.
    const lines = app.stderr().split('\n').filter((l) => l.includes('health check db'));
    expect(lines.map((l) => l.replace(/ \(\d+\/.*$/, ''))).toEqual([
      'sightline: health check db (critical): unknown -> up',
      'sightline: health check db (critical): up -> failing',
      'sightline: health check db (critical): failing -> down',
      'sightline: health check db (critical): down -> up',
    ]);
    expect(lines[2]).toContain('(3/3 failures: db unreachable)');
  });

  it('a hanging check times out without blocking probes or other checks, and is not started again while pending', async () => {
    app = await startHealthApp({ env: { FIXTURE_CHECKS: 'hang' } });
    const first = await eventually(async () => {
      const d = await app!.details();
      return d.checks.hangs?.status === 'down' ? d : undefined;
    }, 'the hanging check to be down');
    expect(first.checks.hangs).toMatchObject({ message: expect.stringMatching(/timed out after 150 ms|previous run still pending/) });
    const state = await eventually(async () => {
      const s = (await (await app!.get('/state')).json()) as { quickRuns: number; hangCalls: number };
      return s.quickRuns >= 8 ? s : undefined;
    }, 'the other check to keep running');
    expect(state.hangCalls).toBe(1);
    expect((await app.details()).checks.quick).toMatchObject({ status: 'up', consecutiveFailures: 0 });
    expect((await app.probe('/readyz')).status).toBe(503);
    expect((await app.probe('/livez')).status).toBe(200);
  });

  it('an opossum breaker opening shows in /healthz and fails readiness only when it is named critical', async () => {
    app = await startHealthApp({ env: { SIGHTLINE_HEALTH_CRITICAL_BREAKERS: 'payments' } });
    const closed = await app.details();
    expect(closed.breakers).toEqual({
      payments: { state: 'closed', since: expect.any(String), critical: true },
      search: { state: 'closed', since: expect.any(String), critical: false },
    });
    const beforeOpen = Date.now();
    await app.get('/open?name=search');
    const searchOpen = await app.details();
    expect(searchOpen.breakers.search.state).toBe('open');
    expect(Date.parse(searchOpen.breakers.search.since)).toBeGreaterThanOrEqual(beforeOpen - 1000);
    expect(searchOpen.ready).toBe(true);
    expect((await app.probe('/readyz')).status).toBe(200);
    await app.get('/open?name=payments');
    expect((await app.probe('/readyz')).status).toBe(503);
    expect((await app.details()).breakers.payments).toMatchObject({ state: 'open', critical: true });
    await app.get('/close?name=payments');
    expect((await app.probe('/readyz')).status).toBe(200);
  });

  it('a saturated event loop fails liveness after the grace period, a blocked one does not answer; liveness comes back after', async () => {
    app = await startHealthApp({ env: { SIGHTLINE_HEALTH_LOOP_DELAY_MS: '100', SIGHTLINE_HEALTH_LOOP_GRACE_MS: '600' } });
    // Loading modules at start can itself hold the loop that long on a busy machine.
    await eventually(async () => ((await app!.probe('/livez')).status === 200 ? true : undefined), 'live after start');
    await app.get('/block?ms=4000&chunk=250');
    const failed = await eventually(async () => {
      const res = await app!.probe('/healthz');
      const d = (await res.json()) as { live: boolean; status: string; eventLoop: { stalledMs: number } };
      return res.status === 503 && d.live === false ? d : undefined;
    }, 'liveness to fail');
    expect(failed.status).toBe('unlive');
    expect(failed.eventLoop.stalledMs).toBeGreaterThan(600);
    expect((await app.probe('/health/live')).status).toBe(503);
    await eventually(async () => ((await app!.probe('/livez')).status === 200 ? true : undefined), 'liveness to recover');
    expect(((await (await app.get('/state')).json()) as { blocking: boolean }).blocking).toBe(false);
    // Blocked outright, the probe gets no answer at all: what a kubelet's timeoutSeconds counts as a failure.
    await app.get('/block?ms=2000&chunk=2000');
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`http://127.0.0.1:${app.healthPort}/livez`, { signal: AbortSignal.timeout(500) })).rejects.toThrow();
    await eventually(async () => ((await app!.probe('/livez')).status === 200 ? true : undefined), 'liveness after the block');
  });

  it('bad values warn once with the fallback, and the app runs: an invalid port leaves probes off, an invalid host listens everywhere', async () => {
    const env = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
    proc = startNode(['--import', '@sightline/instrumentation', FIXTURES + 'health.mjs'], { cwd: PACKAGE_ROOT, env: { ...env, SIGHTLINE_HEALTH_PORT: 'nine-thousand', SIGHTLINE_SHUTDOWN_DELAY_MS: 'soon' } });
    const port = Number((await proc.waitForOutput(/listening (\d+)/))[1]);
    expect((await fetch(`http://127.0.0.1:${port}/hello`)).status).toBe(200);
    expect(proc.stderr()).toContain('sightline: config: SIGHTLINE_HEALTH_PORT="nine-thousand": expected a port number from 0 to 65535; health endpoints are off\n');
    expect(proc.stderr()).toContain('sightline: config: SIGHTLINE_SHUTDOWN_DELAY_MS="soon": expected a number from 0 to 600000; using the default (5000 when probes are served, else 0)\n');
    expect(proc.stderr()).not.toContain('health endpoints on');
    proc.child.kill('SIGKILL');

    proc = startNode(['--import', '@sightline/instrumentation', FIXTURES + 'health.mjs'], { cwd: PACKAGE_ROOT, env: { ...env, SIGHTLINE_HEALTH_PORT: '0', SIGHTLINE_HEALTH_HOST: 'not a host!' } });
    const m = await proc.waitForOutput(/health endpoints on (\S+):(\d+)/);
    expect(['[::]', '0.0.0.0']).toContain(m[1]);
    expect(proc.stderr()).toContain('sightline: config: SIGHTLINE_HEALTH_HOST="not a host!": expected an IP address or a host name; listening on all interfaces\n');
    expect((await fetch(`http://127.0.0.1:${m[2]}/livez`)).status).toBe(200);
  });

  it('a probe port already in use is reported once and the app keeps running', async () => {
    const blocker = (await import('node:net')).createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      proc = startNode(['--import', '@sightline/instrumentation', FIXTURES + 'health.mjs'], { cwd: PACKAGE_ROOT, env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', SIGHTLINE_HEALTH_PORT: String(taken), SIGHTLINE_HEALTH_HOST: '127.0.0.1' } });
      const port = Number((await proc.waitForOutput(/listening (\d+)/))[1]);
      await proc.waitForOutput(/health endpoints are off: cannot listen \(EADDRINUSE\)/);
      expect((await fetch(`http://127.0.0.1:${port}/hello`)).status).toBe(200);
    } finally {
      blocker.close();
    }
  });

  it('an app that cannot listen because the probe port took its port is told why', async () => {
    const blocker = (await import('node:net')).createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    blocker.close();
    const script = `import http from 'node:http'; http.createServer().listen(${port}, '127.0.0.1');`;
    proc = startNode(['--import', '@sightline/instrumentation', '--input-type=module', '-e', script], {
      cwd: PACKAGE_ROOT, env: { SIGHTLINE_HEALTH_PORT: String(port), SIGHTLINE_HEALTH_HOST: '127.0.0.1', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
    });
    await proc.exited;
    expect(proc.stderr()).toContain(`sightline: the app cannot listen on port ${port}: SIGHTLINE_HEALTH_PORT uses it (choose another, or serve the probes on the app's port with mountHealth())`);
    expect(proc.stderr()).toContain('EADDRINUSE');
  });

  it('worker threads (which run the preload too) open no probe port of their own', async () => {
    const script = `import { Worker } from 'node:worker_threads';
      const w = new Worker('setTimeout(() => {}, 300)', { eval: true });
      w.on('exit', () => console.log('worker done'));`;
    proc = startNode(['--import', '@sightline/instrumentation', '--input-type=module', '-e', script], {
      cwd: PACKAGE_ROOT, env: { SIGHTLINE_HEALTH_PORT: '0', SIGHTLINE_HEALTH_HOST: '127.0.0.1', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
    });
    expect((await proc.exited).code).toBe(0);
    expect(proc.stdout()).toContain('worker done');
    expect(proc.stderr().match(/health endpoints on/g)).toHaveLength(1);
    expect(proc.stderr()).not.toContain('cannot listen');
  });
});
