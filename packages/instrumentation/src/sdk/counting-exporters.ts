import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { exportErrorType, type DropReporter } from './DropReporter.js';

function countingCallback(drops: DropReporter, signal: 'traces' | 'logs' | 'metrics', count: number, target: string, cb: (r: ExportResult) => void) {
  return (result: ExportResult) => {
    if (result.code !== ExportResultCode.SUCCESS) {
      drops.add(signal, count, {
        errorType: exportErrorType(result.error),
        serverAddress: hostOf(target),
        reason: `export to ${target} failed: ${result.error?.message ?? 'unknown error'}`,
      });
    }
    cb(result);
  };
}

/** `host:port` or `[v6]:port` -> host; `console` stays. */
function hostOf(target: string): string {
  if (target.startsWith('[')) return target.slice(1, target.indexOf(']'));
  const colon = target.lastIndexOf(':');
  return colon === -1 ? target : target.slice(0, colon);
}

/** Wraps a span exporter so failed exports are counted as dropped spans. */
export function countingSpanExporter(inner: SpanExporter, drops: DropReporter, target: string): SpanExporter {
  return {
    export: (spans: ReadableSpan[], cb) => inner.export(spans, countingCallback(drops, 'traces', spans.length, target, cb)),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

export function countingLogExporter(inner: LogRecordExporter, drops: DropReporter, target: string): LogRecordExporter {
  return {
    export: (logs: ReadableLogRecord[], cb) => inner.export(logs, countingCallback(drops, 'logs', logs.length, target, cb)),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

export function countingMetricExporter(inner: PushMetricExporter, drops: DropReporter, target: string): PushMetricExporter {
  const wrapped: PushMetricExporter = {
    export: (metrics: ResourceMetrics, cb) => inner.export(metrics, countingCallback(drops, 'metrics', 1, target, cb)),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush(),
  };
  if (inner.selectAggregationTemporality) wrapped.selectAggregationTemporality = (t) => inner.selectAggregationTemporality!(t);
  if (inner.selectAggregation) wrapped.selectAggregation = (t) => inner.selectAggregation!(t);
  return wrapped;
}
