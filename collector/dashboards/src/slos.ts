import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS } from './datasources.ts';
import { statPanel, timeSeries } from './panels.ts';
import { sightlineDashboard } from './sightline-dashboard.ts';

// Over the recording rules Sloth generates (collector/rules): slo:sli_error:ratio_rate<window>,
// slo:objective:ratio, slo:error_budget:ratio, slo:period_error_budget_remaining:ratio, labelled
// sloth_service / sloth_slo / sloth_id.
const SEL = 'sloth_service=~"$service", sloth_slo=~"$slo"';
const ON = 'on (sloth_id, sloth_service, sloth_slo)';
const burn = (window: string) => `slo:sli_error:ratio_rate${window}{${SEL}} / ${ON} group_left () slo:error_budget:ratio{${SEL}}`;

function variable(name: string, label: string, query: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name).label(label).datasource(PROMETHEUS).query(query)
    .multi(true).includeAll(true).allValue('.+').refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
}

export function slos(): dashboard.DashboardBuilder {
  return sightlineDashboard({
    uid: 'slos', title: 'Sightline / SLOs', refresh: '1m',
    description: 'Error budgets and burn rates of the SLOs defined with Sloth (collector/slos)',
  })
    // `service` like the other dashboards, so alert links (/d/slos?var-service=...) select it.
    .withVariable(variable('service', 'Service', 'label_values(slo:objective:ratio, sloth_service)'))
    .withVariable(variable('slo', 'SLO', 'label_values(slo:objective:ratio{sloth_service=~"$service"}, sloth_slo)'))
    .withPanel(statPanel({
      title: 'Error budget remaining', width: 8, unit: 'percentunit',
      description: 'Share of the period\'s error budget left (1 = untouched, 0 = exhausted, negative = overspent)',
      queries: [{ expr: `slo:period_error_budget_remaining:ratio{${SEL}}`, legend: '{{sloth_service}} {{sloth_slo}}' }],
    }))
    .withPanel(statPanel({
      title: 'Objective', width: 8, unit: 'percentunit', description: 'The SLO target (e.g. 0.999)',
      queries: [{ expr: `slo:objective:ratio{${SEL}}`, legend: '{{sloth_service}} {{sloth_slo}}' }],
    }))
    .withPanel(statPanel({
      title: 'Burn rate over the period', width: 8, unit: 'short',
      description: 'Error ratio over the whole SLO period / error budget: above 1 the budget runs out before the period ends',
      queries: [{ expr: `slo:period_burn_rate:ratio{${SEL}}`, legend: '{{sloth_service}} {{sloth_slo}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Burn rate per window (page: 5m / 1h, 30m / 6h)', width: 12, unit: 'short',
      description: 'Error ratio / error budget over the windows of the paging alerts (14.4x for 1h + 5m, 6x for 6h + 30m)',
      queries: ['5m', '30m', '1h', '6h'].map((w) => ({ expr: burn(w), legend: `${w} {{sloth_slo}}` })),
    }))
    .withPanel(timeSeries({
      title: 'Burn rate per window (ticket: 2h / 1d, 6h / 3d)', width: 12, unit: 'short',
      description: 'Error ratio / error budget over the windows of the ticket alerts (3x for 1d + 2h, 1x for 3d + 6h)',
      queries: ['2h', '1d', '3d'].map((w) => ({ expr: burn(w), legend: `${w} {{sloth_slo}}` })),
    }))
    .withPanel(timeSeries({
      title: 'Error ratio (SLI)', width: 24, unit: 'percentunit',
      description: 'Share of bad events over 5 minutes, against the error budget (1 - objective)',
      queries: [
        { expr: `slo:sli_error:ratio_rate5m{${SEL}}`, legend: 'errors 5m {{sloth_slo}}' },
        { expr: `slo:error_budget:ratio{${SEL}}`, legend: 'budget {{sloth_slo}}' },
      ],
    }));
}
