import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS } from './datasources.ts';

export interface SightlineDashboardOptions {
  uid: string;
  title: string;
  description: string;
  /** The `service` variable lists the `job` values of this metric (job is service.name). */
  serviceMetric?: string;
  refresh?: string;
}

/**
 * A dashboard with Sightline's conventions: tagged `sightline` (a dropdown links them all), last hour,
 * a multi-value `service` variable whose "All" is `.+`, so every query filters with `job=~"$service"`.
 */
export function sightlineDashboard(o: SightlineDashboardOptions): dashboard.DashboardBuilder {
  const b = new dashboard.DashboardBuilder(o.title)
    .uid(o.uid).description(o.description).tags(['sightline']).editable()
    .time({ from: 'now-1h', to: 'now' }).refresh(o.refresh ?? '30s').timezone('browser')
    .link(new dashboard.DashboardLinkBuilder('Sightline').type(dashboard.DashboardLinkType.Dashboards)
      .tags(['sightline']).asDropdown(true).includeVars(true).keepTime(true));
  if (o.serviceMetric !== undefined) {
    b.withVariable(new dashboard.QueryVariableBuilder('service').label('Service').datasource(PROMETHEUS)
      .query(`label_values(${o.serviceMetric}, job)`).multi(true).includeAll(true).allValue('.+')
      .refresh(dashboard.VariableRefresh.OnTimeRangeChanged).sort(dashboard.VariableSort.AlphabeticalAsc));
  }
  return b;
}
