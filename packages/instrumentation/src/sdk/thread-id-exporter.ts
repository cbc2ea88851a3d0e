import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';

/**
 * A worker thread's metric exporter: every data point carries `thread.id`, so a worker's series
 * (its event loop, heap, GC, HTTP calls) never collide with the main thread's under the one resource.
 */
export function threadIdMetricExporter(inner: PushMetricExporter, threadId: number): PushMetricExporter {
  const tag = (rm: ResourceMetrics): ResourceMetrics => ({
    ...rm,
    scopeMetrics: rm.scopeMetrics.map((sm) => ({
      ...sm,
      metrics: sm.metrics.map((m) => ({
        ...m,
        dataPoints: m.dataPoints.map((dp) => ({ ...dp, attributes: { ...dp.attributes, 'thread.id': threadId } })),
      }) as unknown as typeof m),
    })),
  });
  const wrapped: PushMetricExporter = {
    export: (metrics, cb) => inner.export(tag(metrics), cb),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush(),
  };
  if (inner.selectAggregationTemporality) wrapped.selectAggregationTemporality = (t) => inner.selectAggregationTemporality!(t);
  if (inner.selectAggregation) wrapped.selectAggregation = (t) => inner.selectAggregation!(t);
  return wrapped;
}
