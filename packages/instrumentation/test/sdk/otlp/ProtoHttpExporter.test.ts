import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { InstrumentType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';
import { afterEach, describe, expect, it } from 'vitest';
import type { OtlpTarget } from '../../../src/config/SightlineConfig.js';
import { createLogExporter, createMetricExporter, createSpanExporter } from '../../../src/sdk/create-exporters.js';
import { ProtoHttpExporter } from '../../../src/sdk/otlp/ProtoHttpExporter.js';
import { ProtoMetricExporter } from '../../../src/sdk/otlp/ProtoMetricExporter.js';
import { resolveConfig } from '../../../src/config/resolve-config.js';
import { TRACES } from '../../../src/sdk/otlp/proto-signals.js';
import { sdkSpans } from './trace-corpus.js';

const receivers: OtlpReceiver[] = [];
async function receiver(options: ConstructorParameters<typeof OtlpReceiver>[0] = {}): Promise<OtlpReceiver> {
  const r = await new OtlpReceiver(options).start();
  receivers.push(r);
  return r;
}
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stop();
});

function target(url: string, over: Partial<OtlpTarget> = {}): OtlpTarget {
  return { kind: 'otlp', source: 'otlp', url: `${url}/v1/traces`, protocol: 'http/protobuf', headers: { 'x-team': 'orders' }, tls: {}, timeoutMillis: 5000, compression: 'none', ...over } as OtlpTarget;
}

function exportOnce<T>(exporter: { export(s: T, cb: (r: ExportResult) => void): void }, spans: T): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('ProtoHttpExporter', () => {
  it('sends what the upstream http/protobuf exporter sends: same body, path, content type, user agent, headers', async () => {
    const spans = sdkSpans();
    const [theirs, ours] = [await receiver(), await receiver()];
    const upstream = new OTLPTraceExporter({ url: `${theirs.url}/v1/traces`, headers: { 'x-team': 'orders' } });
    const mine = createSpanExporter(target(ours.url, { compression: 'gzip' }));
    expect((await exportOnce(upstream, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportOnce(mine, spans)).code).toBe(ExportResultCode.SUCCESS);
    await Promise.all([upstream.shutdown(), mine.shutdown()]);
    const [a, b] = [theirs.requests, ours.requests];
    expect(b).toHaveLength(1);
    expect(b[0]!.path).toBe(a[0]!.path);
    expect(b[0]!.body).toEqual(a[0]!.body);
    for (const h of ['content-type', 'user-agent', 'x-team']) expect(b[0]!.headers[h], h).toBe(a[0]!.headers[h]);
    expect(b[0]!.headers['content-encoding']).toBe('gzip');
    expect(ours.spans.length).toBe(spans.length);
  });

  it('sends logs as the upstream http/protobuf log exporter does', async () => {
    const records: ReadableLogRecord[] = [];
    const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'orders' }), processors: [{ onEmit: (r) => void records.push(r), forceFlush: async () => {}, shutdown: async () => {} }] });
    for (let i = 0; i < 50; i++) provider.getLogger('pino').emit({ body: `line ${i} ü`, severityText: 'info', attributes: { i } });
    const [theirs, ours] = [await receiver(), await receiver()];
    const upstream = new OTLPLogExporter({ url: `${theirs.url}/v1/logs` });
    const mine = createLogExporter({ ...target(ours.url), url: `${ours.url}/v1/logs`, headers: {} });
    expect((await exportOnce(upstream, records)).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportOnce(mine, records)).code).toBe(ExportResultCode.SUCCESS);
    await Promise.all([upstream.shutdown(), mine.shutdown()]);
    expect(ours.requests[0]!.path).toBe('/v1/logs');
    expect(ours.requests[0]!.body).toEqual(theirs.requests[0]!.body);
    expect(ours.logs).toHaveLength(50);
  });

  it('sends metrics as the upstream http/protobuf metric exporter does, with its temporality choice', async () => {
    const reader = new (class extends MetricReader {
      protected async onShutdown(): Promise<void> {}
      protected async onForceFlush(): Promise<void> {}
    })();
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'orders' }), readers: [reader] });
    const meter = provider.getMeter('m');
    meter.createCounter('c').add(3, { a: 'b' });
    meter.createHistogram('h').record(0.25);
    const { resourceMetrics } = await reader.collect();
    const [theirs, ours] = [await receiver(), await receiver()];
    const upstream = new OTLPMetricExporter({ url: `${theirs.url}/v1/metrics` });
    const mine = createMetricExporter({ ...target(ours.url), url: `${ours.url}/v1/metrics`, headers: {} });
    expect((await exportOnce(upstream, resourceMetrics)).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportOnce(mine, resourceMetrics)).code).toBe(ExportResultCode.SUCCESS);
    await Promise.all([upstream.shutdown(), mine.shutdown()]);
    expect(ours.requests[0]!.path).toBe('/v1/metrics');
    expect(ours.requests[0]!.body).toEqual(theirs.requests[0]!.body);

    const types = Object.values(InstrumentType);
    for (const preference of [undefined, 'delta', 'LowMemory', 'bogus']) {
      if (preference === undefined) delete process.env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE;
      else process.env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE = preference;
      try {
        const [a, b] = [new OTLPMetricExporter({ url: theirs.url }), new ProtoMetricExporter({ url: ours.url }, resolveConfig(process.env).metricTemporality)];
        expect(types.map((t) => b.selectAggregationTemporality(t)), String(preference)).toEqual(types.map((t) => a.selectAggregationTemporality(t)));
        expect(types.map((t) => b.selectAggregation())).toEqual(types.map((t) => a.selectAggregation(t)));
        await Promise.all([a.shutdown(), b.shutdown()]);
      } finally {
        delete process.env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE;
      }
    }
  });

  it('encodes on the next turn of the event loop, not inside export(); flush and shutdown wait for it', async () => {
    const r = await receiver();
    let encoded = 0;
    const exporter = new ProtoHttpExporter({ ...TRACES, encode: (w, s) => { encoded++; TRACES.encode(w, s); } }, { url: `${r.url}/v1/traces` });
    const results: ExportResult[] = [];
    exporter.export(sdkSpans().slice(0, 10), (res) => results.push(res));
    expect(encoded).toBe(0);
    await exporter.forceFlush();
    expect(encoded).toBe(1);
    expect(results.map((x) => x.code)).toEqual([ExportResultCode.SUCCESS]);
    expect(r.spans).toHaveLength(10);

    exporter.export(sdkSpans().slice(0, 3), (res) => results.push(res));
    await exporter.shutdown();
    expect(r.spans).toHaveLength(13);
    expect(results).toHaveLength(2);
  });

  it('retries a 503 and reports a failure the counting wrapper can count', async () => {
    const r = await receiver({ status: 503, retryAfterSeconds: 0 });
    const exporter = createSpanExporter(target(r.url, { timeoutMillis: 1500 }));
    const result = await exportOnce(exporter, sdkSpans().slice(0, 2));
    await exporter.shutdown();
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(r.faulted).toBeGreaterThan(1);
  });
});
