export { AttributeSets, type AttributeKeyPart } from './AttributeSets.js';
export { AlwaysRecordSampler } from './AlwaysRecordSampler.js';
export { BREAKER_STATE_VALUES } from './breaker/breaker-state.js';
export type { BreakerOutcome, BreakerState } from './breaker/breaker-state.js';
export type { BreakerCall } from './breaker/BreakerCall.js';
export { BreakerRegistry } from './breaker/BreakerRegistry.js';
export type { LiveBreaker } from './breaker/BreakerRegistry.js';
export type { BreakerTracker, BreakerTrackerOptions } from './breaker/BreakerTracker.js';
export { CircuitBreakerSpanProcessor } from './breaker/CircuitBreakerSpanProcessor.js';
export type { CircuitBreakerSpanProcessorOptions } from './breaker/CircuitBreakerSpanProcessor.js';
export { instrumentBreaker } from './breaker/instrument-breaker.js';
export type { InstrumentBreakerOptions } from './breaker/instrument-breaker.js';
export { trackBreaker } from './breaker/track-breaker.js';
export type { BusinessRule } from './business/BusinessRule.js';
export { BusinessRuleError } from './business/BusinessRuleError.js';
export { BusinessMetricsSpanProcessor } from './business/BusinessMetricsSpanProcessor.js';
export type { BusinessMetricsSpanProcessorOptions } from './business/BusinessMetricsSpanProcessor.js';
export { registerBusinessRules } from './business/business-rule-registry.js';
export { loadRulesFile } from './business/load-rules-file.js';
export { recordBusinessEvent } from './business/record-business-event.js';
export type { BusinessEventData } from './business/record-business-event.js';
export { validateRules } from './business/validate-rules.js';
export { createSightlineProcessors } from './create-sightline-processors.js';
export type { ProcessorSettings, SightlineProcessorsOptions } from './create-sightline-processors.js';
export type { JobOutcome } from './job/job-outcome.js';
export { JobSpanProcessor } from './job/JobSpanProcessor.js';
export type { JobSpanProcessorOptions } from './job/JobSpanProcessor.js';
export { JobTimeoutError } from './job/JobTimeoutError.js';
export { currentJobRun, trackJob } from './job/track-job.js';
export type { JobRun, TrackJobOptions } from './job/track-job.js';
export { ServiceGraphPropagator } from './service-graph/ServiceGraphPropagator.js';
export { ServiceGraphSpanProcessor } from './service-graph/ServiceGraphSpanProcessor.js';
export type { ServiceGraphSpanProcessorOptions } from './service-graph/ServiceGraphSpanProcessor.js';
export {
  ATTR_BUSINESS_VALUE, BAGGAGE_CLIENT_SERVICE, ATTR_CIRCUIT_BREAKER_FALLBACK_CAUSE, ATTR_CIRCUIT_BREAKER_FROM_STATE,
  ATTR_CIRCUIT_BREAKER_NAME, ATTR_CIRCUIT_BREAKER_OUTCOME, ATTR_CIRCUIT_BREAKER_STATE,
  ATTR_CIRCUIT_BREAKER_TO_STATE, ATTR_JOB_EXPECTED_INTERVAL, ATTR_JOB_NAME, ATTR_JOB_OUTCOME, ATTR_OTEL_METRIC_OVERFLOW,
  DURATION_BUCKETS_SECONDS, EVENT_CIRCUIT_BREAKER_STATE_CHANGE, METRIC_JOB_CONSECUTIVE_FAILURES, METRIC_JOB_EXPECTED_INTERVAL,
  METRIC_JOB_LAST_SUCCESS, METRIC_JOB_RUN_DURATION, METRIC_JOB_RUNS,
  METRIC_CIRCUIT_BREAKER_CALL_DURATION, METRIC_CIRCUIT_BREAKER_CALLS, METRIC_CIRCUIT_BREAKER_STATE,
  METRIC_CIRCUIT_BREAKER_TRANSITIONS, METRIC_SERVICE_GRAPH_REQUEST, METRIC_SERVICE_GRAPH_REQUEST_CLIENT,
  METRIC_SERVICE_GRAPH_REQUEST_FAILED, METRIC_SERVICE_GRAPH_REQUEST_SERVER,
} from './semconv.js';
