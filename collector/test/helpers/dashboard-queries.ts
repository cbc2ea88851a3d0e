import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTOR_DIR } from './CollectorProcess.ts';

export const DASHBOARD_DIR = join(COLLECTOR_DIR, 'deploy/grafana/dashboards');

export interface DashboardQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

interface Json { [k: string]: unknown }

/** Every PromQL expression of the generated dashboards: panel targets and `label_values` variables. */
export function dashboardQueries(): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  for (const file of readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith('.json'))) {
    const d = JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as { uid: string; panels: Json[]; templating?: { list: Json[] } };
    for (const panel of d.panels) {
      if ((panel.datasource as { type?: string } | undefined)?.type !== 'prometheus') continue;
      for (const t of (panel.targets as { expr: string }[] | undefined) ?? []) out.push({ dashboard: d.uid, panel: String(panel.title), expr: t.expr });
    }
    for (const v of d.templating?.list ?? []) {
      const m = String(v.query ?? '').match(/^label_values\((.+),\s*(\w+)\)$/);
      if (m) out.push({ dashboard: d.uid, panel: `variable ${String(v.name)}`, expr: `count by (${m[2]}) (${m[1]})` });
    }
  }
  return out;
}

/** What Grafana substitutes at query time, with values that suit a test run of a few minutes. */
export function substituteVariables(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '5m')
    .replaceAll('$__range', '10m')
    .replace(/\$(service|slo)\b/g, '.+');
}
