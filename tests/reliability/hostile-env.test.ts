import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mb, recordFigures } from '../support/figures.js';
import { hostileValues, MARKER } from '../support/hostile-corpus.js';
import { steadyLoad } from '../support/load.js';
import { checkLogLines } from '../support/log-lines.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { startNode } from '../support/process.js';
import { INSTRUMENTATION_ROOT, startReliabilityApp, type AppStats } from '../support/reliability-app.js';

// Every variable Sightline documents, set at once to the same hostile value (one app per value): the
// app must start, serve, see no exception, and no log line may carry the value unescaped.
const PACKAGES = fileURLToPath(new URL('../../packages/', import.meta.url));
const PER_SIGNAL = ['TRACES', 'METRICS', 'LOGS'].flatMap((s) => ['ENDPOINT', 'HEADERS', 'PROTOCOL', 'TIMEOUT', 'COMPRESSION'].map((k) => `OTEL_EXPORTER_OTLP_${s}_${k}`));
const PRESET_VARIABLES = ['AXIOM_TOKEN', 'AXIOM_DATASET', 'AXIOM_METRICS_DATASET', 'AXIOM_DOMAIN', 'GRAFANA_CLOUD_OTLP_ENDPOINT', 'GRAFANA_CLOUD_INSTANCE_ID', 'GRAFANA_CLOUD_API_TOKEN', 'SENTRY_DSN'];

/** The variables in the packages' README tables, plus the per-signal OTLP forms and the presets' own. */
function documentedVariables(): string[] {
  const names = new Set<string>([...PER_SIGNAL, ...PRESET_VARIABLES]);
  for (const pkg of readdirSync(PACKAGES)) {
    const readme = readFileSync(join(PACKAGES, pkg, 'README.md'), 'utf8');
    for (const m of readme.matchAll(/`((?:SIGHTLINE|OTEL)_[A-Z0-9_]*[A-Z0-9])`/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

// A value lives in a file and the shell exports it, so raw bytes (non-UTF-8) reach the environment
// as they are; NUL cannot be in an environment at all. 16 KiB each keeps 70 variables under ARG_MAX.
const WRAPPER = ['bash', '-c', 'v="$(cat "$HOSTILE_FILE"; printf x)"; v="${v%x}"; for n in $HOSTILE_VARS; do export "$n=$v"; done; unset HOSTILE_FILE HOSTILE_VARS; exec "$@"', 'hostile-env'];
const VALUES = hostileValues(',').filter((v) => !v.bytes.includes(0) && v.bytes.length <= 16 * 1024);

describe('hostile values in every Sightline variable', () => {
  const variables = documentedVariables();
  const dir = mkdtempSync(join(tmpdir(), 'sightline-hostile-env-'));
  const receiver = new OtlpReceiver();
  let baseline: AppStats;
  const rows: Array<Array<string | number>> = [];

  beforeAll(async () => {
    await receiver.start();
    const app = await startReliabilityApp({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    await steadyLoad(app.port, (i) => `/work/${i}`, 500, 4);
    baseline = await app.stats();
    app.child.kill('SIGKILL');
  });

  afterAll(async () => {
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
    recordFigures(`Hostile environment (${variables.length} variables set at once, one app per value)`, ['value', 'requests (all 200)', 'app errors', 'stderr lines', 'RSS vs clean start MB'], rows);
  });

  it('reads the variables from the README tables', () => {
    expect(variables).toContain('SIGHTLINE_BACKENDS');
    expect(variables).toContain('SIGHTLINE_PINO_REDACT');
    expect(variables).toContain('OTEL_EXPORTER_OTLP_HEADERS');
    expect(variables.length).toBeGreaterThan(50);
  });

  it.each(VALUES.map((v) => [v.kind, v] as const))('%s: starts, serves, nothing escapes, logs stay clean', async (_kind, value) => {
    const file = join(dir, 'value');
    writeFileSync(file, value.bytes);
    const app = await startReliabilityApp({ HOSTILE_FILE: file, HOSTILE_VARS: variables.join(' ') }, [], WRAPPER);
    try {
      const load = await steadyLoad(app.port, (i) => `/work/${i}`, 500, 4);
      await fetch(`http://127.0.0.1:${app.port}/echo-headers`);
      const stats = await app.stats();
      const stderrLines = app.stderr().split('\n').filter(Boolean).length;
      rows.push([value.kind, load.requests, stats.appErrors, stderrLines, mb(stats.rss - baseline.rss)]);
      expect(load.errors).toBe(0);
      expect(load.requests).toBeGreaterThan(0);
      expect(stats.appErrors).toBe(0);
      expect(app.child.exitCode).toBeNull();
      expect(stats.rss - baseline.rss).toBeLessThan(96 * 1024 * 1024);
      expect(checkLogLines(app.stdout(), app.stderr(), MARKER)).toEqual([]);
    } finally {
      app.child.kill('SIGKILL');
    }
    // `sightline check` prints the same values: its output obeys the same rule.
    const check = startNode(['bin/sightline.js', 'check'], { cwd: INSTRUMENTATION_ROOT, env: { HOSTILE_FILE: file, HOSTILE_VARS: variables.join(' ') }, wrapper: WRAPPER });
    // 1: problems found; a blank value counts as unset, so whitespace alone has none.
    expect((await check.exited).status).toBe(value.bytes.toString().trim() === '' ? 0 : 1);
    expect(checkLogLines('', check.stdout() + check.stderr(), MARKER)).toEqual([]);
  });
});
