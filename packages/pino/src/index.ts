export { SightlinePinoInstrumentation } from './SightlinePinoInstrumentation.js';
export type { SightlinePinoInstrumentationConfig } from './SightlinePinoInstrumentation.js';
export { correlateLogger, sightlinePinoOptions } from './correlate-logger.js';
export { createCorrelationMixin } from './create-correlation-mixin.js';
// The policy and its keys, also published alone as `@sightline/pino/policy`.
export * from './policy.js';
export { createRedactionPolicyFromEnv } from './resolve-options.js';
// Also published alone as `@sightline/pino/pending`.
export { emitPendingLogLines } from './pending.js';
export type { LogExportMode, PinoMixin, SightlinePinoOptions } from './types.js';
