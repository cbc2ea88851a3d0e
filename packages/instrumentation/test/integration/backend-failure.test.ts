import { afterEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startApp, type RunningApp } from '../helpers/app.js';
import { stopAll } from '../helpers/stop-all.js';

async function hammer(app: RunningApp, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(Array.from({ length: 50 }, () => app.get('/hello').then((r) => r.text().then(() => r.status))));
    statuses.push(...batch);
  }
  return statuses;
}

async function heap(app: RunningApp): Promise<number> {
  return Number(await (await app.get('/mem')).text());
}

describe('when the backend is down or failing', () => {
  let app: RunningApp | undefined;
  let receiver: OtlpReceiver | undefined;
  afterEach(() => stopAll(app, receiver));

  it('nothing listening: requests succeed, memory stays bounded, drops are reported once per interval', async () => {
    app = await startApp('server.mjs', {
      otlp: 'http://127.0.0.1:9',
      nodeArgs: ['--expose-gc'],
      env: { OTEL_BSP_MAX_QUEUE_SIZE: '256', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '64' },
    });
    await hammer(app, 500);
    const before = await heap(app);
    const statuses = await hammer(app, 3000);
    const after = await heap(app);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // 3000 requests' spans would be several MB if kept; the bounded queue keeps growth small.
    expect(after - before).toBeLessThan(8 * 1024 * 1024);
    await app.waitForOutput(/sightline: dropped \d+ spans/, 15_000);
    const reports = app.stderr().split('\n').filter((l) => l.includes('sightline: dropped'));
    expect(reports.length).toBeLessThanOrEqual(3);
    expect(app.stderr()).not.toMatch(/(otel error.*\n){5}/);
  });

  it('a 503-answering backend: requests succeed and failed exports are counted', async () => {
    receiver = await new OtlpReceiver({ status: 503 }).start();
    app = await startApp('server.mjs', { otlp: receiver.url, env: { OTEL_EXPORTER_OTLP_TIMEOUT: '500' } });
    const statuses = await hammer(app, 200);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const m = await app.waitForOutput(/sightline: dropped (\d+) spans[^\n]*\(([^)\n]*)\)/, 20_000);
    expect(Number(m[1])).toBeGreaterThan(0);
    expect(m[2]).toContain(`export to 127.0.0.1:${receiver.port} failed`);
  });

  it('sightline.exporter.dropped carries low-cardinality attributes (error.type, server.address), never the message', async () => {
    receiver = await new OtlpReceiver({ status: 503 }).start();
    const metrics = await new OtlpReceiver().start();
    try {
      app = await startApp('server.mjs', {
        env: {
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
          OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${metrics.url}/v1/metrics`,
          OTEL_LOGS_EXPORTER: 'none',
          OTEL_EXPORTER_OTLP_TIMEOUT: '500',
        },
      });
      await hammer(app, 100);
      await metrics.waitFor('the drop counter', () => metrics.metrics.some((m) => m.name === 'sightline.exporter.dropped'), 20_000);
      const points = metrics.metrics.filter((m) => m.name === 'sightline.exporter.dropped').flatMap((m) => m.points);
      expect(new Set(points.map((p) => JSON.stringify(p.attributes)))).toEqual(new Set([JSON.stringify({ signal: 'traces', 'error.type': 'retryable_http_status', 'server.address': '127.0.0.1' })]));
      expect(points.every((p) => (p.value ?? 0) > 0)).toBe(true);
    } finally {
      await metrics.stop();
    }
  });
});
