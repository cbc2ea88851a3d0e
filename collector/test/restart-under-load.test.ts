import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LONG, recordFigures } from '@sightline/tests/figures';
import { steadyLoad } from '@sightline/tests/load';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { startReliabilityApp, type ReliabilityApp } from '@sightline/tests/reliability-app';
import { CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { waitFor } from './helpers/wait-for.ts';

// The app under the preload -> the built collector -> a Tempo stand-in, under steady load while the
// collector is stopped (SIGTERM, or SIGKILL) and started again on the same ports and storage. Each
// served request is one server span at Tempo, so spans are counted per request path.
const PHASE_MS = LONG ? 20_000 : 3_000;
// Spans the collector has accepted but holds in memory: tail sampling's decision wait (2 s in
// testCollectorEnv) plus the batch timeout (200 ms) and the SDK's batch delay, with a margin.
const IN_MEMORY_WINDOW_MS = 3_500;

let app: ReliabilityApp | undefined;
let tempo: OtlpReceiver | undefined;
const collectors: CollectorProcess[] = [];
const storages: Array<{ remove: () => void }> = [];

afterEach(async () => {
  app?.child.kill('SIGKILL');
  for (const c of collectors.splice(0)) await c.stop();
  await tempo?.stop();
  for (const s of storages.splice(0)) s.remove();
});

/** Spans the app's drop summaries on stderr say it gave up ("sightline: dropped N spans"). */
function sdkDroppedSpans(stderr: string): number {
  return [...stderr.matchAll(/sightline: dropped (\d+) spans/g)].reduce((n, m) => n + Number(m[1]), 0);
}

async function restartUnderLoad(stop: (c: CollectorProcess) => Promise<void>, holdDownMs = 0) {
  const storage = tempDir('restart');
  storages.push(storage);
  tempo = await new OtlpReceiver().start();
  const { env, ports } = await testCollectorEnv(storage.path);
  const collectorEnv = { ...env, SIGHTLINE_SAMPLING_PERCENT: '100', SIGHTLINE_TEMPO_ENDPOINT: tempo.url };
  collectors.push(await CollectorProcess.start(collectorEnv, ports));
  app = await startReliabilityApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.http}` });

  const answeredAt = new Map<string, number>();
  const load = steadyLoad(app.port, (i) => `/work/${i}`, 3 * PHASE_MS, 4, (path, status, at) => {
    if (status === 200) answeredAt.set(path, at);
  });
  await new Promise((r) => setTimeout(r, PHASE_MS));
  const stoppedAt = Date.now();
  await stop(collectors[0]!);
  await new Promise((r) => setTimeout(r, holdDownMs));
  // Only the OTLP ports must stay the same; fresh health and self-metrics ports keep another process
  // that took one of those meanwhile (the machine is shared) from failing the restart.
  const again = { ...ports, health: await freePort(), selfMetrics: await freePort() };
  collectors.push(await CollectorProcess.start({ ...collectorEnv, SIGHTLINE_HEALTH_ENDPOINT: `127.0.0.1:${again.health}`, SIGHTLINE_SELF_METRICS_PORT: String(again.selfMetrics) }, again));
  const restartedAt = Date.now();
  const result = await load;
  expect(result.errors).toBe(0);

  const arrived = () => new Set(tempo!.spans.filter((s) => s.kind === 2 && String(s.attributes['url.path']).startsWith('/work/')).map((s) => String(s.attributes['url.path'])));
  // Until every request has arrived, or nothing more has for 4 s.
  let last = -1;
  let quietSince = Date.now();
  await waitFor('every served request at Tempo, or no more arriving', () => {
    const n = arrived().size;
    if (n !== last) [last, quietSince] = [n, Date.now()];
    return n >= answeredAt.size || Date.now() - quietSince > 4_000 ? true : undefined;
  }, 60_000);
  // The app's drop summary (written at shutdown) says whether the SDK gave anything up.
  app.child.kill('SIGTERM');
  await app.exited;
  const sdkDrops = app.stderr().split('\n').filter((l) => l.includes('sightline: dropped'));
  const seen = arrived();
  const missing = [...answeredAt].filter(([path]) => !seen.has(path)).map(([, at]) => at);
  // Each /work request makes three spans: its server span, the fetch client span, the downstream server span.
  const spansArrived = new Set(tempo!.spans.map((s) => s.spanId)).size;
  return {
    served: answeredAt.size, arrived: seen.size, missing, sdkDrops, stoppedAt, gapMs: restartedAt - stoppedAt,
    spansMade: 3 * answeredAt.size, spansArrived, sdkDropped: sdkDroppedSpans(app.stderr()),
  };
}

// How long the collector stays down before it is started again: the SDK has to hold or retry what the
// app makes meanwhile. Long mode adds outages beyond the SDK's retry budget and queue.
const OUTAGES_MS = LONG ? [2_000, 5_000, 10_000, 20_000] : [2_000];
const HEADER = ['stop', 'collector down ms', 'requests served', 'server spans at Tempo', 'requests lost', 'spans made', 'spans at Tempo', 'spans the SDK counted as dropped'];

describe('collector restart under load', () => {
  const rows: Array<Array<string | number>> = [];
  afterAll(() => {
    recordFigures('Collector restart under load (4 clients, GET /work; tail sampling keeps 100 %)', HEADER, rows);
  });

  it('SIGTERM and restart: nothing is lost end to end', async () => {
    const r = await restartUnderLoad((c) => c.stop());
    rows.push(['SIGTERM', r.gapMs, r.served, r.arrived, r.missing.length, r.spansMade, r.spansArrived, r.sdkDropped]);
    expect(r.sdkDrops).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.arrived).toBe(r.served);
  });

  it.each(OUTAGES_MS)('SIGTERM, down for %i ms under load: every span arrives or is counted as dropped', async (outage) => {
    const r = await restartUnderLoad((c) => c.stop(), outage);
    rows.push(['SIGTERM', r.gapMs, r.served, r.arrived, r.missing.length, r.spansMade, r.spansArrived, r.sdkDropped]);
    expect(r.spansArrived + r.sdkDropped).toBeGreaterThanOrEqual(r.spansMade);
    expect(r.spansArrived).toBeGreaterThan(0);
  });

  it('kill -9 and restart: the SDK retries across the gap; only what tail sampling held in memory is lost', async () => {
    const r = await restartUnderLoad((c) => c.kill9());
    rows.push(['SIGKILL', r.gapMs, r.served, r.arrived, r.missing.length, r.spansMade, r.spansArrived, r.sdkDropped]);
    expect(r.sdkDrops).toEqual([]);
    // Every request answered before the in-memory window or after the restart reached Tempo.
    const outside = r.missing.filter((at) => at < r.stoppedAt - IN_MEMORY_WINDOW_MS || at > r.stoppedAt + r.gapMs + 1_000);
    expect(outside).toEqual([]);
    expect(r.arrived).toBeGreaterThan(0);
  });
});
