import { SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorProcess, tempDir, testCollectorEnv } from './helpers/CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { waitFor } from './helpers/wait-for.ts';

// The OTel JS SDK exporting over OTLP/gRPC (port 4317's protocol) into the collector.
const storage = tempDir('grpc');
const tempo = new OtlpReceiver({ port: await freePort() });
let collector: CollectorProcess;

beforeAll(async () => {
  await tempo.start();
  const { env, ports } = await testCollectorEnv(storage.path);
  collector = await CollectorProcess.start({ ...env, SIGHTLINE_SAMPLING_PERCENT: '0', SIGHTLINE_TEMPO_ENDPOINT: tempo.url }, ports);
});

afterAll(async () => {
  await collector?.stop();
  await tempo.stop();
  storage.remove();
});

describe('OTLP gRPC receiver', () => {
  it('accepts spans from the SDK gRPC exporter and samples them like HTTP ones', async () => {
    const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${collector.ports.grpc}` });
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'grpc-sender' }),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const tracer = provider.getTracer('collector-test');
    const failed = tracer.startSpan('charge', { attributes: { 'app.customer': 'jane.doe@example.com' } });
    failed.setStatus({ code: SpanStatusCode.ERROR });
    failed.end();
    const ordinary = tracer.startSpan('list');
    ordinary.end();
    await provider.forceFlush();
    await provider.shutdown();

    const [span] = await waitFor('the failed span at Tempo', () => {
      const spans = tempo.spans.filter((s) => s.resource['service.name'] === 'grpc-sender');
      return spans.length ? spans : undefined;
    });
    expect(span!.spanId).toBe(failed.spanContext().spanId);
    expect(span!.attributes['app.customer']).toBe('****');
    await new Promise((r) => setTimeout(r, 2500));
    expect(tempo.spans.map((s) => s.name)).toEqual(['charge']);
  });
});
