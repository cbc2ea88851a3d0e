import type { AlertRule } from './AlertRule.ts';

// The alert rules beyond SLOs, one entry per alert family. Add an alert by adding an entry (see
// collector/README.md, "Adding an alert"); `pnpm generate:alerting` writes the rule file, the runbook
// and the promtool tests from it.

const SERVER = 'span_kind="SPAN_KIND_SERVER"';
const ORDERS = 'job="orders"';

/** Failed / (failed + succeeded) of a business flow, from two business-metric counters. */
function failureRatio(failed: string, succeeded: string, window: string): string {
  const f = `sum by (job) (rate(${failed}[${window}]))`;
  const s = `sum by (job) (rate(${succeeded}[${window}]))`;
  // A flow that fails every time has no success series at all: count it as zero, not as missing.
  return `${f}\n/\n(${f} + (${s} or ${f} * 0))`;
}

export const ALERT_RULES: AlertRule[] = [
  {
    alert: 'CircuitBreakerOpen',
    group: 'sightline-breakers',
    expr: 'max by (job, circuit_breaker_name) (circuit_breaker_state)',
    thresholds: [{ severity: 'critical', condition: '> 0', for: '5m' }],
    summary: '{{ $labels.service }}: breaker {{ $labels.circuit_breaker_name }} has not closed for 5 minutes',
    description: 'Breaker state is {{ $value }} (2 open, 1 half-open) and has not been closed (0) for 5 minutes: calls to the dependency are rejected or probed.',
    dashboard: 'circuit-breakers',
    metrics: ['circuit_breaker_state'],
    runbook: {
      meaning: 'A circuit breaker guarding a dependency stayed open or half-open for five minutes: the dependency keeps failing, and callers get fallbacks or errors.',
      symptoms: ['Requests that need the dependency fail fast or return fallback answers.', 'Error-rate and latency alerts of the same service are inhibited while this one fires: look here first.'],
      queries: [
        'circuit_breaker_state{job="$service"}',
        'sum by (circuit_breaker_outcome) (rate(circuit_breaker_calls_total{job="$service", circuit_breaker_name="$breaker"}[5m]))',
        'increase(circuit_breaker_transitions_total{job="$service", circuit_breaker_name="$breaker"}[30m])',
      ],
      causes: ['The dependency is down or overloaded (check its status page or its own dashboards).', 'Timeouts too tight for the dependency\'s current latency.', 'A network or credentials change between the service and the dependency.'],
      resolution: [
        'Open the failed traces of the breaker (Tempo, TraceQL `{ span.circuit_breaker.outcome = "failure" }`) and read the error.',
        'If the dependency is down: wait for it, keep the fallback, tell users; the breaker probes and closes by itself.',
        'If it is up but slow: raise the breaker timeout only with evidence, or scale the dependency.',
        'Do not restart the service to reset the breaker: it reopens at once if the dependency still fails.',
      ],
      escalation: 'Still open after 15 minutes, or a payment or data-writing dependency: page the owning team of the dependency and open an incident (SEV2).',
    },
    tests: [
      { name: 'open for 10 minutes', at: '10m', series: [{ series: `circuit_breaker_state{${ORDERS}, circuit_breaker_name="payments"}`, values: '2x10' }], expect: [{ severity: 'critical', labels: { job: 'orders', circuit_breaker_name: 'payments' }, value: '2' }] },
      { name: 'flapping open / half-open without closing', at: '10m', series: [{ series: `circuit_breaker_state{${ORDERS}, circuit_breaker_name="payments"}`, values: '2 1 2 1 2 1 2 1 2 1 2' }], expect: [{ severity: 'critical', labels: { job: 'orders', circuit_breaker_name: 'payments' }, value: '2' }] },
      { name: 'closed again after 3 minutes', at: '10m', series: [{ series: `circuit_breaker_state{${ORDERS}, circuit_breaker_name="payments"}`, values: '2 2 2 0x8' }], expect: [] },
    ],
  },
  {
    alert: 'HighErrorRate',
    group: 'sightline-http',
    expr: `sum by (job) (rate(traces_span_metrics_calls_total{${SERVER}, status_code="STATUS_CODE_ERROR"}[5m]))\n/\nsum by (job) (rate(traces_span_metrics_calls_total{${SERVER}}[5m]))`,
    thresholds: [
      { severity: 'warning', condition: '> 0.05', for: '2m' },
      { severity: 'critical', condition: '> 0.10', for: '2m' },
    ],
    summary: '{{ $labels.service }}: {{ $value | humanizePercentage }} of requests fail',
    description: 'Share of server requests that ended in a server error (5xx) over 5 minutes: {{ $value | humanizePercentage }} (warning above 5%, critical above 10%).',
    dashboard: 'service-overview',
    metrics: ['traces_span_metrics_calls_total'],
    runbook: {
      meaning: 'More than 5% (warning) or 10% (critical) of a service\'s requests end in a server error over five minutes.',
      symptoms: ['Users see 5xx answers.', 'The Service overview dashboard shows the error ratio above its threshold line.'],
      queries: [
        'sum by (http_route, http_response_status_code) (rate(traces_span_metrics_calls_total{job="$service", span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}[5m]))',
        'sum by (circuit_breaker_name, circuit_breaker_outcome) (rate(circuit_breaker_calls_total{job="$service"}[5m]))',
      ],
      causes: ['A recent deploy (compare the start of the errors with the deploy time).', 'A failing dependency (database, payment provider): check the Dependencies dashboard and breaker states.', 'Resource exhaustion: event-loop delay, heap, connection pool.'],
      resolution: [
        'Open an exemplar trace from the error panel and follow it to the failing span; jump to its logs by trace id.',
        'If a deploy caused it: roll back first, investigate after.',
        'If a dependency caused it: see that dependency\'s alert and runbook; consider a breaker or fallback.',
      ],
      escalation: 'Critical for more than 15 minutes or errors on payment/checkout routes: incident commander, SEV2 (SEV1 when the service is down for everyone).',
    },
    tests: [
      { name: '3% errors: silent', at: '10m', series: [{ series: `traces_span_metrics_calls_total{${ORDERS}, ${SERVER}, status_code="STATUS_CODE_UNSET"}`, values: '0+97x15' }, { series: `traces_span_metrics_calls_total{${ORDERS}, ${SERVER}, status_code="STATUS_CODE_ERROR"}`, values: '0+3x15' }], expect: [] },
      { name: '8% errors: warning', at: '10m', series: [{ series: `traces_span_metrics_calls_total{${ORDERS}, ${SERVER}, status_code="STATUS_CODE_UNSET"}`, values: '0+92x15' }, { series: `traces_span_metrics_calls_total{${ORDERS}, ${SERVER}, status_code="STATUS_CODE_ERROR"}`, values: '0+8x15' }], expect: [{ severity: 'warning', labels: { job: 'orders' }, value: '8%' }] },
      { name: '20% errors: critical (and warning, inhibited in Alertmanager)', at: '10m', series: [{ series: `traces_span_metrics_calls_total{${ORDERS}, ${SERVER}, status_code="STATUS_CODE_UNSET"}`, values: '0+80x15' }, { series: `traces_span_metrics_calls_total{${ORDERS}, ${SERVER}, status_code="STATUS_CODE_ERROR"}`, values: '0+20x15' }], expect: [{ severity: 'warning', labels: { job: 'orders' }, value: '20%' }, { severity: 'critical', labels: { job: 'orders' }, value: '20%' }] },
    ],
  },
  {
    alert: 'HighLatencyP95',
    group: 'sightline-http',
    expr: `histogram_quantile(0.95, sum by (job, le) (rate(traces_span_metrics_duration_seconds_bucket{${SERVER}}[5m])))`,
    thresholds: [
      { severity: 'warning', condition: '> 0.5', for: '5m' },
      { severity: 'critical', condition: '> 1', for: '5m' },
    ],
    summary: '{{ $labels.service }}: p95 latency is {{ $value | humanizeDuration }}',
    description: '95th percentile of server request duration over 5 minutes: {{ $value | humanizeDuration }} (warning above 500ms, critical above 1s).',
    dashboard: 'service-overview',
    metrics: ['traces_span_metrics_duration_seconds_bucket'],
    runbook: {
      meaning: 'The slowest 5% of a service\'s requests take longer than 500 ms (warning) or 1 s (critical).',
      symptoms: ['Pages and API calls feel slow; client timeouts.', 'The p95 line of the Service overview dashboard is above its threshold.'],
      queries: [
        'histogram_quantile(0.95, sum by (http_route, le) (rate(traces_span_metrics_duration_seconds_bucket{job="$service", span_kind="SPAN_KIND_SERVER"}[5m])))',
        'histogram_quantile(0.95, sum by (span_name, le) (rate(traces_span_metrics_duration_seconds_bucket{job="$service", span_kind="SPAN_KIND_CLIENT"}[5m])))',
        'nodejs_eventloop_delay_p99_seconds{job="$service"}',
      ],
      causes: ['A slow dependency (client spans, database operations).', 'A blocked event loop (CPU-heavy code, synchronous I/O, large JSON).', 'More traffic than the instances can serve.'],
      resolution: [
        'Find the slow route, open an exemplar trace and see which span takes the time.',
        'Slow dependency: see SlowDatabaseOperations and the Dependencies dashboard.',
        'Event loop: see EventLoopDelayHigh; scale out while you find the blocking code.',
      ],
      escalation: 'Critical for more than 30 minutes or timeouts on checkout/payment routes: incident commander, SEV2.',
    },
    tests: [
      { name: 'p95 about 250 ms: silent', at: '10m', series: [
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="0.25"}`, values: '0+96x15' },
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="0.5"}`, values: '0+100x15' },
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="+Inf"}`, values: '0+100x15' },
      ], expect: [] },
      { name: 'p95 750 ms: warning', at: '10m', series: [
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="0.25"}`, values: '0+80x15' },
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="0.5"}`, values: '0+90x15' },
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="1"}`, values: '0+100x15' },
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="+Inf"}`, values: '0+100x15' },
      ], expect: [{ severity: 'warning', labels: { job: 'orders' }, value: '750ms' }] },
      { name: 'p95 1.75 s: critical', at: '10m', series: [
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="0.5"}`, values: '0+60x15' },
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="1"}`, values: '0+90x15' },
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="2.5"}`, values: '0+100x15' },
        { series: `traces_span_metrics_duration_seconds_bucket{${ORDERS}, ${SERVER}, le="+Inf"}`, values: '0+100x15' },
      ], expect: [{ severity: 'warning', labels: { job: 'orders' }, value: '1.75s' }, { severity: 'critical', labels: { job: 'orders' }, value: '1.75s' }] },
    ],
  },
  {
    alert: 'SlowDatabaseOperations',
    group: 'sightline-database',
    expr: 'histogram_quantile(0.95, sum by (job, db_system_name, le) (rate(db_client_operation_duration_seconds_bucket[5m])))',
    thresholds: [{ severity: 'warning', condition: '> 2', for: '5m' }],
    summary: '{{ $labels.service }}: p95 {{ $labels.db_system_name }} operation time is {{ $value | humanizeDuration }}',
    description: '95th percentile of database client operation duration (db.client.operation.duration) over 5 minutes: {{ $value | humanizeDuration }} (above 2s).',
    dashboard: 'dependencies',
    metrics: ['db_client_operation_duration_seconds_bucket'],
    runbook: {
      meaning: 'The slowest 5% of a service\'s database operations take longer than 2 seconds.',
      symptoms: ['Slow requests on routes that query the database; possibly pool saturation next.'],
      queries: [
        'histogram_quantile(0.95, sum by (db_operation_name, db_collection_name, le) (rate(db_client_operation_duration_seconds_bucket{job="$service"}[5m])))',
        'db_client_connection_count{job="$service"}',
      ],
      causes: ['A query without a fitting index, or a plan change after data growth.', 'Lock contention (long transactions, migrations).', 'The database host is short of CPU or I/O.'],
      resolution: [
        'Find the operation in the query above, open a slow trace (Tempo: database spans over 2 s) and read the statement.',
        'EXPLAIN ANALYZE it on a replica; add the index or rewrite the query.',
        'Check for long-running transactions and locks (`pg_stat_activity`, `pg_locks`).',
      ],
      escalation: 'Slow for more than 30 minutes or the pool saturates as well: the database owner and the service owner together.',
    },
    tests: [
      { name: 'p95 about 100 ms: silent', at: '10m', series: [
        { series: `db_client_operation_duration_seconds_bucket{${ORDERS}, db_system_name="postgresql", le="0.1"}`, values: '0+99x15' },
        { series: `db_client_operation_duration_seconds_bucket{${ORDERS}, db_system_name="postgresql", le="1"}`, values: '0+100x15' },
        { series: `db_client_operation_duration_seconds_bucket{${ORDERS}, db_system_name="postgresql", le="+Inf"}`, values: '0+100x15' },
      ], expect: [] },
      { name: 'p95 4.6 s: warning', at: '10m', series: [
        { series: `db_client_operation_duration_seconds_bucket{${ORDERS}, db_system_name="postgresql", le="1"}`, values: '0+50x15' },
        { series: `db_client_operation_duration_seconds_bucket{${ORDERS}, db_system_name="postgresql", le="5"}`, values: '0+100x15' },
        { series: `db_client_operation_duration_seconds_bucket{${ORDERS}, db_system_name="postgresql", le="+Inf"}`, values: '0+100x15' },
      ], expect: [{ severity: 'warning', labels: { job: 'orders', db_system_name: 'postgresql' }, value: '4.6s' }] },
    ],
  },
  {
    alert: 'DatabasePoolSaturated',
    group: 'sightline-database',
    expr: 'sum by (job, db_client_connection_pool_name) (db_client_connection_count{db_client_connection_state="used"})\n/\nsum by (job, db_client_connection_pool_name) (db_client_connection_max)',
    thresholds: [{ severity: 'warning', condition: '> 0.9', for: '5m' }],
    summary: '{{ $labels.service }}: connection pool {{ $labels.db_client_connection_pool_name }} is {{ $value | humanizePercentage }} used',
    description: 'Connections in use / pool maximum (db.client.connection.count / db.client.connection.max): {{ $value | humanizePercentage }} (above 90%) for 5 minutes.',
    dashboard: 'dependencies',
    metrics: ['db_client_connection_count', 'db_client_connection_max'],
    runbook: {
      meaning: 'More than 90% of a database connection pool is in use for five minutes; requests will soon wait for a connection.',
      symptoms: ['Latency rises on database routes; `db.client.connection.pending_requests` grows.'],
      queries: [
        'db_client_connection_count{job="$service"}',
        'db_client_connection_pending_requests{job="$service"}',
        'histogram_quantile(0.95, sum by (db_operation_name, le) (rate(db_client_operation_duration_seconds_bucket{job="$service"}[5m])))',
      ],
      causes: ['Slow queries hold connections longer (see SlowDatabaseOperations).', 'A connection leak: clients checked out and never released (errors on a code path without `release()`).', 'Traffic grew beyond the pool size.'],
      resolution: [
        'If operations are slow, fix those first: the pool follows.',
        'If used connections stay high while traffic is low, look for a leak in recent changes.',
        'Raise the pool maximum only when the database has room for more connections.',
      ],
      escalation: 'Pending requests growing or the pool at 100%: the service owner now; the database owner if the database itself refuses connections.',
    },
    tests: [
      { name: 'half the pool: silent', at: '10m', series: [
        { series: `db_client_connection_count{${ORDERS}, db_client_connection_pool_name="orders-db", db_client_connection_state="used"}`, values: '5x15' },
        { series: `db_client_connection_count{${ORDERS}, db_client_connection_pool_name="orders-db", db_client_connection_state="idle"}`, values: '5x15' },
        { series: `db_client_connection_max{${ORDERS}, db_client_connection_pool_name="orders-db"}`, values: '10x15' },
      ], expect: [] },
      { name: 'whole pool in use: warning', at: '10m', series: [
        { series: `db_client_connection_count{${ORDERS}, db_client_connection_pool_name="orders-db", db_client_connection_state="used"}`, values: '10x15' },
        { series: `db_client_connection_count{${ORDERS}, db_client_connection_pool_name="orders-db", db_client_connection_state="idle"}`, values: '0x15' },
        { series: `db_client_connection_max{${ORDERS}, db_client_connection_pool_name="orders-db"}`, values: '10x15' },
      ], expect: [{ severity: 'warning', labels: { job: 'orders', db_client_connection_pool_name: 'orders-db' }, value: '100%' }] },
    ],
  },
  {
    alert: 'BusinessFailureRatioHigh',
    group: 'sightline-business',
    expr: failureRatio('payments_failed_total', 'orders_completed_total', '10m'),
    labels: { flow: 'payments' },
    thresholds: [{ severity: 'warning', condition: '> 0.1', for: '10m' }],
    summary: '{{ $labels.service }}: {{ $value | humanizePercentage }} of payments fail',
    description: 'Failed / attempted payments over 10 minutes (payments.failed against payments.failed + orders.completed): {{ $value | humanizePercentage }} (above 10%).',
    dashboard: 'business-kpis',
    metrics: ['payments_failed_total'],
    runbook: {
      meaning: 'More than 10% of a business flow\'s attempts (here: payments) failed over ten minutes. Revenue is being lost even if HTTP looks healthy.',
      symptoms: ['Fewer completed orders per minute on the Business KPIs dashboard; more failed payments by reason.'],
      queries: [
        'sum by (reason) (rate(payments_failed_total{job="$service"}[10m]))',
        'sum by (currency) (rate(orders_completed_total{job="$service"}[10m]))',
        'circuit_breaker_state{job="$service", circuit_breaker_name="payments"}',
      ],
      causes: ['`reason="breaker_open"`: the payment provider is failing (see CircuitBreakerOpen).', '`reason="provider_error"`: the provider declines or errors (status page, credentials, API change).', 'A client-side change sending invalid payment data.'],
      resolution: ['Split by reason (first query) and follow the matching cause.', 'Talk to the provider with failing trace ids (they carry the request id) when it is their side.'],
      escalation: 'Above 25% or lasting 30 minutes: business owner and on-call engineer; SEV2 because revenue is affected.',
    },
    tests: [
      { name: '5% of payments fail: silent', at: '20m', series: [
        { series: `payments_failed_total{${ORDERS}, reason="provider_error"}`, values: '0+5x25' },
        { series: `orders_completed_total{${ORDERS}, currency="EUR"}`, values: '0+95x25' },
      ], expect: [] },
      { name: '30% of payments fail: warning', at: '20m', series: [
        { series: `payments_failed_total{${ORDERS}, reason="provider_error"}`, values: '0+30x25' },
        { series: `orders_completed_total{${ORDERS}, currency="EUR"}`, values: '0+70x25' },
      ], expect: [{ severity: 'warning', labels: { job: 'orders', flow: 'payments' }, value: '30%' }] },
      { name: 'every payment fails (no completed orders at all): warning', at: '20m', series: [
        { series: `payments_failed_total{${ORDERS}, reason="breaker_open"}`, values: '0+10x25' },
      ], expect: [{ severity: 'warning', labels: { job: 'orders', flow: 'payments' }, value: '100%' }] },
    ],
  },
  {
    alert: 'EventLoopDelayHigh',
    group: 'sightline-runtime',
    expr: 'max by (job, instance) (nodejs_eventloop_delay_p99_seconds)',
    thresholds: [{ severity: 'warning', condition: '> 0.1', for: '5m' }],
    summary: '{{ $labels.service }}: event-loop delay p99 is {{ $value | humanizeDuration }}',
    description: 'p99 event-loop delay of {{ $labels.instance }}: {{ $value | humanizeDuration }} (above 100ms) for 5 minutes; every request on that process waits that long.',
    dashboard: 'runtime',
    metrics: ['nodejs_eventloop_delay_p99_seconds'],
    runbook: {
      meaning: 'A Node.js process\'s event loop is blocked for more than 100 ms at the 99th percentile: everything on that process waits.',
      symptoms: ['Latency rises on every route of the instance at once; health checks may time out.'],
      queries: ['nodejs_eventloop_delay_p99_seconds{job="$service"}', 'nodejs_eventloop_utilization_ratio{job="$service"}', 'rate(v8js_gc_duration_seconds_sum{job="$service"}[5m])'],
      causes: ['CPU-heavy synchronous code (large JSON, crypto, regexes) on the request path.', 'Long garbage-collection pauses from a large or growing heap (see HeapGrowth).', 'The container is CPU-throttled.'],
      resolution: ['Take a CPU profile (`node --cpu-prof`, or `--inspect` on one instance) and find the hot synchronous function.', 'Move heavy work to a worker thread or a queue.', 'Scale out while fixing.'],
      escalation: 'With latency alerts firing: service owner; critical latency → follow HighLatencyP95.',
    },
    tests: [
      { name: '20 ms: silent', at: '10m', series: [{ series: `nodejs_eventloop_delay_p99_seconds{${ORDERS}, instance="i-1"}`, values: '0.02x15' }], expect: [] },
      { name: '250 ms: warning', at: '10m', series: [{ series: `nodejs_eventloop_delay_p99_seconds{${ORDERS}, instance="i-1"}`, values: '0.25x15' }], expect: [{ severity: 'warning', labels: { job: 'orders', instance: 'i-1' }, value: '250ms' }] },
    ],
  },
  {
    alert: 'HeapGrowth',
    group: 'sightline-runtime',
    expr: 'sum by (job, instance) (v8js_memory_heap_used_bytes)\n/\nsum by (job, instance) (v8js_memory_heap_used_bytes offset 1h)',
    thresholds: [{ severity: 'warning', condition: '> 1.5', for: '30m' }],
    summary: '{{ $labels.service }}: heap of {{ $labels.instance }} keeps growing',
    description: 'V8 heap in use is {{ $value | humanize }} times what it was an hour earlier, and has been above 1.5 times for 30 minutes: a likely memory leak.',
    dashboard: 'runtime',
    metrics: ['v8js_memory_heap_used_bytes'],
    runbook: {
      meaning: 'A process\'s V8 heap has grown by more than half within an hour, for half an hour in a row: most often a leak.',
      symptoms: ['Rising memory until the container is OOM-killed and restarts; longer GC pauses and event-loop delay.'],
      queries: ['sum by (instance) (v8js_memory_heap_used_bytes{job="$service"})', 'sum by (v8js_heap_space_name) (v8js_memory_heap_used_bytes{job="$service", instance="$instance"})'],
      causes: ['Caches or maps without a bound; listeners added per request and never removed.', 'A traffic pattern that legitimately holds more data (check request rate first).'],
      resolution: ['Take two heap snapshots some minutes apart on one instance (`--inspect`, or `v8.writeHeapSnapshot()`) and compare retained sizes.', 'Restart the worst instance to buy time; the leak comes back until fixed.'],
      escalation: 'Instances restarting from out-of-memory: service owner now (SEV3, SEV2 if users see errors).',
    },
    tests: [
      { name: 'flat heap: silent', at: '100m', series: [{ series: `v8js_memory_heap_used_bytes{${ORDERS}, instance="i-1", v8js_heap_space_name="old_space"}`, values: '100000000x120' }], expect: [] },
      { name: 'growing 2 MB a minute: warning', at: '100m', series: [{ series: `v8js_memory_heap_used_bytes{${ORDERS}, instance="i-1", v8js_heap_space_name="old_space"}`, values: '50000000+2000000x120' }], expect: [{ severity: 'warning', labels: { job: 'orders', instance: 'i-1' }, value: '1.923' }] },
    ],
  },
  {
    alert: 'SightlineExporterDropping',
    group: 'sightline-self',
    expr: 'sum by (job, signal) (increase(sightline_exporter_dropped_total[10m]))',
    thresholds: [{ severity: 'warning', condition: '> 0', for: '5m' }],
    summary: '{{ $labels.service }}: Sightline dropped {{ $labels.signal }}',
    description: '{{ $value | humanize }} {{ $labels.signal }} items dropped by the preload in the last 10 minutes (failed exports or full queues): telemetry is missing.',
    dashboard: 'sightline',
    metrics: [],
    runbook: {
      meaning: 'The Sightline preload in a service could not export some telemetry (the export failed or its queue was full) and dropped it.',
      symptoms: ['Gaps in traces, metrics or logs of the service; a `sightline: dropped ...` line on the service\'s stderr.'],
      queries: ['sum by (signal, reason) (increase(sightline_exporter_dropped_total{job="$service"}[10m]))', 'up'],
      causes: ['The collector (or the backend the service exports to) is down or unreachable.', 'The collector refuses data (memory limiter, see CollectorRefusingData).', 'Much more telemetry than the export interval and batch sizes allow.'],
      resolution: ['Read the `reason` label and the service\'s stderr line.', 'Check the collector: TargetDown, CollectorQueueNearFull, CollectorRefusingData.', 'Run `npx sightline check --probe` in the service\'s environment to test the endpoints.'],
      escalation: 'Only observability is affected: the observability owner during working hours.',
    },
    tests: [
      { name: 'no drops: silent', at: '15m', series: [{ series: `sightline_exporter_dropped_total{${ORDERS}, signal="traces", reason="export failed"}`, values: '0x20' }], expect: [] },
      { name: '5 spans a minute dropped: warning', at: '15m', series: [{ series: `sightline_exporter_dropped_total{${ORDERS}, signal="traces", reason="export failed"}`, values: '0+5x20' }], expect: [{ severity: 'warning', labels: { job: 'orders', signal: 'traces' }, value: '50' }] },
    ],
  },
  {
    alert: 'CollectorQueueNearFull',
    group: 'sightline-self',
    expr: 'max by (job, instance, exporter) (otelcol_exporter_queue_size / otelcol_exporter_queue_capacity)',
    thresholds: [{ severity: 'warning', condition: '> 0.8', for: '5m' }],
    summary: '{{ $labels.service }}: sending queue of {{ $labels.exporter }} is {{ $value | humanizePercentage }} full',
    description: 'The collector\'s persistent sending queue for {{ $labels.exporter }} is {{ $value | humanizePercentage }} full (above 80%) for 5 minutes; once full, new data is dropped.',
    dashboard: 'sightline',
    metrics: ['otelcol_exporter_queue_size', 'otelcol_exporter_queue_capacity'],
    runbook: {
      meaning: 'A collector exporter cannot keep up or cannot reach its backend; its persistent queue fills and will drop data when full.',
      symptoms: ['Telemetry in the backend arrives late or not at all; `otelcol_exporter_send_failed_*` grows.'],
      queries: ['otelcol_exporter_queue_size / otelcol_exporter_queue_capacity', 'rate(otelcol_exporter_send_failed_spans[5m])', 'rate(otelcol_exporter_sent_spans[5m])'],
      causes: ['The backend (Tempo, Axiom, remote write) is down or rejecting requests.', 'The backend is slower than the incoming volume.'],
      resolution: ['Read the collector log for the exporter\'s errors.', 'Fix the backend or its credentials; the queue drains by itself (it survives restarts in `SIGHTLINE_STORAGE_DIR`).', 'If volume is the problem: raise `SIGHTLINE_QUEUE_SIZE` or lower `SIGHTLINE_SAMPLING_PERCENT`.'],
      escalation: 'Queue full (data being dropped): the observability owner.',
    },
    tests: [
      { name: 'queue 10% full: silent', at: '10m', series: [
        { series: 'otelcol_exporter_queue_size{job="otelcol", instance="collector:8888", exporter="otlp_http/tempo", data_type="traces"}', values: '500x15' },
        { series: 'otelcol_exporter_queue_capacity{job="otelcol", instance="collector:8888", exporter="otlp_http/tempo", data_type="traces"}', values: '5000x15' },
      ], expect: [] },
      { name: 'queue 90% full: warning', at: '10m', series: [
        { series: 'otelcol_exporter_queue_size{job="otelcol", instance="collector:8888", exporter="otlp_http/tempo", data_type="traces"}', values: '4500x15' },
        { series: 'otelcol_exporter_queue_capacity{job="otelcol", instance="collector:8888", exporter="otlp_http/tempo", data_type="traces"}', values: '5000x15' },
      ], expect: [{ severity: 'warning', labels: { job: 'otelcol', instance: 'collector:8888', exporter: 'otlp_http/tempo' }, value: '90%' }] },
    ],
  },
  {
    alert: 'CollectorRefusingData',
    group: 'sightline-self',
    // One term per signal: rate() over a name regex would drop the names and collide.
    expr: ['spans', 'metric_points', 'log_records'].map((s) => `sum by (job, instance) (rate(otelcol_receiver_refused_${s}[5m]))`).join('\n+\n'),
    thresholds: [{ severity: 'warning', condition: '> 0', for: '2m' }],
    summary: '{{ $labels.service }}: the collector refuses incoming telemetry',
    description: 'The collector refused {{ $value | humanize }} items per second over 5 minutes (memory limiter or a failing pipeline); senders retry, then drop.',
    dashboard: 'sightline',
    metrics: ['otelcol_receiver_refused_spans', 'otelcol_receiver_refused_metric_points', 'otelcol_receiver_refused_log_records'],
    runbook: {
      meaning: 'The collector answers senders with "refused", most often because its memory limiter is above the limit.',
      symptoms: ['Services report drops (SightlineExporterDropping); gaps in all signals.'],
      queries: ['rate(otelcol_receiver_refused_spans[5m])', 'rate(otelcol_processor_memory_limiter_refused_spans[5m])', 'otelcol_process_memory_rss', 'otelcol_processor_tail_sampling_sampling_traces_on_memory'],
      causes: ['More incoming data than the memory limit allows (`SIGHTLINE_MEMORY_LIMIT_PERCENT`), often traces waiting for the tail-sampling decision.', 'An exporter blocked on its backend, so data piles up in memory.'],
      resolution: ['Give the collector more memory, or run more replicas behind a load balancer.', 'Shorten `SIGHTLINE_TAIL_DECISION_WAIT` or lower the traffic that reaches it.', 'Fix the blocked backend (see CollectorQueueNearFull).'],
      escalation: 'Sustained for 15 minutes: the observability owner.',
    },
    tests: [
      { name: 'nothing refused: silent', at: '10m', series: ['spans', 'metric_points', 'log_records'].map((s) => ({ series: `otelcol_receiver_refused_${s}{job="otelcol", instance="collector:8888", receiver="otlp", transport="grpc"}`, values: '0x15' })), expect: [] },
      { name: 'refusing 1 span a second: warning', at: '10m', series: [
        { series: 'otelcol_receiver_refused_spans{job="otelcol", instance="collector:8888", receiver="otlp", transport="grpc"}', values: '0+60x15' },
        { series: 'otelcol_receiver_refused_metric_points{job="otelcol", instance="collector:8888", receiver="otlp", transport="grpc"}', values: '0x15' },
        { series: 'otelcol_receiver_refused_log_records{job="otelcol", instance="collector:8888", receiver="otlp", transport="grpc"}', values: '0x15' },
      ], expect: [{ severity: 'warning', labels: { job: 'otelcol', instance: 'collector:8888' }, value: '1' }] },
    ],
  },
  {
    alert: 'TargetDown',
    group: 'sightline-targets',
    expr: 'up',
    thresholds: [{ severity: 'critical', condition: '== 0', for: '1m' }],
    summary: '{{ $labels.job }} target {{ $labels.instance }} is down',
    description: 'Prometheus could not scrape {{ $labels.instance }} (job {{ $labels.job }}) for a minute (up = {{ $value }}).',
    dashboard: 'sightline',
    metrics: ['up'],
    runbook: {
      meaning: 'Prometheus could not scrape a target for a minute: the process is down, unreachable, or its metrics endpoint hangs.',
      symptoms: ['Every metric of that target stops; alerts over it go silent (which is why this one pages).'],
      queries: ['up == 0', 'up{job="$job"}'],
      causes: ['The process crashed or is restarting (OOM, failed deploy).', 'Network, DNS or port change between Prometheus and the target.', 'The collector (job `sightline-collector`) is down: every service\'s metrics go with it.'],
      resolution: ['Open Prometheus → Status → Targets for the scrape error.', 'Check the process (container status, logs, restarts) and bring it back.', 'For the collector: `collector/scripts/run.sh validate` with the same variables shows configuration errors.'],
      escalation: 'A service down: its owner now (SEV1 if users cannot use it). The collector down: observability owner.',
    },
    tests: [
      { name: 'up: silent', at: '3m', series: [{ series: 'up{job="orders", instance="10.0.0.1:8889"}', values: '1x5' }], expect: [] },
      { name: 'down for 3 minutes: critical', at: '3m', series: [{ series: 'up{job="orders", instance="10.0.0.1:8889"}', values: '0x5' }], expect: [{ severity: 'critical', labels: { job: 'orders', instance: '10.0.0.1:8889' }, value: '0' }] },
    ],
  },
  {
    alert: 'JobFailing',
    group: 'sightline-jobs',
    expr: 'max by (job, job_name) (job_consecutive_failures)',
    thresholds: [{ severity: 'critical', condition: '>= 3', for: '0m' }],
    summary: '{{ $labels.service }}: job {{ $labels.job_name }} failed {{ $value }} times in a row',
    description: 'The last {{ $value }} runs of {{ $labels.job_name }} failed or timed out (trackJob, job.consecutive_failures); the counter resets at the next success.',
    dashboard: 'service-overview',
    metrics: ['job_consecutive_failures'],
    runbook: {
      meaning: 'A background job (cron run, interval loop, queue worker wrapped with trackJob) failed or timed out three times in a row.',
      symptoms: ['Whatever the job maintains falls behind: reconciliations, invoices, e-mails, cleanups.', 'Its runs show as error traces (one trace per run) and in the Background jobs panels.'],
      queries: [
        'job_consecutive_failures{job="$service"}',
        'sum by (job_name, job_outcome) (increase(job_runs_total{job="$service"}[1h]))',
        'time() - job_last_success_time_seconds{job="$service"}',
      ],
      causes: ['A dependency the job needs is down (database, API): compare with dependency and breaker alerts.', 'Bad input data the job cannot process (the same error in every run).', 'The job outgrew its timeout (outcome `timeout`).'],
      resolution: [
        'Open the failed runs in Tempo (TraceQL `{ span.job.name = "<job>" && span.job.outcome != "success" }`) and read the exception; jump to the run\'s logs by trace id.',
        'Fix the cause, then run the job once by hand if what it missed cannot wait for the next run.',
        'For timeouts: check whether the data volume grew before raising `timeoutMs`.',
      ],
      escalation: 'Jobs that move money or data (billing, payments, exports): the owning team now, SEV2. Others: next working day if the staleness alert is not firing.',
    },
    tests: [
      { name: 'failing then recovering: silent', at: '6m', series: [{ series: 'job_consecutive_failures{job="orders", job_name="orders.reconcile"}', values: '0 1 2 0 1 2 0' }], expect: [] },
      { name: 'three failures in a row: critical', at: '4m', series: [{ series: 'job_consecutive_failures{job="orders", job_name="orders.reconcile"}', values: '0 1 2 3 4' }], expect: [{ severity: 'critical', labels: { job: 'orders', job_name: 'orders.reconcile' }, value: '4' }] },
    ],
  },
  {
    alert: 'JobStale',
    group: 'sightline-jobs',
    // The last success over 7 days survives process restarts (the gauge of the old process goes stale).
    expr: '(time() - max by (job, job_name) (max_over_time(job_last_success_time_seconds[7d])))\n/\nmax by (job, job_name) (job_expected_interval_seconds)',
    thresholds: [
      { severity: 'warning', condition: '> 2', for: '0m' },
      { severity: 'critical', condition: '> 4', for: '0m' },
    ],
    summary: '{{ $labels.service }}: job {{ $labels.job_name }} has not succeeded for {{ $value | humanize }} intervals',
    description: 'The last successful run of {{ $labels.job_name }} ended {{ $value | humanize }} times its declared interval ago (warning above 2, critical above 4).',
    dashboard: 'service-overview',
    metrics: ['job_last_success_time_seconds', 'job_expected_interval_seconds'],
    runbook: {
      meaning: 'A job that declares how often it runs (`expectedIntervalMs`) has not succeeded for more than twice (warning) or four times (critical) that interval: it fails, or it stopped running at all.',
      symptoms: ['The work the job does is not being done; often nothing else alerts, because a job that never starts produces no errors.'],
      queries: [
        '(time() - max by (job_name) (max_over_time(job_last_success_time_seconds{job="$service"}[7d]))) / max by (job_name) (job_expected_interval_seconds{job="$service"})',
        'sum by (job_name, job_outcome) (increase(job_runs_total{job="$service"}[6h]))',
      ],
      causes: ['The scheduler stopped: a deploy without the cron process, a leader election that never elects, a crashed worker.', 'Every run is skipped because a previous run hangs (`skipped_overlap`).', 'The job fails every time (see JobFailing).'],
      resolution: [
        'Look at `job_runs_total` by outcome: no runs at all means the scheduler; only `skipped_overlap` means a stuck run (restart the process); failures mean JobFailing\'s runbook.',
        'Check that exactly one process runs the schedule (replica count, leader lock).',
      ],
      escalation: 'Critical: the job\'s owner now. Warning: within working hours.',
    },
    tests: [
      { name: 'succeeding every 5 minutes: silent', at: '30m', series: [
        { series: 'job_last_success_time_seconds{job="orders", job_name="orders.reconcile"}', values: '0 0 0 0 0 300 300 300 300 300 600 600 600 600 600 900 900 900 900 900 1200 1200 1200 1200 1200 1500 1500 1500 1500 1500 1800' },
        { series: 'job_expected_interval_seconds{job="orders", job_name="orders.reconcile"}', values: '300x30' },
      ], expect: [] },
      { name: 'last success 15 minutes ago, 5-minute interval: warning', at: '30m', series: [
        { series: 'job_last_success_time_seconds{job="orders", job_name="orders.reconcile"}', values: '900x30' },
        { series: 'job_expected_interval_seconds{job="orders", job_name="orders.reconcile"}', values: '300x30' },
      ], expect: [{ severity: 'warning', labels: { job: 'orders', job_name: 'orders.reconcile' }, value: '3' }] },
      { name: 'last success before a restart 25 minutes ago: critical', at: '30m', series: [
        { series: 'job_last_success_time_seconds{job="orders", job_name="orders.reconcile", instance="old"}', values: '300x5' },
        { series: 'job_expected_interval_seconds{job="orders", job_name="orders.reconcile", instance="new"}', values: '_x10 300x20' },
      ], expect: [
        { severity: 'critical', labels: { job: 'orders', job_name: 'orders.reconcile' }, value: '5' },
        { severity: 'warning', labels: { job: 'orders', job_name: 'orders.reconcile' }, value: '5' },
      ] },
    ],
  },
  {
    alert: 'JobSlow',
    group: 'sightline-jobs',
    expr: 'histogram_quantile(0.95, sum by (job, job_name, le) (rate(job_run_duration_seconds_bucket{job_outcome="success"}[6h])))\n/\nhistogram_quantile(0.95, sum by (job, job_name, le) (rate(job_run_duration_seconds_bucket{job_outcome="success"}[7d])))',
    thresholds: [{ severity: 'warning', condition: '> 2', for: '30m' }],
    summary: '{{ $labels.service }}: job {{ $labels.job_name }} runs {{ $value | humanize }}x slower than usual',
    description: 'The p95 duration of successful {{ $labels.job_name }} runs over the last 6 hours is {{ $value | humanize }} times its 7-day p95 (warning above 2).',
    dashboard: 'service-overview',
    metrics: ['job_run_duration_seconds_bucket'],
    runbook: {
      meaning: 'Successful runs of a job take more than twice as long as usual (p95 of the last 6 hours against the 7-day p95): it is heading for its timeout or for overlapping runs.',
      symptoms: ['Runs end later; with `preventOverlap` later runs start being skipped; with a timeout, runs start timing out.'],
      queries: [
        'histogram_quantile(0.95, sum by (job_name, le) (rate(job_run_duration_seconds_bucket{job="$service", job_outcome="success"}[6h])))',
        'histogram_quantile(0.95, sum by (job_name, le) (rate(job_run_duration_seconds_bucket{job="$service", job_outcome="success"}[7d])))',
      ],
      causes: ['More data to process than before (growth, a backlog after an outage).', 'A slower dependency (database query plan, API latency).', 'Contention with other work on the same process or database.'],
      resolution: ['Open a slow run\'s trace and find the child span that grew.', 'Compare the data volume per run with a week ago; add an index, batch the work or split the job.'],
      escalation: 'Within working hours, unless JobFailing or JobStale fire too.',
    },
    tests: [
      { name: 'as fast as always: silent', at: '420m', series: [
        { series: 'job_run_duration_seconds_bucket{job="orders", job_name="orders.reconcile", job_outcome="success", le="1"}', values: '0+10x420' },
        { series: 'job_run_duration_seconds_bucket{job="orders", job_name="orders.reconcile", job_outcome="success", le="30"}', values: '0+10x420' },
        { series: 'job_run_duration_seconds_bucket{job="orders", job_name="orders.reconcile", job_outcome="success", le="+Inf"}', values: '0+10x420' },
      ], expect: [] },
      { name: 'slow for the last six hours: warning', at: '420m', series: [
        { series: 'job_run_duration_seconds_bucket{job="orders", job_name="orders.reconcile", job_outcome="success", le="1"}', values: '0+100x60 6000x360' },
        { series: 'job_run_duration_seconds_bucket{job="orders", job_name="orders.reconcile", job_outcome="success", le="30"}', values: '0+100x60 6000+1x360' },
        { series: 'job_run_duration_seconds_bucket{job="orders", job_name="orders.reconcile", job_outcome="success", le="+Inf"}', values: '0+100x60 6000+1x360' },
      ], expect: [{ severity: 'warning', labels: { job: 'orders', job_name: 'orders.reconcile' }, value: '6.615' }] },
    ],
  },
];
