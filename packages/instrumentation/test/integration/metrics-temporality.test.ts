import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.js';
import { stopAll } from '../helpers/stop-all.js';

// OTLP AggregationTemporality on the wire.
const DELTA = 1;
const CUMULATIVE = 2;

describe('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE under the preload', () => {
  let receiver: OtlpReceiver | undefined;
  let app: RunningApp | undefined;
  afterEach(() => stopAll(app, receiver));

  for (const [preference, expected] of [['delta', DELTA], [undefined, CUMULATIVE]] as const) {
    it(`${preference ?? 'unset'}: the request duration histogram is exported as ${expected === DELTA ? 'delta' : 'cumulative'}`, async () => {
      receiver = await new OtlpReceiver().start();
      const env: Record<string, string> = { OTEL_METRIC_EXPORT_INTERVAL: '200' };
      if (preference) env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE = preference;
      app = await startApp('server.mjs', { otlp: receiver.url, env });
      expect((await app.get('/hello')).status).toBe(200);
      await receiver.waitFor('http.server.request.duration', () => receiver!.metrics.some((m) => m.name === 'http.server.request.duration'));
      const histogram = receiver.metrics.find((m) => m.name === 'http.server.request.duration')!;
      expect(histogram.temporality).toBe(expected);
    });
  }
});
