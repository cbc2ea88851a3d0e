import { stringify } from 'yaml';
import { EXTRA_TIERS, GUARD_MIN_EVENTS } from './slo-tiers.ts';

// promtool cases for the SLO rules (Sloth's output plus slo-tiers.ts): every burn-rate window pair
// fires on its own, the short window stops an alert after recovery, the minimum-event guard keeps sparse
// traffic silent, and the budget alerts fire at their thresholds. Traffic is described as segments
// of whole minutes; the alert fires (or not) at the end of the last segment.

/** Minutes of traffic: `total` requests a minute, of which `bad` are errors (or slow, for latency SLOs). */
type Segment = [minutes: number, total: number, bad: number];

type Sli = 'availability' | { slowerThan: string };

interface Expected {
  alertname: string;
  labels: Record<string, string>;
  value: string;
}

interface Scenario {
  name: string;
  slo: string;
  sli: Sli;
  traffic: Segment[];
  /** Alert names checked at the end; the ones not in `expect` must be silent. */
  check: string[];
  expect: Expected[];
}

const SERVICE = 'orders';
const SPAN = `service_name="${SERVICE}", span_kind="SPAN_KIND_SERVER"`;

/** A counter in promtool notation, one sample a minute from 0. */
function counter(segments: [minutes: number, perMinute: number][]): string {
  let value = 0;
  const parts = ['0'];
  for (const [minutes, per] of segments) {
    parts.push(`${value + per}+${per}x${minutes - 1}`);
    value += per * minutes;
  }
  return parts.join(' ');
}

function series(sli: Sli, traffic: Segment[]): { series: string; values: string }[] {
  if (sli === 'availability') {
    return [
      { series: `traces_span_metrics_calls_total{${SPAN}, status_code="STATUS_CODE_UNSET"}`, values: counter(traffic.map(([m, t, b]) => [m, t - b])) },
      { series: `traces_span_metrics_calls_total{${SPAN}, status_code="STATUS_CODE_ERROR"}`, values: counter(traffic.map(([m, , b]) => [m, b])) },
    ];
  }
  return [
    { series: `traces_span_metrics_duration_seconds_count{${SPAN}}`, values: counter(traffic.map(([m, t]) => [m, t])) },
    { series: `traces_span_metrics_duration_seconds_bucket{${SPAN}, le="${sli.slowerThan}"}`, values: counter(traffic.map(([m, t, b]) => [m, t - b])) },
  ];
}

function sloLabels(slo: string, tiered: boolean): Record<string, string> {
  return { sloth_id: `${SERVICE}-${slo}`, sloth_service: SERVICE, sloth_slo: slo, service: SERVICE, ...(tiered ? { alert_windows: 'document-tiers' } : {}) };
}

function burn(slo: string, category: string, tiered: boolean, kind: 'page' | 'ticket', value: string): Expected {
  return { alertname: 'SLOErrorBudgetBurn', labels: { ...sloLabels(slo, tiered), category, severity: kind === 'page' ? 'critical' : 'warning', sloth_severity: kind }, value };
}

function extra(slo: string, longWindow: string, value: string): Expected {
  const tier = EXTRA_TIERS.find((t) => t.longWindow === longWindow)!;
  return { alertname: 'SLOErrorBudgetBurn', labels: { ...sloLabels(slo, true), severity: tier.severity, burn_window: `${tier.longWindow}/${tier.shortWindow}`, burn_factor: String(tier.factor) }, value };
}

function budget(alertname: string, slo: string, severity: string, value: string): Expected {
  return { alertname, labels: { ...sloLabels(slo, true), severity, sloth_window: '30d' }, value };
}

const DAY = 1440;
const A = 'availability-99-5';
const L = 'latency-p95-800ms';

/** slo/tiered/: 99.5% (budget 0.5%) with the document tiers. Thresholds: 1h 7%/3.5%, 6h 3%/1.5%, 1d 1.5%/0.75%. */
export const TIERED_SCENARIOS: Scenario[] = [
  { name: '1h/5m at 14x: 10% errors for the last hour', slo: A, sli: 'availability', traffic: [[DAY, 100, 0], [60, 100, 10]], check: ['SLOErrorBudgetBurn'],
    expect: [burn(A, 'availability', true, 'page', '0.1'), burn(A, 'availability', true, 'ticket', '0.1'), extra(A, '1h', '0.1')] },
  { name: '6h/30m at 6x: 4% errors for the last 6 hours', slo: A, sli: 'availability', traffic: [[DAY, 100, 0], [360, 100, 4]], check: ['SLOErrorBudgetBurn'],
    expect: [burn(A, 'availability', true, 'page', '0.04'), burn(A, 'availability', true, 'ticket', '0.04'), extra(A, '1h', '0.04')] },
  { name: '1d/2h at 3x: 2% errors for the last day', slo: A, sli: 'availability', traffic: [[DAY, 100, 0], [DAY, 100, 2]], check: ['SLOErrorBudgetBurn'],
    expect: [burn(A, 'availability', true, 'ticket', '0.02'), extra(A, '1d', '0.02')] },
  { name: '1h/5m at 7x: 5% errors for the last hour', slo: A, sli: 'availability', traffic: [[DAY, 100, 0], [60, 100, 5]], check: ['SLOErrorBudgetBurn'],
    expect: [extra(A, '1h', '0.05')] },
  { name: '6h/30m at 3x: 2% errors for the last 6 hours', slo: A, sli: 'availability', traffic: [[DAY, 100, 0], [360, 100, 2]], check: ['SLOErrorBudgetBurn'],
    expect: [burn(A, 'availability', true, 'ticket', '0.02')] },
  { name: '1d/2h at 1.5x: 1% errors for the last day', slo: A, sli: 'availability', traffic: [[DAY, 100, 0], [DAY, 100, 1]], check: ['SLOErrorBudgetBurn'],
    expect: [burn(A, 'availability', true, 'ticket', '0.01')] },
  { name: 'quiet: 0.5% errors all along', slo: A, sli: 'availability', traffic: [[2 * DAY, 200, 1]], check: ['SLOErrorBudgetBurn'], expect: [] },
  { name: 'short window: 10% errors that stopped 10 minutes ago', slo: A, sli: 'availability', traffic: [[DAY, 100, 0], [50, 100, 10], [10, 100, 0]], check: ['SLOErrorBudgetBurn'],
    expect: [] },
  { name: `minimum events: ${GUARD_MIN_EVENTS['1h'] - 1} requests in the last hour, all failing`, slo: A, sli: 'availability', traffic: [[DAY, 0, 0], [58, 0, 0], [GUARD_MIN_EVENTS['1h'] - 1, 1, 1]], check: ['SLOErrorBudgetBurn'], expect: [] },
  { name: `minimum events: ${GUARD_MIN_EVENTS['1h']} requests in the last hour, all failing`, slo: A, sli: 'availability', traffic: [[DAY, 0, 0], [60 - GUARD_MIN_EVENTS['1h'], 0, 0], [GUARD_MIN_EVENTS['1h'], 1, 1]], check: ['SLOErrorBudgetBurn'],
    // The 6h and 1d windows hold fewer than 10 and 30 requests: only the 1h pairs may fire.
    expect: [burn(A, 'availability', true, 'page', '1'), extra(A, '1h', '1')] },
  { name: `minimum events: ${GUARD_MIN_EVENTS['1d'] - 1} requests in a day, all failing, none in the last hour`, slo: A, sli: 'availability', traffic: [[DAY - 60 - (GUARD_MIN_EVENTS['1d'] - 1) * 40, 0, 0], ...Array.from({ length: GUARD_MIN_EVENTS['1d'] - 1 }, (): Segment[] => [[39, 0, 0], [1, 1, 1]]).flat(), [60, 0, 0]], check: ['SLOErrorBudgetBurn'], expect: [] },
  { name: `minimum events: ${GUARD_MIN_EVENTS['1d']} requests in a day, all failing, none in the last hour`, slo: A, sli: 'availability', traffic: [[DAY - 60 - GUARD_MIN_EVENTS['1d'] * 40, 0, 0], ...Array.from({ length: GUARD_MIN_EVENTS['1d'] }, (): Segment[] => [[39, 0, 0], [1, 1, 1]]).flat(), [60, 0, 0]], check: ['SLOErrorBudgetBurn'],
    // Only the 1d/2h pairs: the 6h window holds fewer than 10 requests and the last hour none.
    expect: [burn(A, 'availability', true, 'ticket', '1'), extra(A, '1d', '1')] },
  { name: 'latency 1h/5m at 14x: 80% of requests slower than 800 ms for the last hour', slo: L, sli: { slowerThan: '0.8' }, traffic: [[DAY, 100, 0], [60, 100, 80]], check: ['SLOErrorBudgetBurn'],
    // Budget 5%: 1h burns at 16x (page, and 7x), 6h at 2.7x and 1d at 0.7x stay below their tiers.
    expect: [burn(L, 'latency', true, 'page', '0.8'), extra(L, '1h', '0.8')] },
  { name: 'budget: 0.45% errors all along leaves 10%', slo: A, sli: 'availability', traffic: [[120, 1000, 4.5]], check: ['SLOErrorBudgetLow', 'SLOErrorBudgetExhausted'],
    expect: [budget('SLOErrorBudgetLow', A, 'warning', '10%')] },
  { name: 'budget: 1% errors all along exhausts it', slo: A, sli: 'availability', traffic: [[120, 1000, 10]], check: ['SLOErrorBudgetLow', 'SLOErrorBudgetExhausted'],
    expect: [budget('SLOErrorBudgetLow', A, 'warning', '-100%'), budget('SLOErrorBudgetExhausted', A, 'critical', '-100%')] },
  { name: 'budget: 0.1% errors leaves 80%', slo: A, sli: 'availability', traffic: [[120, 1000, 1]], check: ['SLOErrorBudgetLow', 'SLOErrorBudgetExhausted'], expect: [] },
];

const S = 'availability-99-9';
const P = 'latency-p99-2s';

/** slo/sre-workbook/: 99.9% (budget 0.1%), Sloth's defaults. Thresholds: 1h 1.44%, 6h 0.6%, 1d 0.3%, 3d 0.1%. */
export const SRE_WORKBOOK_SCENARIOS: Scenario[] = [
  { name: '1h/5m at 14.4x: 2% errors for the last hour', slo: S, sli: 'availability', traffic: [[3 * DAY, 100, 0], [60, 100, 2]], check: ['SLOErrorBudgetBurn'],
    expect: [burn(S, 'availability', false, 'page', '0.02')] },
  { name: '6h/30m at 6x: 0.8% errors for the last 6 hours', slo: S, sli: 'availability', traffic: [[3 * DAY, 1000, 0], [360, 1000, 8]], check: ['SLOErrorBudgetBurn'],
    expect: [burn(S, 'availability', false, 'page', '0.008')] },
  { name: '1d/2h at 3x: 0.5% errors for the last day after two busier days', slo: S, sli: 'availability', traffic: [[2 * DAY, 3000, 0], [DAY, 1000, 5]], check: ['SLOErrorBudgetBurn'],
    expect: [burn(S, 'availability', false, 'ticket', '0.005')] },
  { name: '3d/6h at 1x: 0.2% errors for three days', slo: S, sli: 'availability', traffic: [[3 * DAY + 60, 1000, 2]], check: ['SLOErrorBudgetBurn'],
    expect: [burn(S, 'availability', false, 'ticket', '0.002')] },
  { name: 'quiet: 0.05% errors for three days', slo: S, sli: 'availability', traffic: [[3 * DAY + 60, 2000, 1]], check: ['SLOErrorBudgetBurn'], expect: [] },
  { name: 'latency 1h/5m at 14.4x: 20% of requests slower than 2 s for the last hour', slo: P, sli: { slowerThan: '2' }, traffic: [[3 * DAY, 100, 0], [60, 100, 20]], check: ['SLOErrorBudgetBurn'],
    // Budget 1%: 1h burns at 20x (page); 1d (0.8x) and 3d (0.3x) stay below the ticket tiers.
    expect: [burn(P, 'latency', false, 'page', '0.2')] },
];

function expand(template: string, labels: Record<string, string>, value: string): string {
  return template.replace(/\{\{ ?\$labels\.([a-z_]+) ?\}\}/g, (_, k: string) => labels[k] ?? '').replace(/\{\{ ?(?:printf "[^"]*" )?\$value(?: \| [a-zA-Z]+)? ?\}\}/g, value);
}

/** Annotations of an alert as the rule file defines them, found by name and severity (and burn window). */
export type AnnotationLookup = (e: Expected) => Record<string, string>;

/**
 * Real Prometheus evaluates rule groups independently, so an alert over recorded series may lag one
 * evaluation; promtool is told to evaluate the recording groups first, so each case tests one instant.
 */
export function renderSloTests(scenarios: Scenario[], ruleFiles: string[], annotationsOf: AnnotationLookup, recordingGroups: string[]): string {
  const tests = scenarios.map((s) => {
    const minutes = s.traffic.reduce((n, [m]) => n + m, 0);
    return {
      name: `${s.slo}: ${s.name}`,
      interval: '1m',
      input_series: series(s.sli, s.traffic),
      alert_rule_test: s.check.map((alertname) => ({
        eval_time: `${minutes}m`,
        alertname,
        exp_alerts: s.expect.filter((e) => e.alertname === alertname).map((e) => ({
          exp_labels: e.labels,
          exp_annotations: Object.fromEntries(Object.entries(annotationsOf(e)).map(([k, v]) => [k, expand(v, e.labels, e.value)])),
        })),
      })),
    };
  });
  return `# Generated by collector/alerting/generate.ts from collector/alerting/src/slo-tests.ts. Do not edit.\n${stringify({ rule_files: ruleFiles, evaluation_interval: '15m', group_eval_order: recordingGroups, tests }, { lineWidth: 0 })}`;
}
