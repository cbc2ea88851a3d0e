import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { timeSeries } from './panels.ts';
import { sightlineDashboard } from './sightline-dashboard.ts';

// @opentelemetry/instrumentation-runtime-node (on by default in the preload).
const SEL = 'job=~"$service"';

export function runtime(): dashboard.DashboardBuilder {
  return sightlineDashboard({
    uid: 'runtime', title: 'Sightline / Node.js runtime', serviceMetric: 'nodejs_eventloop_delay_p99_seconds',
    description: 'Event-loop delay and utilisation, V8 heap and garbage collection of each service',
  })
    .withPanel(timeSeries({
      title: 'Event-loop delay', unit: 's', description: 'How late timers fire: p50, p99 and max since the last collection',
      queries: [
        { expr: `max by (job) (nodejs_eventloop_delay_p50_seconds{${SEL}})`, legend: 'p50 {{job}}' },
        { expr: `max by (job) (nodejs_eventloop_delay_p99_seconds{${SEL}})`, legend: 'p99 {{job}}' },
        { expr: `max by (job) (nodejs_eventloop_delay_max_seconds{${SEL}})`, legend: 'max {{job}}' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Event-loop utilisation', unit: 'percentunit', description: 'Share of time the event loop was busy',
      queries: [{ expr: `max by (job) (nodejs_eventloop_utilization_ratio{${SEL}})`, legend: '{{job}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Heap used', unit: 'bytes', description: 'V8 heap in use, all spaces; steady growth across GCs suggests a leak',
      queries: [
        { expr: `sum by (job) (v8js_memory_heap_used_bytes{${SEL}})`, legend: 'used {{job}}' },
        { expr: `sum by (job) (v8js_memory_heap_space_size_bytes{${SEL}})`, legend: 'size {{job}}' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Heap growth over 30 minutes', unit: 'bytes', description: 'Change of the used heap over 30 minutes (the heap-growth alert watches this)',
      queries: [{ expr: `sum by (job) (delta(v8js_memory_heap_used_bytes{${SEL}}[30m]))`, legend: '{{job}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Time in garbage collection', unit: 'percentunit', description: 'Seconds of GC per second, by GC type',
      queries: [{ expr: `sum by (job, v8js_gc_type) (rate(v8js_gc_duration_seconds_sum{${SEL}}[$__rate_interval]))`, legend: '{{job}} {{v8js_gc_type}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Garbage collections per second', unit: 'short', description: 'GC runs per second by type',
      queries: [{ expr: `sum by (job, v8js_gc_type) (rate(v8js_gc_duration_seconds_count{${SEL}}[$__rate_interval]))`, legend: '{{job}} {{v8js_gc_type}}' }],
    }));
}
