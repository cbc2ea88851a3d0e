import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    collectorBin: string;
  }
}

const scripts = new URL('../scripts/', import.meta.url).pathname;

// Builds the collector and Sloth (no-ops when up to date) and installs Prometheus, Alertmanager and PostgreSQL when missing,
// so a fresh clone runs the suite with nothing prepared by hand.
export default function setup(project: TestProject): void {
  const bin = execFileSync(`${scripts}build.sh`, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  execFileSync(`${scripts}ensure-prometheus.sh`, { stdio: ['ignore', 'inherit', 'inherit'] });
  // Sloth regenerates the SLO rules in alerting-rules.test.ts; Alertmanager and amtool run alertmanager.test.ts.
  execFileSync(`${scripts}build-sloth.sh`, { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(`${scripts}ensure-alertmanager.sh`, { stdio: ['ignore', 'inherit', 'inherit'] });
  execFileSync(`${scripts}ensure-postgres.sh`, { stdio: ['ignore', 'ignore', 'inherit'] });
  project.provide('collectorBin', bin);
}
