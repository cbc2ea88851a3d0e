import { describe, expect, it } from 'vitest';
import { runFixture, type FixtureRun } from './helpers/run-fixture.js';

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

function byMsg(run: FixtureRun, msg: string): Array<Record<string, unknown>> {
  return run.lines.filter((l) => l['msg'] === msg);
}

/** Shared assertions for an app that answers exercise.mjs (3 x /work, 1 x /healthz). */
function expectCorrelatedRequests(run: FixtureRun, opts: { childLines: boolean }): void {
  const [tagged, hostile, missing, health] = run.results;
  expect(tagged?.requestId).toBe('req-abc.123:x_y');
  expect(hostile?.requestId).toMatch(/^gen-/);
  expect(missing?.requestId).toMatch(/^gen-/);
  expect(health?.status).toBe(200);
  expect(run.stdout).not.toContain('<script>');

  const serverSpans = run.spans.filter((s) => s.attributes['url.path'] === '/work');
  expect(serverSpans).toHaveLength(3);
  const handling = byMsg(run, 'handling');
  const afterTimer = byMsg(run, 'after timer');
  expect(handling).toHaveLength(3);
  expect(afterTimer).toHaveLength(3);
  for (const [i, result] of [tagged, hostile, missing].entries()) {
    const span = serverSpans.find((s) => s.attributes['request.id'] === result?.requestId);
    expect(span, `span of request ${i}`).toBeDefined();
    const lines = [handling[i], afterTimer[i], ...(opts.childLines ? [byMsg(run, 'child line')[i]] : [])];
    for (const line of lines) {
      expect(line).toMatchObject({ trace_id: span?.traceId, span_id: span?.spanId, trace_flags: '01', request_id: result?.requestId });
      expect(line?.['trace_id']).toMatch(HEX32);
      expect(line?.['span_id']).toMatch(HEX16);
    }
    expect(handling[i]?.['password']).toBe('[Redacted]');
  }
  // health check: debug/info suppressed, warn kept
  expect(byMsg(run, 'health info')).toHaveLength(0);
  expect(byMsg(run, 'health warn')).toHaveLength(1);
}

/** Every stdout line written while a span was active is exported exactly once with its trace context. */
function expectExportedOnce(run: FixtureRun): void {
  const correlated = run.lines.filter((l) => typeof l['trace_id'] === 'string');
  expect(correlated.length).toBeGreaterThan(0);
  expect(run.logs).toHaveLength(run.lines.length);
  for (const line of correlated) {
    const matches = run.logs.filter(
      (r) => r.traceId === line['trace_id'] && r.spanId === line['span_id'] && r.body === line['msg'] && r.attributes['request.id'] === line['request_id'],
    );
    expect(matches, `exported copies of ${JSON.stringify(line)}`).toHaveLength(1);
  }
  for (const record of run.logs) expect(JSON.stringify(record)).not.toContain('hunter2');
}

describe('correlation of pino lines', () => {
  for (const pkg of ['pino', 'pino9']) {
    describe(`${pkg}`, () => {
      it('ESM app: every request line carries trace_id, span_id, trace_flags, request_id; user mixin kept', async () => {
        const run = await runFixture('node-app.mjs', { PINO_PKG: pkg });
        expect(run.stderr).toContain(`PINO_VERSION ${pkg === 'pino9' ? '9.' : '10.'}`);
        expectCorrelatedRequests(run, { childLines: true });
        expect(byMsg(run, 'handling')[0]).toMatchObject({ app: 'node-esm' });
        expect(byMsg(run, 'child line')[0]).toMatchObject({ component: 'worker', app: 'node-esm' });
        const started = byMsg(run, 'started')[0];
        expect(started).toBeDefined();
        expect(started).not.toHaveProperty('trace_id');
        expectExportedOnce(run);
      });

      it('CommonJS app: same correlation and export', async () => {
        const run = await runFixture('node-app.cjs', { PINO_PKG: pkg });
        expect(run.stderr).toContain(`PINO_VERSION ${pkg === 'pino9' ? '9.' : '10.'}`);
        expectCorrelatedRequests(run, { childLines: true });
        expect(byMsg(run, 'handling')[0]).toMatchObject({ app: 'node-cjs' });
        expectExportedOnce(run);
      });

      it('logger and child created before the instrumentation was registered are correlated', async () => {
        const run = await runFixture('late-app.cjs', { PINO_PKG: pkg, SIGHTLINE_TEST_LATE: '1' });
        const [tagged] = run.results;
        const span = run.spans.find((s) => s.attributes['request.id'] === tagged?.requestId);
        expect(byMsg(run, 'handling')[0]).toMatchObject({ trace_id: span?.traceId, request_id: 'req-abc.123:x_y' });
        expect(byMsg(run, 'child line')[0]).toMatchObject({ trace_id: span?.traceId, component: 'worker' });
        expect(byMsg(run, 'health info')).toHaveLength(0);
        expectExportedOnce(run);
      });
    });
  }

  it("the user's mixin wins on conflicting keys", async () => {
    const run = await runFixture('node-app.mjs', { USER_REQUEST_ID: 'mine' });
    for (const line of byMsg(run, 'handling')) expect(line['request_id']).toBe('mine');
    expect(byMsg(run, 'handling')[0]?.['trace_id']).toMatch(HEX32);
  });

  it('express + pino-http: request lines and "request completed" are correlated, headers redacted', async () => {
    const run = await runFixture('express-app.mjs');
    expectCorrelatedRequests(run, { childLines: false });
    const completed = byMsg(run, 'request completed').filter((l) => (l['req'] as { url: string }).url.startsWith('/work'));
    expect(completed).toHaveLength(3);
    for (const line of completed) {
      const res = line['res'] as { headers: Record<string, string> };
      expect(line['request_id']).toBe(res.headers['x-request-id']);
      expect(line['trace_id']).toMatch(HEX32);
    }
    expect((completed[0]?.['req'] as { headers: Record<string, string> }).headers['authorization']).toBe('[Redacted]');
    // pino-http logs request headers: a valid request id stays readable, a hostile one is censored
    expect((completed[0]?.['req'] as { headers: Record<string, string> }).headers['x-request-id']).toBe('req-abc.123:x_y');
    expect((completed[1]?.['req'] as { headers: Record<string, string> }).headers['x-request-id']).toBe('[Invalid]');
    expect(run.stdout).not.toContain('s3cr3t');
    expect(byMsg(run, 'request completed').filter((l) => (l['req'] as { url: string }).url === '/healthz')).toHaveLength(0);
    expectExportedOnce(run);
  });

  it('fastify: its own request logs are correlated and health-check request logs suppressed', async () => {
    const run = await runFixture('fastify-app.mjs');
    expectCorrelatedRequests(run, { childLines: false });
    const incoming = byMsg(run, 'incoming request');
    expect(incoming.map((l) => (l['req'] as { url: string }).url)).toEqual(['/work?page=2', '/work', '/work']);
    for (const line of incoming) expect(line['trace_id']).toMatch(HEX32);
    expect(byMsg(run, 'request completed')).toHaveLength(3);
    expectExportedOnce(run);
  });
});
