import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as loki from '@grafana/grafana-foundation-sdk/loki';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { LOKI, PROMETHEUS } from './datasources.ts';

export interface Query {
  expr: string;
  legend?: string;
  /** Ask Prometheus for exemplars (trace ids on histogram buckets), shown as points linking to Tempo. */
  exemplars?: boolean;
  instant?: boolean;
}

export interface PanelSpec {
  title: string;
  description: string;
  unit?: string;
  queries: Query[];
  width?: number;
  height?: number;
}

/** Every panel's "Logs" link: the service's lines in Loki over the panel's time range. */
const logsLink = new dashboard.DashboardLinkBuilder('Logs of ${__field.labels.job}')
  .url('/explore?left={"datasource":"loki","queries":[{"refId":"A","expr":"{service_name=\\"${__field.labels.job}\\"}"}],"range":{"from":"${__from}","to":"${__to}"}}')
  .targetBlank(true);

function target(q: Query, i: number): prometheus.DataqueryBuilder {
  const t = new prometheus.DataqueryBuilder().refId(String.fromCharCode(65 + i)).expr(q.expr).legendFormat(q.legend ?? '__auto');
  if (q.exemplars) t.exemplar(true);
  if (q.instant) t.instant().format(prometheus.PromQueryFormat.Table);
  return t;
}

export function timeSeries(p: PanelSpec): timeseries.PanelBuilder {
  const b = new timeseries.PanelBuilder()
    .title(p.title).description(p.description).datasource(PROMETHEUS)
    .unit(p.unit ?? 'short').span(p.width ?? 12).height(p.height ?? 8)
    .lineWidth(1).fillOpacity(10).dataLinks([logsLink]);
  p.queries.forEach((q, i) => b.withTarget(target(q, i)));
  return b;
}

export function statPanel(p: PanelSpec): stat.PanelBuilder {
  const b = new stat.PanelBuilder()
    .title(p.title).description(p.description).datasource(PROMETHEUS)
    .unit(p.unit ?? 'short').span(p.width ?? 6).height(p.height ?? 4).dataLinks([logsLink]);
  p.queries.forEach((q, i) => b.withTarget(target(q, i)));
  return b;
}

export function tablePanel(p: PanelSpec): table.PanelBuilder {
  const b = new table.PanelBuilder()
    .title(p.title).description(p.description).datasource(PROMETHEUS)
    .unit(p.unit ?? 'short').span(p.width ?? 24).height(p.height ?? 8);
  p.queries.forEach((q, i) => b.withTarget(target({ ...q, instant: true }, i)));
  return b;
}

export function stateTimeline(p: PanelSpec, states: Record<number, { text: string; color: string }>): statetimeline.PanelBuilder {
  const options: Record<string, dashboard.ValueMappingResult> = {};
  for (const [value, { text, color }] of Object.entries(states)) options[value] = { text, color, index: Number(value) };
  const b = new statetimeline.PanelBuilder()
    .title(p.title).description(p.description).datasource(PROMETHEUS)
    .span(p.width ?? 24).height(p.height ?? 8)
    .mappings([{ type: dashboard.MappingType.ValueToText, options }]);
  p.queries.forEach((q, i) => b.withTarget(target(q, i)));
  return b;
}

/** A Loki logs panel; LogQL, so the PromQL tests leave it alone. */
export function logsPanel(title: string, description: string, expr: string): logs.PanelBuilder {
  return new logs.PanelBuilder()
    .title(title).description(description).datasource(LOKI).span(24).height(10)
    .showTime(true).enableLogDetails(true).wrapLogMessage(true)
    .withTarget(new loki.DataqueryBuilder().refId('A').expr(expr));
}
