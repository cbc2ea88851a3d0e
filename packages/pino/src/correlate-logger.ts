import { createCorrelationMixin } from './create-correlation-mixin.js';
import { PinoCorrelator } from './PinoCorrelator.js';
import { pinoSymbolsOf } from './pino-symbols.js';
import { resolveOptions } from './resolve-options.js';
import type { PinoMixin, SightlinePinoOptions } from './types.js';

/**
 * Without the preload: makes an existing pino logger (and its children, also those created
 * earlier) correlate, export over OTLP and drop suppressed/sampled-out lines. Redaction cannot be
 * added to a built logger: create it with {@link sightlinePinoOptions} for that.
 * A logger already patched (by the preload or an earlier call) is returned unchanged.
 */
export function correlateLogger<T extends object>(logger: T, options?: SightlinePinoOptions): T {
  const symbols = pinoSymbolsOf(logger);
  if (symbols === undefined) throw new TypeError('@sightline/pino: correlateLogger expects a pino logger');
  new PinoCorrelator(resolveOptions(options)).patchWrite(logger as Record<symbol, unknown>, symbols);
  return logger;
}

/**
 * Without the preload: pino options with the correlation mixin (wrapping `pinoOptions.mixin`) and
 * the redaction policy merged into `pinoOptions.redact`: `pino(sightlinePinoOptions({ level: 'info' }))`.
 */
export function sightlinePinoOptions<T extends { mixin?: PinoMixin; redact?: unknown }>(
  pinoOptions: T = {} as T,
  options?: SightlinePinoOptions,
): T & { mixin: PinoMixin } {
  const resolved = resolveOptions(options);
  const redact = resolved.redaction?.toPinoRedact(pinoOptions.redact) ?? pinoOptions.redact;
  return { ...pinoOptions, mixin: createCorrelationMixin(pinoOptions.mixin), ...(redact === undefined ? {} : { redact }) };
}
