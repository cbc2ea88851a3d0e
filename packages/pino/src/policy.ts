// `@sightline/pino/policy`: the redaction and request-id policy and its attribute keys, without the
// pino instrumentation (which loads OpenTelemetry's instrumentation base): what the preload needs to
// read its configuration before any logger exists.
export {
  RedactionPolicy, DEFAULT_CENSOR, DEFAULT_CONTAINERS, DEFAULT_REQUEST_ID_HEADERS, DEFAULT_SENSITIVE_KEYS, VALID_REQUEST_ID,
} from './RedactionPolicy.js';
export type { PinoCensor, RedactionPolicyOptions } from './RedactionPolicy.js';
export {
  ATTR_REQUEST_ID, BAGGAGE_REQUEST_ID, LOG_KEY_REQUEST_ID, LOG_KEY_SPAN_ID, LOG_KEY_TRACE_FLAGS, LOG_KEY_TRACE_ID,
} from './semconv.js';
