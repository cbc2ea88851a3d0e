import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { logsPanel, statPanel, timeSeries } from './panels.ts';
import { sightlineDashboard } from './sightline-dashboard.ts';

// RED source: the collector's span metrics (traces_span_metrics_*), not the SDK's
// http.server.request.duration. They carry exemplars (trace ids) that Prometheus stores and Grafana
// turns into links to Tempo, which the JS SDK's histograms do not; they count every span before tail
// sampling; they have status_code (the span's error status, which also covers handled 4xx/5xx rules)
// and the same shape for any language or framework that reaches the collector.
const SERVER = 'job=~"$service", span_kind="SPAN_KIND_SERVER"';
const calls = (extra = '') => `traces_span_metrics_calls_total{${SERVER}${extra}}`;
const quantile = (q: number) =>
  `histogram_quantile(${q}, sum by (le, job, http_route) (rate(traces_span_metrics_duration_seconds_bucket{${SERVER}}[$__rate_interval])))`;

export function serviceOverview(): dashboard.DashboardBuilder {
  return sightlineDashboard({
    uid: 'service-overview', title: 'Sightline / Service overview', serviceMetric: 'traces_span_metrics_calls_total',
    description: 'Requests, errors and duration of each service (RED), by route, from the collector\'s span metrics',
  })
    .withPanel(statPanel({
      title: 'Requests per second', description: 'Server spans per second over the selected services', unit: 'reqps',
      queries: [{ expr: `sum(rate(${calls()}[$__rate_interval]))`, legend: 'requests' }],
    }))
    .withPanel(statPanel({
      title: 'Error ratio', description: 'Share of server spans with error status', unit: 'percentunit',
      queries: [{ expr: `sum(rate(${calls(', status_code="STATUS_CODE_ERROR"')}[$__rate_interval])) / sum(rate(${calls()}[$__rate_interval]))`, legend: 'errors' }],
    }))
    .withPanel(statPanel({
      title: 'p95 duration', description: 'Server span duration, 95th percentile, all routes', unit: 's',
      queries: [{ expr: `histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_seconds_bucket{${SERVER}}[$__rate_interval])))`, legend: 'p95' }],
    }))
    .withPanel(statPanel({
      title: 'Services reporting', description: 'Services with server spans in the window', unit: 'short',
      queries: [{ expr: `count(count by (job) (rate(${calls()}[$__rate_interval])))`, legend: 'services' }],
    }))
    .withPanel(timeSeries({
      title: 'Rate by route', description: 'Requests per second by service and route (http.route; empty when the framework reports none)', unit: 'reqps',
      queries: [{ expr: `sum by (job, http_route) (rate(${calls()}[$__rate_interval]))`, legend: '{{job}} {{http_route}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Error ratio by route', description: 'Share of server spans with error status, by service and route', unit: 'percentunit',
      queries: [{
        expr: `sum by (job, http_route) (rate(${calls(', status_code="STATUS_CODE_ERROR"')}[$__rate_interval])) / sum by (job, http_route) (rate(${calls()}[$__rate_interval]))`,
        legend: '{{job}} {{http_route}}',
      }],
    }))
    .withPanel(timeSeries({
      title: 'Duration p50 / p95 / p99 by route', description: 'Server span duration percentiles; the dots are exemplars, each a link to its trace in Tempo', unit: 's', width: 24,
      queries: [
        { expr: quantile(0.5), legend: 'p50 {{job}} {{http_route}}', exemplars: true },
        { expr: quantile(0.95), legend: 'p95 {{job}} {{http_route}}', exemplars: true },
        { expr: quantile(0.99), legend: 'p99 {{job}} {{http_route}}', exemplars: true },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Responses by status code', description: 'Server spans per second by HTTP response status code', unit: 'reqps',
      queries: [{ expr: `sum by (job, http_response_status_code) (rate(${calls()}[$__rate_interval]))`, legend: '{{job}} {{http_response_status_code}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Outgoing calls by span', description: 'Client spans per second (HTTP, database, cache calls) by span name and status', unit: 'reqps',
      queries: [{
        expr: `sum by (job, span_name, status_code) (rate(traces_span_metrics_calls_total{job=~"$service", span_kind="SPAN_KIND_CLIENT"}[$__rate_interval]))`,
        legend: '{{job}} {{span_name}} {{status_code}}',
      }],
    }))
    .withPanel(timeSeries({
      title: 'Job runs by outcome', description: 'Background job runs (trackJob) per interval by job and outcome: success, failure, timeout, skipped_overlap', unit: 'short',
      queries: [{ expr: 'sum by (job, job_name, job_outcome) (increase(job_runs_total{job=~"$service"}[$__rate_interval]))', legend: '{{job}} {{job_name}} {{job_outcome}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Job failures in a row', description: 'Failed or timed-out runs since the last success; JobFailing pages at 3', unit: 'short',
      queries: [{ expr: 'max by (job, job_name) (job_consecutive_failures{job=~"$service"})', legend: '{{job}} {{job_name}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Time since the last successful job run', description: 'Against the declared interval: JobStale warns at 2 and pages at 4 intervals', unit: 's',
      queries: [
        { expr: 'time() - max by (job, job_name) (max_over_time(job_last_success_time_seconds{job=~"$service"}[7d]))', legend: '{{job}} {{job_name}}' },
        { expr: '2 * max by (job, job_name) (job_expected_interval_seconds{job=~"$service"})', legend: 'stale after: {{job_name}}' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Job run duration p95', description: 'Successful runs, 95th percentile; JobSlow warns at twice the 7-day p95', unit: 's',
      queries: [{ expr: 'histogram_quantile(0.95, sum by (le, job, job_name) (rate(job_run_duration_seconds_bucket{job=~"$service", job_outcome="success"}[$__rate_interval])))', legend: '{{job}} {{job_name}}' }],
    }))
    .withPanel(logsPanel('Warnings and errors', 'Log lines at WARN and above of the selected services; expand a line for its trace and request id',
      '{service_name=~"$service"} | severity_number >= 13'));
}
