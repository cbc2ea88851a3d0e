import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERT_RULES } from '../alerting/src/rules.ts';
import { GUARD_MIN_EVENTS } from '../alerting/src/slo-tiers.ts';
import { COLLECTOR_DIR, tempDir } from './helpers/CollectorProcess.ts';

const exec = promisify(execFile);
const ROOT = join(COLLECTOR_DIR, '..');
const RULES_DIR = join(COLLECTOR_DIR, 'alerting/rules');
const TESTS_DIR = join(COLLECTOR_DIR, 'alerting/tests');
const DASHBOARD_UIDS = ['service-overview', 'circuit-breakers', 'business-kpis', 'slos', 'dependencies', 'runtime', 'sightline'];

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const ruleFiles = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml')).sort();
const allRules: (Rule & { file: string })[] = ruleFiles.flatMap((file) =>
  (parse(readFileSync(join(RULES_DIR, file), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules.map((r) => ({ ...r, file }))),
);
const alerts = allRules.filter((r) => r.alert);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

describe('generated alerting files', () => {
  const out = tempDir('alerting-generate');
  afterAll(() => out.remove());

  it('are current: regenerating (alerting/generate.ts and Sloth) reproduces every checked-in file', async () => {
    await exec(join(COLLECTOR_DIR, 'scripts/generate-alerting.sh'), [out.path], { env: process.env });
    const generated = [
      ...filesUnder(join(out.path, 'collector')).map((f) => `collector/${f}`),
      ...filesUnder(join(out.path, 'docs')).map((f) => `docs/${f}`),
    ];
    expect(generated.filter((f) => f.startsWith('docs/runbooks/'))).toEqual(filesUnder(join(ROOT, 'docs/runbooks')).map((f) => `docs/runbooks/${f}`));
    expect(generated.filter((f) => f.startsWith('collector/alerting/rules/'))).toEqual(ruleFiles.map((f) => `collector/alerting/rules/${f}`));
    const stale = generated.filter((f) => readFileSync(join(out.path, f), 'utf8') !== readFileSync(join(ROOT, f), 'utf8'));
    expect(stale, 'run collector/scripts/generate-alerting.sh and commit the result').toEqual([]);
  });
});

describe('rule files', () => {
  it.each(ruleFiles)('%s passes promtool check rules', async (file) => {
    const { stdout } = await exec('promtool', ['check', 'rules', join(RULES_DIR, file)]);
    expect(stdout).toContain('SUCCESS');
  });

  // Concurrent: the SLO files replay days of traffic and take a while each.
  it.concurrent.each(readdirSync(TESTS_DIR).filter((f) => f.endsWith('.yaml')))('promtool test rules %s', async (file) => {
    const { stdout } = await exec('promtool', ['test', 'rules', file], { cwd: TESTS_DIR });
    expect(stdout).toContain('SUCCESS');
  }, 180_000);

  it('has a promtool case for every alert family, firing and silent', () => {
    for (const rule of ALERT_RULES) {
      expect(rule.tests.some((t) => t.expect.length === 0), `${rule.alert}: silent case`).toBe(true);
      for (const t of rule.thresholds) {
        expect(rule.tests.some((c) => c.expect.some((e) => e.severity === t.severity)), `${rule.alert}: ${t.severity} case`).toBe(true);
      }
    }
  });

  it('gives every alert a severity, summary, description quoting the value, dashboard and an existing runbook', () => {
    const missing: string[] = [];
    for (const a of alerts) {
      const ann = a.annotations ?? {};
      if (!['critical', 'warning'].includes(a.labels?.severity ?? '')) missing.push(`${a.alert} (${a.file}): severity`);
      if (!ann.summary) missing.push(`${a.alert}: summary`);
      if (!/\$value/.test(ann.description ?? '')) missing.push(`${a.alert}: description without $value`);
      const uid = /^\/d\/([a-z-]+)/.exec(ann.dashboard ?? '')?.[1];
      if (!uid || !DASHBOARD_UIDS.includes(uid)) missing.push(`${a.alert}: dashboard ${ann.dashboard}`);
      if (!ann.runbook_url || !existsSync(join(ROOT, ann.runbook_url))) missing.push(`${a.alert}: runbook ${ann.runbook_url}`);
    }
    expect(missing).toEqual([]);
  });

  it('lists every runbook in the index, with the sections a runbook needs', () => {
    const index = readFileSync(join(ROOT, 'docs/runbooks/README.md'), 'utf8');
    for (const url of new Set(alerts.map((a) => a.annotations?.runbook_url ?? 'missing'))) {
      const file = url.replace('docs/runbooks/', '');
      expect(index).toContain(`](${file})`);
      const text = readFileSync(join(ROOT, url), 'utf8');
      for (const section of ['## Symptoms', '## Dashboards and queries', '## Likely causes', '## Resolution', '## Escalation']) expect(text).toContain(section);
    }
  });

  it('lists every alert with its runbook in collector/README.md', () => {
    const readme = readFileSync(join(COLLECTOR_DIR, 'README.md'), 'utf8');
    for (const a of alerts) expect(readme, a.alert).toContain(`[\`${a.alert}\`](../${a.annotations?.runbook_url ?? 'missing'})`);
  });

  it('keeps the minimum-event guard of every tiered SLO in step with GUARD_MIN_EVENTS', () => {
    const dir = join(COLLECTOR_DIR, 'slo/tiered');
    const windows = Object.keys(GUARD_MIN_EVENTS).map((w) => `(eq .window "${w}")`).join(' ');
    const minimum = `>= {{ if eq .window "1h" }}${GUARD_MIN_EVENTS['1h']}{{ else if eq .window "6h" }}${GUARD_MIN_EVENTS['6h']}{{ else }}${GUARD_MIN_EVENTS['1d']}{{ end }})`;
    for (const file of readdirSync(dir)) {
      const spec = parse(readFileSync(join(dir, file), 'utf8')) as { slos: { name: string; sli: { events: { error_query: string } } }[] };
      for (const slo of spec.slos) {
        expect(slo.sli.events.error_query, `${file} ${slo.name}`).toContain(`{{- if or ${windows} }}`);
        expect(slo.sli.events.error_query, `${file} ${slo.name}`).toContain(minimum);
      }
    }
  });
});
