import { context, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality, MeterProvider, MetricReader, DataPointType,
  type MetricData, type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan, type Sampler, type SpanProcessor,
} from '@opentelemetry/sdk-trace';

/** A metric reader the test pulls from on demand. */
export class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override onShutdown(): Promise<void> { return Promise.resolve(); }
  protected override onForceFlush(): Promise<void> { return Promise.resolve(); }
}

export interface Harness {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  exporter: InMemorySpanExporter;
  spans(): ReadableSpan[];
  metrics(): Promise<MetricData[]>;
  shutdown(): Promise<void>;
}

let contextManager: AsyncLocalStorageContextManager | undefined;

/** Tracer provider exporting to memory, meter provider read on demand, ALS context manager. */
export function createHarness(makeProcessors: (meterProvider: MeterProvider) => SpanProcessor[], sampler?: Sampler): Harness {
  if (contextManager === undefined) {
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
  }
  const reader = new TestMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [...makeProcessors(meterProvider), new SimpleSpanProcessor({ exporter })],
    ...(sampler ? { sampler } : {}),
  });
  return {
    tracerProvider, meterProvider, exporter,
    spans: () => exporter.getFinishedSpans(),
    async metrics() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw errors[0];
      return flatten(resourceMetrics);
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

function flatten(rm: ResourceMetrics): MetricData[] {
  return rm.scopeMetrics.flatMap((s) => s.metrics);
}

/** Data points of one metric as `{ attributes, value }`, sorted for stable comparison; histograms give count and sum. */
export function points(all: MetricData[], name: string): Array<{ attributes: Attributes; value: unknown }> {
  const metric = all.find((m) => m.descriptor.name === name);
  if (metric === undefined) return [];
  return metric.dataPoints
    .map((p) => ({
      attributes: p.attributes,
      value: metric.dataPointType === DataPointType.HISTOGRAM
        ? { count: (p.value as { count: number }).count, sum: (p.value as { sum: number }).sum }
        : p.value,
    }))
    .sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
}

/** Sum of a counter's points matching `match`. */
export function total(all: MetricData[], name: string, match: Attributes = {}): number {
  return points(all, name)
    .filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))
    .reduce((acc, p) => acc + (p.value as number), 0);
}
