/** Keys Sightline adds to every pino line written while a span is active. */
export const LOG_KEY_TRACE_ID = 'trace_id';
export const LOG_KEY_SPAN_ID = 'span_id';
export const LOG_KEY_TRACE_FLAGS = 'trace_flags';
export const LOG_KEY_REQUEST_ID = 'request_id';

/** W3C baggage entry the preload's HTTP instrumentation uses to carry the request id. */
export const BAGGAGE_REQUEST_ID = 'request.id';

/** Span and log record attribute holding the request id. */
export const ATTR_REQUEST_ID = 'request.id';
/** Server span attribute (stable HTTP semconv) read for per-route sampling. */
export const ATTR_URL_PATH = 'url.path';
export const ATTR_EXCEPTION_TYPE = 'exception.type';
export const ATTR_EXCEPTION_MESSAGE = 'exception.message';
export const ATTR_EXCEPTION_STACKTRACE = 'exception.stacktrace';

/** pino level numbers. */
export const PINO_LEVEL_WARN = 40;
