import { ValueType } from '@opentelemetry/api';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, AggregationType, DataPointType, InstrumentType, MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { decodeProtobuf } from '@sightline/tests/otlp-proto';
import { describe, expect, it } from 'vitest';
import { encodeMetricsRequest } from '../../../src/sdk/otlp/encode-metrics-request.js';
import { ProtoWriter } from '../../../src/sdk/otlp/ProtoWriter.js';
import { RICH_ATTRIBUTES } from './trace-corpus.js';

class Reader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

/** One collection per temporality of every instrument kind, exponential histograms by view. */
async function collections(): Promise<ResourceMetrics[]> {
  const cumulative = new Reader();
  const delta = new Reader({ aggregationTemporalitySelector: (t) => (t === InstrumentType.UP_DOWN_COUNTER ? AggregationTemporality.CUMULATIVE : AggregationTemporality.DELTA) });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'orders', 'host.name': 'h1' }, { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' }),
    readers: [cumulative, delta],
    views: [{ instrumentName: 'latency.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const m1 = provider.getMeter('http', '1.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.27.0' });
  const m2 = provider.getMeter('business');
  const requests = m1.createCounter('http.server.requests', { description: 'Requests ü', unit: '{request}' });
  const ints = m1.createCounter('int.counter', { valueType: ValueType.INT });
  const active = m1.createUpDownCounter('active', { valueType: ValueType.INT });
  const latency = m1.createHistogram('http.server.request.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.005, 0.01, 0.1, 1, 10] } });
  const exp = m1.createHistogram('latency.exp');
  const gauge = m2.createGauge('queue.depth', { valueType: ValueType.INT });
  const dgauge = m2.createGauge('temperature');
  m2.createObservableGauge('heap.used').addCallback((r) => r.observe(123_456_789.5, { space: 'old' }));
  m2.createObservableCounter('cpu.time', { valueType: ValueType.INT }).addCallback((r) => r.observe(2 ** 40, { state: 'user' }));
  m2.createCounter('never.recorded');
  for (let i = 0; i < 200; i++) {
    const attrs = { 'http.request.method': i % 2 ? 'GET' : 'POST', 'http.response.status_code': 200 + (i % 3) * 100, 'http.route': `/r/${i % 7}` };
    requests.add(1, attrs);
    ints.add(i, { n: i % 4 });
    active.add(i % 2 ? 1 : -3, attrs);
    latency.record(i / 37, attrs);
    exp.record(i % 5 === 0 ? 0 : (i - 100) / 3, { shard: i % 3 });
    gauge.record(-i, { q: 'a' });
    dgauge.record(i / 3 - 20);
  }
  latency.record(5, RICH_ATTRIBUTES as Record<string, string>);
  const out: ResourceMetrics[] = [];
  for (const reader of [cumulative, delta]) {
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    out.push(resourceMetrics);
  }
  // The SDK's histograms ignore negative values; other producers (views over other SDKs) do not.
  const point = out[1]!.scopeMetrics[0]!.metrics.find((m) => m.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM)!.dataPoints[0]!;
  Object.assign(point.value as object, { negative: { offset: -3, bucketCounts: [1, 0, 2 ** 33] }, scale: -2, count: 2 ** 40 });
  return out;
}

function ours(metrics: ResourceMetrics): Buffer {
  const w = new ProtoWriter(64);
  encodeMetricsRequest(w, metrics);
  return Buffer.from(w.finish());
}

describe('encodeMetricsRequest', () => {
  it('decodes to the same request as the upstream serializer and writes the same bytes', async () => {
    const list = await collections();
    const types = new Set(list.flatMap((rm) => rm.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.dataPointType))));
    expect([...types].sort()).toEqual([DataPointType.HISTOGRAM, DataPointType.EXPONENTIAL_HISTOGRAM, DataPointType.GAUGE, DataPointType.SUM].sort());
    for (const rm of list) {
      const upstream = Buffer.from(ProtobufMetricsSerializer.serializeRequest(rm)!);
      const decoded = decodeProtobuf('metrics', ours(rm));
      expect(decoded).toEqual(decodeProtobuf('metrics', upstream));
      expect(ours(rm).equals(upstream)).toBe(true);
      const metrics = decoded.resourceMetrics[0].scopeMetrics.flatMap((s: any) => s.metrics);
      expect(metrics.some((m: any) => m.sum?.isMonotonic && m.sum.aggregationTemporality > 0)).toBe(true);
      expect(metrics.some((m: any) => m.exponentialHistogram?.dataPoints?.some((p: any) => p.positive?.bucketCounts?.length && p.zeroCount !== '0'))).toBe(true);
      expect(metrics.some((m: any) => m.gauge?.dataPoints?.some((p: any) => p.asInt === '-199'))).toBe(true);
    }
    expect(decodeProtobuf('metrics', ours(list[1]!)).resourceMetrics[0].scopeMetrics[0].metrics.some((m: any) => m.exponentialHistogram?.dataPoints?.some((p: any) => p.negative?.offset === -3 && p.scale === -2))).toBe(true);
    const temporalities = list.map((rm) => decodeProtobuf('metrics', ours(rm)).resourceMetrics[0].scopeMetrics[0].metrics.find((m: any) => m.name === 'http.server.requests').sum.aggregationTemporality);
    expect(temporalities).toEqual([2, 1]);
  });
});
