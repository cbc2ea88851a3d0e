import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { tablePanel, timeSeries } from './panels.ts';
import { sightlineDashboard } from './sightline-dashboard.ts';

const SEL = 'job=~"$service"';
const EDGE = 'client=~"$service"';
const p95 = (metric: string, by: string, sel: string) =>
  `histogram_quantile(0.95, sum by (le, ${by}) (rate(${metric}{${sel}}[$__rate_interval])))`;

export function dependencies(): dashboard.DashboardBuilder {
  return sightlineDashboard({
    uid: 'dependencies', title: 'Sightline / Dependencies', serviceMetric: 'target_info',
    description: 'What each service calls: service-graph edges, downstream HTTP, database and Redis latency, connection pools',
  })
    .withPanel(tablePanel({
      title: 'Service graph edges', unit: 'reqps',
      description: 'Requests per second on each edge (traces_service_graph_*, from @sightline/processors); Tempo\'s service map draws the same metrics',
      queries: [{ expr: `sum by (client, server, connection_type) (rate(traces_service_graph_request_total{${EDGE}}[$__rate_interval]))`, legend: '{{client}} → {{server}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Edge failure ratio', unit: 'percentunit', description: 'Failed / all requests per edge',
      queries: [{
        expr: `sum by (client, server) (rate(traces_service_graph_request_failed_total{${EDGE}}[$__rate_interval])) / sum by (client, server) (rate(traces_service_graph_request_total{${EDGE}}[$__rate_interval]))`,
        legend: '{{client}} → {{server}}',
      }],
    }))
    .withPanel(timeSeries({
      title: 'Edge latency p95 (server side)', unit: 's', description: 'Duration as the callee measured it, 95th percentile, per edge',
      queries: [{ expr: p95('traces_service_graph_request_server_seconds_bucket', 'client, server', EDGE), legend: '{{client}} → {{server}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Downstream HTTP latency p95', unit: 's', description: 'Outgoing HTTP requests (http.client.request.duration) by peer address',
      queries: [{ expr: p95('http_client_request_duration_seconds_bucket', 'job, server_address', SEL), legend: '{{job}} → {{server_address}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Downstream HTTP errors', unit: 'reqps', description: 'Outgoing HTTP requests with an error.type (status >= 400 or a network error) per second',
      queries: [{
        expr: `sum by (job, server_address, error_type) (rate(http_client_request_duration_seconds_count{${SEL}, error_type!=""}[$__rate_interval]))`,
        legend: '{{job}} → {{server_address}} {{error_type}}',
      }],
    }))
    .withPanel(timeSeries({
      title: 'Database operation latency p95', unit: 's', description: 'db.client.operation.duration by system and operation (pg instrumentation)',
      queries: [{ expr: p95('db_client_operation_duration_seconds_bucket', 'job, db_system_name, db_operation_name', SEL), legend: '{{job}} {{db_system_name}} {{db_operation_name}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Database operations per second', unit: 'ops', description: 'db.client.operation.duration count by operation',
      queries: [{ expr: `sum by (job, db_operation_name) (rate(db_client_operation_duration_seconds_count{${SEL}}[$__rate_interval]))`, legend: '{{job}} {{db_operation_name}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Redis command latency p95', unit: 's', description: 'Client spans to Redis (ioredis instrumentation) from the span metrics, by command',
      queries: [{
        expr: p95('traces_span_metrics_duration_seconds_bucket', 'job, span_name', `${SEL}, span_kind="SPAN_KIND_CLIENT", db_system_name="redis"`),
        legend: '{{job}} {{span_name}}', exemplars: true,
      }],
    }))
    .withPanel(timeSeries({
      title: 'Connection pool usage', unit: 'percentunit', description: 'Connections in use / pool maximum (db.client.connection.count{state=used} / db.client.connection.max)',
      queries: [{
        expr: `sum by (job, db_client_connection_pool_name) (db_client_connection_count{${SEL}, db_client_connection_state="used"}) / sum by (job, db_client_connection_pool_name) (db_client_connection_max{${SEL}})`,
        legend: '{{job}} {{db_client_connection_pool_name}}',
      }],
    }))
    .withPanel(timeSeries({
      title: 'Connections and waiting requests', unit: 'short', description: 'Connections by state, and requests waiting for a connection',
      queries: [
        { expr: `sum by (job, db_client_connection_state) (db_client_connection_count{${SEL}})`, legend: '{{job}} {{db_client_connection_state}}' },
        { expr: `sum by (job) (db_client_connection_pending_requests{${SEL}})`, legend: '{{job}} waiting' },
      ],
    }));
}
