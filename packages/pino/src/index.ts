export { SightlinePinoInstrumentation } from './SightlinePinoInstrumentation.js';
export type { SightlinePinoInstrumentationConfig } from './SightlinePinoInstrumentation.js';
export { correlateLogger, sightlinePinoOptions } from './correlate-logger.js';
export { createCorrelationMixin } from './create-correlation-mixin.js';
export {
  RedactionPolicy, DEFAULT_CENSOR, DEFAULT_CONTAINERS, DEFAULT_REQUEST_ID_HEADERS, DEFAULT_SENSITIVE_KEYS, VALID_REQUEST_ID,
} from './RedactionPolicy.js';
export type { PinoCensor, RedactionPolicyOptions } from './RedactionPolicy.js';
export { createRedactionPolicyFromEnv } from './resolve-options.js';
export {
  ATTR_REQUEST_ID, BAGGAGE_REQUEST_ID, LOG_KEY_REQUEST_ID, LOG_KEY_SPAN_ID, LOG_KEY_TRACE_FLAGS, LOG_KEY_TRACE_ID,
} from './semconv.js';
export type { LogExportMode, PinoMixin, SightlinePinoOptions } from './types.js';
