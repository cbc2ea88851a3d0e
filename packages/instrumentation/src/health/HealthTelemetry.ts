import { SeverityNumber, logs, metrics } from '@opentelemetry/api';
import { writeLine } from '../sdk/stderr.js';
import type { CheckOutcome, CheckRunner, CheckStatus } from './CheckRunner.js';

export const METRIC_HEALTH_CHECK_STATUS = 'sightline.health.check.status';
export const METRIC_HEALTH_CHECK_DURATION = 'sightline.health.check.duration';
export const ATTR_HEALTH_CHECK_NAME = 'health.check.name';
export const ATTR_HEALTH_CHECK_OUTCOME = 'health.check.outcome';
export const ATTR_HEALTH_CHECK_CRITICAL = 'health.check.critical';
export const ATTR_HEALTH_CHECK_STATUS = 'health.check.status';
const SCOPE = '@sightline/instrumentation';

/**
 * The checks' telemetry: a status gauge per check (1 up, 0 down; a check that has not run yet is
 * not reported), a duration histogram per run, and one log record plus one stderr line per change
 * of state, never per run.
 */
export class HealthTelemetry {
  private readonly duration = metrics.getMeter(SCOPE).createHistogram(METRIC_HEALTH_CHECK_DURATION, {
    description: 'Duration of health check runs', unit: 's',
    advice: { explicitBucketBoundaries: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
  });

  constructor(checks: () => Iterable<CheckRunner>) {
    metrics.getMeter(SCOPE).createObservableGauge(METRIC_HEALTH_CHECK_STATUS, {
      description: 'Health check status: 1 up, 0 down (after failuresBeforeDown consecutive failures)',
    }).addCallback((result) => {
      for (const runner of checks()) {
        const { status } = runner.snapshot();
        if (status === 'unknown') continue;
        result.observe(status === 'down' ? 0 : 1, { [ATTR_HEALTH_CHECK_NAME]: runner.name, [ATTR_HEALTH_CHECK_CRITICAL]: runner.critical });
      }
    });
  }

  run(name: string, outcome: CheckOutcome, seconds: number): void {
    this.duration.record(seconds, { [ATTR_HEALTH_CHECK_NAME]: name, [ATTR_HEALTH_CHECK_OUTCOME]: outcome });
  }

  stateChange(runner: CheckRunner, from: CheckStatus, to: CheckStatus): void {
    const s = runner.snapshot();
    const detail = to === 'up' ? '' : ` (${s.consecutiveFailures}/${runner.failuresBeforeDown} failures: ${s.message ?? 'no message'})`;
    const line = `health check ${runner.name}${runner.critical ? ' (critical)' : ''}: ${from} -> ${to}${detail}`;
    writeLine(line);
    logs.getLogger(SCOPE).emit({
      severityNumber: to === 'down' ? SeverityNumber.ERROR : to === 'failing' ? SeverityNumber.WARN : SeverityNumber.INFO,
      severityText: to === 'down' ? 'ERROR' : to === 'failing' ? 'WARN' : 'INFO',
      body: line,
      attributes: {
        [ATTR_HEALTH_CHECK_NAME]: runner.name, [ATTR_HEALTH_CHECK_STATUS]: to, 'health.check.previous_status': from,
        [ATTR_HEALTH_CHECK_CRITICAL]: runner.critical, 'health.check.consecutive_failures': s.consecutiveFailures,
        ...(s.message === undefined ? {} : { 'health.check.message': s.message }),
      },
    });
  }
}
