import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { timeSeries } from './panels.ts';
import { sightlineDashboard } from './sightline-dashboard.ts';

// The pipeline's own health: the preload's drop counter and span queue, the collector's self-metrics
// (otelcol_*, scraped from :8888; no _total suffix on this release).
const COL = (name: string) => `sum by (exporter) (rate(${name}[$__rate_interval]))`;

export function sightlineItself(): dashboard.DashboardBuilder {
  return sightlineDashboard({
    uid: 'sightline', title: 'Sightline / Telemetry pipeline', serviceMetric: 'target_info',
    description: 'Is telemetry getting through? Drops in the services, the collector\'s queues, memory limiter and exporters',
  })
    .withPanel(timeSeries({
      title: 'Items dropped by the services', unit: 'short', description: 'sightline.exporter.dropped: spans, logs and metrics a service could not export (failed export or full queue), per second',
      queries: [{ expr: `sum by (job) (rate(sightline_exporter_dropped_total{job=~"$service"}[$__rate_interval]))`, legend: '{{job}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Span queue in the services', unit: 'percentunit', description: 'Batch span processor queue size / capacity',
      queries: [{ expr: `max by (job) (otel_sdk_processor_span_queue_size{job=~"$service"} / otel_sdk_processor_span_queue_capacity{job=~"$service"})`, legend: '{{job}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Collector sending queue fill', unit: 'percentunit', description: 'Persistent sending queue size / capacity per exporter; near 1 the backend is down or too slow',
      queries: [{ expr: 'max by (exporter) (otelcol_exporter_queue_size / otelcol_exporter_queue_capacity)', legend: '{{exporter}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Collector export failures', unit: 'short', description: 'Spans, log records and metric points an exporter failed to send, per second',
      queries: [
        { expr: COL('otelcol_exporter_send_failed_spans'), legend: 'spans {{exporter}}' },
        { expr: COL('otelcol_exporter_send_failed_log_records'), legend: 'logs {{exporter}}' },
        { expr: COL('otelcol_exporter_send_failed_metric_points'), legend: 'metrics {{exporter}}' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Collector throughput', unit: 'short', description: 'Items sent per second by each exporter',
      queries: [
        { expr: COL('otelcol_exporter_sent_spans'), legend: 'spans {{exporter}}' },
        { expr: COL('otelcol_exporter_sent_log_records'), legend: 'logs {{exporter}}' },
        { expr: COL('otelcol_exporter_sent_metric_points'), legend: 'metrics {{exporter}}' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Refused by the collector (memory limiter)', unit: 'short', description: 'Items the receiver refused, per second: the memory limiter is over its limit',
      queries: [
        { expr: 'sum by (receiver) (rate(otelcol_receiver_refused_spans[$__rate_interval]))', legend: 'spans {{receiver}}' },
        { expr: 'sum by (receiver) (rate(otelcol_receiver_refused_log_records[$__rate_interval]))', legend: 'logs {{receiver}}' },
        { expr: 'sum by (receiver) (rate(otelcol_receiver_refused_metric_points[$__rate_interval]))', legend: 'metrics {{receiver}}' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Collector memory', unit: 'bytes', description: 'Resident memory and Go heap of the collector (the memory limiter acts on the heap)',
      queries: [
        { expr: 'max(otelcol_process_memory_rss)', legend: 'rss' },
        { expr: 'max(otelcol_process_runtime_heap_alloc_bytes)', legend: 'heap' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Tail sampling', unit: 'short', description: 'Traces waiting for a decision, and traces kept per second by policy',
      queries: [
        { expr: 'sum(otelcol_processor_tail_sampling_sampling_traces_on_memory)', legend: 'in memory' },
        { expr: 'sum by (policy, sampled) (rate(otelcol_processor_tail_sampling_count_traces_sampled[$__rate_interval]))', legend: '{{policy}} sampled={{sampled}}' },
      ],
    }));
}
