import { readBooleanEnv, readEnumEnv, readListEnv, readRatioMapEnv } from './env.js';
import { RedactionPolicy } from './RedactionPolicy.js';
import type { LogExportMode, ResolvedSightlinePinoOptions, SightlinePinoOptions } from './types.js';

const EXPORT_MODES: readonly LogExportMode[] = ['auto', 'always', 'never'];
const DEFAULT_OTLP_TRANSPORT_PATTERNS = ['opentelemetry', 'otlp'];

/** The default policy, extended by `SIGHTLINE_PINO_REDACT_KEYS` / `SIGHTLINE_PINO_REDACT_PATHS`. */
export function createRedactionPolicyFromEnv(): RedactionPolicy {
  return new RedactionPolicy({
    keys: readListEnv('SIGHTLINE_PINO_REDACT_KEYS'),
    paths: readListEnv('SIGHTLINE_PINO_REDACT_PATHS'),
  });
}

/** Options given in code (or by the preload, which reads the environment itself) win; anything not given is read from the environment (lazily, here). */
export function resolveOptions(options: SightlinePinoOptions = {}): ResolvedSightlinePinoOptions {
  const envExport = readEnumEnv('SIGHTLINE_PINO_EXPORT', [...EXPORT_MODES, 'true', 'false'], 'auto');
  const logExport: LogExportMode =
    options.logExport ?? (envExport === 'true' ? 'always' : envExport === 'false' ? 'never' : (envExport as LogExportMode));
  let redaction: RedactionPolicy | undefined;
  if (options.redaction !== undefined) redaction = options.redaction === false ? undefined : options.redaction;
  else if (readBooleanEnv('SIGHTLINE_PINO_REDACT', true)) redaction = createRedactionPolicyFromEnv();
  const sampleRoutes =
    options.sampleRoutes === undefined
      ? readRatioMapEnv('SIGHTLINE_PINO_SAMPLE_ROUTES')
      : new Map(options.sampleRoutes instanceof Map ? options.sampleRoutes : Object.entries(options.sampleRoutes));
  return {
    logExport,
    deferExport: options.deferExport ?? false,
    redaction,
    suppressIgnoredRequests: options.suppressIgnoredRequests ?? readBooleanEnv('SIGHTLINE_PINO_SUPPRESS_IGNORED', true),
    sampleRoutes,
    otlpTransportPatterns: [
      ...DEFAULT_OTLP_TRANSPORT_PATTERNS,
      ...(options.otlpTransportPatterns ?? readListEnv('SIGHTLINE_PINO_OTLP_TRANSPORTS')),
    ].map((p) => p.toLowerCase()),
  };
}
