import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderDashboards } from '../dashboards/generate.ts';
import { COLLECTOR_DIR } from './helpers/CollectorProcess.ts';
import { DASHBOARD_DIR, dashboardQueries } from './helpers/dashboard-queries.ts';

const exec = promisify(execFile);

/** The uids other parts of Sightline link to (alert annotations, runbooks, the README). */
const UIDS = ['business-kpis', 'circuit-breakers', 'dependencies', 'runtime', 'service-overview', 'sightline', 'slos'];

describe('dashboards', () => {
  it('are generated: the checked-in JSON is what dashboards/generate.ts writes', () => {
    const files = renderDashboards();
    expect(readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith('.json')).sort()).toEqual([...files.keys()].sort());
    for (const [name, json] of files) {
      expect(readFileSync(join(DASHBOARD_DIR, name), 'utf8'), `${name} is stale: run pnpm dashboards in collector/`).toBe(json);
    }
  });

  it('have the agreed uids, and every panel a PromQL or LogQL query on a provisioned data source', () => {
    const files = renderDashboards();
    expect([...files.keys()].map((f) => f.replace('.json', '')).sort()).toEqual(UIDS);
    for (const json of files.values()) {
      const d = JSON.parse(json) as { panels: { title: string; datasource: { uid: string }; targets: unknown[] }[] };
      for (const p of d.panels) {
        expect(['prometheus', 'loki'], p.title).toContain(p.datasource.uid);
        expect(p.targets.length, p.title).toBeGreaterThan(0);
      }
    }
    expect(dashboardQueries().length).toBeGreaterThan(60);
  });

  it('type-check against the Foundation SDK', async () => {
    await exec(join(COLLECTOR_DIR, 'node_modules/.bin/tsc'), ['-p', join(COLLECTOR_DIR, 'dashboards/tsconfig.json')], { cwd: COLLECTOR_DIR })
      .catch((e: { stdout: string }) => { throw new Error(e.stdout); });
  });
});
