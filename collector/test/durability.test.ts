import { afterAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { newSpanId, newTraceId, postOtlp, tracesRequest, type SpanSpec } from './helpers/otlp-send.ts';
import { waitFor } from './helpers/wait-for.ts';

// Guarantee under test: at-least-once for every span that has reached the exporter's persistent
// queue (file_storage), across a kill -9 of the collector while the backend is down. Duplicates are
// possible (a request in flight at the kill is sent again), so spans are deduplicated by span id.
// Tempo is down but listening (it answers 503), so the test can see the exporter try and fail.
const N = 200;
const storage = tempDir('durability');
const tempo = await new OtlpReceiver({ status: 503 }).start();
const collectors: CollectorProcess[] = [];

const spans: SpanSpec[] = Array.from({ length: N }, (_, i) => ({
  name: `job ${i}`,
  traceId: newTraceId(),
  spanId: newSpanId(),
  attributes: { 'app.seq': i },
}));

async function startCollector(env: Record<string, string>, ports: Parameters<typeof CollectorProcess.start>[1]) {
  const c = await CollectorProcess.start(env, ports);
  collectors.push(c);
  return c;
}

/** Sends spans in batches and waits until the Tempo exporter has put all of them in its queue. */
async function sendAndWaitEnqueued(collector: CollectorProcess, batch: SpanSpec[]): Promise<void> {
  for (let i = 0; i < batch.length; i += 25) {
    await postOtlp(collector.otlpHttpUrl, 'traces', tracesRequest('durability-test', batch.slice(i, i + 25)));
  }
  await waitFor(`${batch.length} spans enqueued`, async () => {
    const enqueued = await collector.selfMetric('otelcol_exporter_enqueue_size_sum', { exporter: 'otlp_http/tempo' });
    return enqueued >= batch.length ? true : undefined;
  });
}

afterAll(async () => {
  for (const c of collectors) await c.stop();
  await tempo.stop();
  storage.remove();
});

describe('durability', () => {
  it('delivers every span at least once across kill -9 during a Tempo outage', async () => {
    const { env, ports } = await testCollectorEnv(storage.path);
    const collectorEnv = { ...env, SIGHTLINE_SAMPLING_PERCENT: '100', SIGHTLINE_TEMPO_ENDPOINT: tempo.url };

    // Tempo is down: the first half waits in the persistent queue while the exporter retries.
    const first = await startCollector(collectorEnv, ports);
    await sendAndWaitEnqueued(first, spans.slice(0, N / 2));
    await waitFor('the exporter to try Tempo and be refused', () => (tempo.faulted > 0 ? true : undefined));
    await first.kill9();

    // Restart on the same storage, still without Tempo, and send the second half.
    const second = await startCollector(collectorEnv, ports);
    await sendAndWaitEnqueued(second, spans.slice(N / 2));

    tempo.options = {};
    const received = await waitFor(
      `all ${N} span ids at Tempo`,
      () => {
        const ids = new Set(tempo.spans.map((s) => s.spanId));
        return ids.size >= N ? ids : undefined;
      },
      60_000,
    );
    expect([...received].sort()).toEqual(spans.map((s) => s.spanId).sort());
    // At least once: any extra copy must be an exact duplicate of a sent span, never something else.
    expect(tempo.spans.length).toBeGreaterThanOrEqual(N);
    expect(tempo.spans.every((s) => s.resource['service.name'] === 'durability-test')).toBe(true);
  });
});
