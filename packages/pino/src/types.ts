import type { RedactionPolicy } from './RedactionPolicy.js';

/** pino's `mixin` option: `(mergeObject, level, logger) => object`. */
export type PinoMixin = (mergeObject: object, level: number, logger: unknown) => object;

/** Whether log lines are emitted through the global OpenTelemetry LoggerProvider. */
export type LogExportMode = 'auto' | 'always' | 'never';

export interface SightlinePinoOptions {
  /**
   * `auto` (default, env `SIGHTLINE_PINO_EXPORT`): emit every line through the global
   * `@opentelemetry/api-logs` LoggerProvider unless the logger already ships to OTLP through a pino
   * transport (`pino-opentelemetry-transport` or a target matching `otlpTransportPatterns`).
   */
  logExport?: LogExportMode;
  /**
   * Emit each line's log record on the next turn of the event loop, together with the other lines
   * written in that turn, instead of inside the logging call (same context, level and times). Off by
   * default; the Sightline preload turns it on. Whoever flushes or shuts down the LoggerProvider
   * calls `emitPendingLogLines()` first, as the preload does.
   */
  deferExport?: boolean;
  /** Redaction policy merged into pino's `redact` option of loggers created after patching; `false` disables. */
  redaction?: RedactionPolicy | false;
  /** Drop debug/info lines written in a tracing-suppressed context (health checks). Default true. */
  suppressIgnoredRequests?: boolean;
  /** Keep ratio (0..1) of debug/info lines per request path, e.g. `{ '/metrics': 0.01, '/poll/*': 0.1 }`. */
  sampleRoutes?: Record<string, number> | Map<string, number>;
  /** Extra substrings identifying pino transport targets that ship to OTLP (replace `SIGHTLINE_PINO_OTLP_TRANSPORTS` when given). */
  otlpTransportPatterns?: string[];
}

export interface ResolvedSightlinePinoOptions {
  logExport: LogExportMode;
  deferExport: boolean;
  redaction: RedactionPolicy | undefined;
  suppressIgnoredRequests: boolean;
  sampleRoutes: Map<string, number>;
  otlpTransportPatterns: string[];
}
