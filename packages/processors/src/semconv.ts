/**
 * Sightline's attribute, event and metric names for circuit breakers and business metrics.
 * They are a convention of this toolkit (OpenTelemetry has none for circuit breakers yet).
 */

/** Span attribute: the breaker's name, e.g. `payments`. */
export const ATTR_CIRCUIT_BREAKER_NAME = 'circuit_breaker.name';
/** Span attribute: the breaker's state when the call started (`closed`, `open`, `half_open`, ...). */
export const ATTR_CIRCUIT_BREAKER_STATE = 'circuit_breaker.state';
/** Span attribute: how the call ended (`success`, `failure`, `timeout`, `rejected`, `fallback`, `shutdown`). */
export const ATTR_CIRCUIT_BREAKER_OUTCOME = 'circuit_breaker.outcome';
/** Span attribute: when the outcome is `fallback`, what made the breaker use it (`failure`, `timeout`, `rejected`). */
export const ATTR_CIRCUIT_BREAKER_FALLBACK_CAUSE = 'circuit_breaker.fallback.cause';
/** Span event recorded when a breaker changes state; carries the name and the two attributes below. */
export const EVENT_CIRCUIT_BREAKER_STATE_CHANGE = 'circuit_breaker.state_change';
/** Event and metric attribute: the state before a transition. */
export const ATTR_CIRCUIT_BREAKER_FROM_STATE = 'circuit_breaker.from_state';
/** Event and metric attribute: the state after a transition. */
export const ATTR_CIRCUIT_BREAKER_TO_STATE = 'circuit_breaker.to_state';

/** Gauge: current state of each breaker as a number (see BREAKER_STATE_VALUES). */
export const METRIC_CIRCUIT_BREAKER_STATE = 'circuit_breaker.state';
/** Counter: state transitions by name, from and to. */
export const METRIC_CIRCUIT_BREAKER_TRANSITIONS = 'circuit_breaker.transitions';
/** Counter: calls by name, state at start and outcome. */
export const METRIC_CIRCUIT_BREAKER_CALLS = 'circuit_breaker.calls';
/** Histogram: call duration in seconds by name and outcome. */
export const METRIC_CIRCUIT_BREAKER_CALL_DURATION = 'circuit_breaker.call.duration';

/** Event attribute written by recordBusinessEvent for the event's numeric value. */
export const ATTR_BUSINESS_VALUE = 'business.value';
/** Metric attribute that marks the single series collecting attribute sets over the cardinality limit. */
export const ATTR_OTEL_METRIC_OVERFLOW = 'otel.metric.overflow';

/** Instrumentation scope of every span and meter this package creates. */
export const SCOPE_NAME = '@sightline/processors';

/** Baggage entry naming the calling service on every outgoing request (see ServiceGraphPropagator). */
export const BAGGAGE_CLIENT_SERVICE = 'sightline.client.service';
/** Counter: requests per edge; `traces_service_graph_request_total` in Prometheus, as Tempo names it. */
export const METRIC_SERVICE_GRAPH_REQUEST = 'traces.service.graph.request';
/** Counter: failed requests per edge (`traces_service_graph_request_failed_total`). */
export const METRIC_SERVICE_GRAPH_REQUEST_FAILED = 'traces.service.graph.request.failed';
/** Histogram: duration measured by the server (`traces_service_graph_request_server_seconds`). */
export const METRIC_SERVICE_GRAPH_REQUEST_SERVER = 'traces.service.graph.request.server';
/** Histogram: duration measured by the client (`traces_service_graph_request_client_seconds`). */
export const METRIC_SERVICE_GRAPH_REQUEST_CLIENT = 'traces.service.graph.request.client';

/**
 * Duration histogram buckets in seconds, as OpenTelemetry's HTTP semantic conventions advise, plus 0.8 and 2 (the
 * latency SLO thresholds in collector/slo need a bucket edge there): used by
 * the breaker metrics here, Sightline's HTTP metrics and (as milliseconds) the collector's span metrics.
 */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 0.8, 1, 2, 2.5, 5, 7.5, 10];

/** Span attribute: the job's name, e.g. `billing.nightly`. Every run of a job tracked with trackJob has it. */
export const ATTR_JOB_NAME = 'job.name';
/** Span and metric attribute: how a run ended (`success`, `failure`, `timeout`, `skipped_overlap`). */
export const ATTR_JOB_OUTCOME = 'job.outcome';
/** Span attribute: the interval the job is expected to run at, in seconds, when a schedule is declared. */
export const ATTR_JOB_EXPECTED_INTERVAL = 'job.expected_interval';

/** Counter: job runs by name and outcome. */
export const METRIC_JOB_RUNS = 'job.runs';
/** Histogram: run duration in seconds by name and outcome. */
export const METRIC_JOB_RUN_DURATION = 'job.run.duration';
/** Gauge: failed or timed-out runs in a row since the last success, by name. */
export const METRIC_JOB_CONSECUTIVE_FAILURES = 'job.consecutive_failures';
/** Gauge: end of the last successful run, unix seconds, by name. */
export const METRIC_JOB_LAST_SUCCESS = 'job.last_success.time';
/** Gauge: the declared interval in seconds, by name (only for jobs that declare one). */
export const METRIC_JOB_EXPECTED_INTERVAL = 'job.expected_interval';
