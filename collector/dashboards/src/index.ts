import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { businessKpis } from './business-kpis.ts';
import { circuitBreakers } from './circuit-breakers.ts';
import { dependencies } from './dependencies.ts';
import { runtime } from './runtime.ts';
import { serviceOverview } from './service-overview.ts';
import { sightlineItself } from './sightline-itself.ts';
import { slos } from './slos.ts';

/** Every dashboard Sightline ships, built; its uid names its file in deploy/grafana/dashboards. */
export function buildDashboards(): dashboard.Dashboard[] {
  return [serviceOverview, circuitBreakers, businessKpis, slos, dependencies, runtime, sightlineItself].map((make) => make().build());
}
