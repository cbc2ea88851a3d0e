/** Dashboard uids shared with the Grafana dashboards (collector/deploy/grafana). */
export type DashboardUid = 'service-overview' | 'circuit-breakers' | 'business-kpis' | 'slos' | 'dependencies' | 'runtime' | 'sightline';

export type Severity = 'critical' | 'warning';

/** What the runbook page of an alert says; rendered to docs/runbooks/<slug>.md. */
export interface Runbook {
  meaning: string;
  symptoms: string[];
  /** PromQL to paste into Grafana Explore or the Prometheus UI. */
  queries: string[];
  causes: string[];
  resolution: string[];
  escalation: string;
}

/** One input series of a promtool test: `values` in promtool's expanding notation, one sample per minute. */
export interface TestSeries {
  series: string;
  values: string;
}

/** A promtool test case: the alerts (by severity and extra labels) expected at `at`; none means silent. */
export interface AlertTestCase {
  name: string;
  series: TestSeries[];
  at: string;
  expect: { severity: Severity; labels: Record<string, string>; value: string }[];
}

/** One threshold of an alert: warning and critical share the name, the runbook and the expression shape. */
export interface Threshold {
  severity: Severity;
  /** The comparison appended to the expression, e.g. `> 0.05`. */
  condition: string;
  for: string;
}

/** An alert family: one Prometheus alerting rule per threshold. */
export interface AlertRule {
  alert: string;
  /** The rule group (one per concern) in alerting/rules/sightline.rules.yaml. */
  group: string;
  /** PromQL without the threshold; must keep a `job` label (copied to `service`). */
  expr: string;
  thresholds: Threshold[];
  /** Extra static labels. */
  labels?: Record<string, string>;
  summary: string;
  /** Quotes the value: `{{ $value | humanizePercentage }}` and friends. */
  description: string;
  dashboard: DashboardUid;
  runbook: Runbook;
  tests: AlertTestCase[];
  /** Metric families the expression reads; the e2e test expects data for those the example produces. */
  metrics: string[];
}
