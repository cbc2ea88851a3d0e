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
