import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { statPanel, timeSeries } from './panels.ts';
import { sightlineDashboard } from './sightline-dashboard.ts';

// The metrics of examples/orders/rules.yaml (orders.completed, orders.revenue, payments.failed).
// Business metrics are named by each service's rules: copy this file for your own.
const SEL = 'job=~"$service"';
const completed = `sum by (job) (rate(orders_completed_total{${SEL}}[$__rate_interval]))`;
const failed = `sum by (job) (rate(payments_failed_total{${SEL}}[$__rate_interval]))`;

export function businessKpis(): dashboard.DashboardBuilder {
  return sightlineDashboard({
    uid: 'business-kpis', title: 'Sightline / Business KPIs', serviceMetric: 'target_info',
    description: 'Business events as metrics (SIGHTLINE_BUSINESS_RULES): orders, revenue, payment failures',
  })
    .withPanel(statPanel({
      title: 'Revenue in range', description: 'Sum of completed orders\' value over the dashboard\'s time range, by currency', unit: 'short', width: 8,
      queries: [{ expr: `sum by (currency) (increase(orders_revenue_total{${SEL}}[$__range]))`, legend: '{{currency}}' }],
    }))
    .withPanel(statPanel({
      title: 'Orders in range', description: 'Completed orders over the time range', unit: 'short', width: 8,
      queries: [{ expr: `sum(increase(orders_completed_total{${SEL}}[$__range]))`, legend: 'orders' }],
    }))
    .withPanel(statPanel({
      title: 'Payment failure ratio', description: 'Failed payments / (completed orders + failed payments) over the time range', unit: 'percentunit', width: 8,
      queries: [{
        expr: `sum(increase(payments_failed_total{${SEL}}[$__range])) / (sum(increase(payments_failed_total{${SEL}}[$__range])) + (sum(increase(orders_completed_total{${SEL}}[$__range])) or vector(0)))`,
        legend: 'failed',
      }],
    }))
    .withPanel(timeSeries({
      title: 'Orders per minute', description: 'Completed orders per minute by service and currency', unit: 'short',
      queries: [{ expr: `sum by (job, currency) (rate(orders_completed_total{${SEL}}[$__rate_interval])) * 60`, legend: '{{job}} {{currency}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Revenue per minute', description: 'Value of completed orders per minute, by currency', unit: 'short',
      queries: [{ expr: `sum by (job, currency) (rate(orders_revenue_total{${SEL}}[$__rate_interval])) * 60`, legend: '{{job}} {{currency}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Payment failures per minute by reason', description: 'Failed payments per minute: provider_error, breaker_open, ...', unit: 'short',
      queries: [{ expr: `sum by (job, reason) (rate(payments_failed_total{${SEL}}[$__rate_interval])) * 60`, legend: '{{job}} {{reason}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Payment failure ratio by reason', description: 'Failed payments of each reason / all payment attempts (completed + failed)', unit: 'percentunit',
      queries: [{
        expr: `sum by (job, reason) (rate(payments_failed_total{${SEL}}[$__rate_interval])) / on (job) group_left () (${failed} + (${completed} or (0 * ${failed})))`,
        legend: '{{job}} {{reason}}',
      }],
    }));
}
