import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { BREAKER_STATE_VALUES, type BreakerState } from '@sightline/processors';
import { stateTimeline, statPanel, timeSeries } from './panels.ts';
import { sightlineDashboard } from './sightline-dashboard.ts';

const SEL = 'job=~"$service"';

const COLORS: Record<BreakerState, string> = { closed: 'green', half_open: 'yellow', open: 'red', isolated: 'purple', shutdown: 'text' };
/** The circuit_breaker_state gauge's values, named and coloured (-1: a state the processor does not know). */
const STATES = Object.fromEntries([
  ...Object.entries(BREAKER_STATE_VALUES).map(([state, value]) => [value, { text: state, color: COLORS[state as BreakerState] }]),
  [-1, { text: 'other', color: 'orange' }],
]) as Record<number, { text: string; color: string }>;
const OPEN = BREAKER_STATE_VALUES.open;

export function circuitBreakers(): dashboard.DashboardBuilder {
  return sightlineDashboard({
    uid: 'circuit-breakers', title: 'Sightline / Circuit breakers', serviceMetric: 'circuit_breaker_state',
    description: 'State, transitions and outcomes of every circuit breaker, from @sightline/processors',
  })
    .withPanel(stateTimeline({
      title: 'State per breaker', description: 'closed / half_open / open / isolated / shutdown over time',
      queries: [{ expr: `max by (job, circuit_breaker_name) (circuit_breaker_state{${SEL}})`, legend: '{{job}} {{circuit_breaker_name}}' }],
    }, STATES))
    .withPanel(statPanel({
      title: 'Time in current state', width: 12, unit: 's',
      description: 'Seconds since the state last changed (seen within the last 6 hours; resolution 10 s)',
      queries: [{
        expr: `time() - max by (job, circuit_breaker_name) (max_over_time(timestamp(circuit_breaker_state{${SEL}} != circuit_breaker_state{${SEL}} offset 10s)[6h:5s]))`,
        legend: '{{job}} {{circuit_breaker_name}}',
      }],
    }))
    .withPanel(statPanel({
      title: 'Breakers open now', width: 12, unit: 'short', description: `Breakers whose state is open (${OPEN})`,
      queries: [{ expr: `count(circuit_breaker_state{${SEL}} == ${OPEN}) or vector(0)`, legend: 'open' }],
    }))
    .withPanel(timeSeries({
      title: 'Transitions', description: 'State changes per breaker, from and to', unit: 'short',
      queries: [{
        expr: `sum by (job, circuit_breaker_name, circuit_breaker_from_state, circuit_breaker_to_state) (increase(circuit_breaker_transitions_total{${SEL}}[$__rate_interval]))`,
        legend: '{{circuit_breaker_name}} {{circuit_breaker_from_state}} → {{circuit_breaker_to_state}}',
      }],
    }))
    .withPanel(timeSeries({
      title: 'Calls by outcome', description: 'Calls per second through each breaker: success, failure, timeout, rejected, fallback', unit: 'reqps',
      queries: [{
        expr: `sum by (job, circuit_breaker_name, circuit_breaker_outcome) (rate(circuit_breaker_calls_total{${SEL}}[$__rate_interval]))`,
        legend: '{{circuit_breaker_name}} {{circuit_breaker_outcome}}',
      }],
    }))
    .withPanel(timeSeries({
      title: 'Rejections and fallbacks', description: 'Calls the open breaker rejected, and calls answered by a fallback, per second', unit: 'reqps',
      queries: [{
        expr: `sum by (job, circuit_breaker_name, circuit_breaker_outcome) (rate(circuit_breaker_calls_total{${SEL}, circuit_breaker_outcome=~"rejected|fallback"}[$__rate_interval]))`,
        legend: '{{circuit_breaker_name}} {{circuit_breaker_outcome}}',
      }],
    }))
    .withPanel(timeSeries({
      title: 'Call duration p95', description: 'Duration of calls through each breaker, 95th percentile, by outcome', unit: 's',
      queries: [{
        expr: `histogram_quantile(0.95, sum by (le, job, circuit_breaker_name, circuit_breaker_outcome) (rate(circuit_breaker_call_duration_seconds_bucket{${SEL}}[$__rate_interval])))`,
        legend: '{{circuit_breaker_name}} {{circuit_breaker_outcome}}',
      }],
    }));
}
