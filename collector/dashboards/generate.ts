// Writes every dashboard to deploy/grafana/dashboards/<uid>.json (Grafana's file provisioning reads
// that folder). Run: pnpm dashboards (node >= 22.18 strips the types). test/dashboards.test.ts fails
// when the checked-in files differ from what this would write.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboards } from './src/index.ts';

export const OUT_DIR = new URL('../deploy/grafana/dashboards/', import.meta.url).pathname;

export function renderDashboards(): Map<string, string> {
  return new Map(buildDashboards().map((d) => [`${d.uid}.json`, `${JSON.stringify(d, null, 2)}\n`]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(OUT_DIR, { recursive: true });
  const files = renderDashboards();
  for (const old of readdirSync(OUT_DIR)) if (!files.has(old)) rmSync(join(OUT_DIR, old));
  for (const [name, json] of files) writeFileSync(join(OUT_DIR, name), json);
  console.log(`wrote ${files.size} dashboards to ${OUT_DIR}`);
}
