import { context } from '@opentelemetry/api';
import { createCorrelationMixin, SIGHTLINE_MIXIN } from './create-correlation-mixin.js';
import { CorrelationCache } from './CorrelationCache.js';
import { LogLineFilter } from './LogLineFilter.js';
import { OtlpLogStream, type DestinationStream } from './OtlpLogStream.js';
import { markShipsOtlp, streamShipsOtlp, transportShipsOtlp } from './otlp-transport-detection.js';
import { pinoSymbolsOf, type PinoSymbols } from './pino-symbols.js';
import { PINO_LEVEL_WARN } from './semconv.js';
import type { PinoMixin, ResolvedSightlinePinoOptions } from './types.js';

/** Set on a patched `write` so a logger or prototype is never patched twice. */
const SIGHTLINE_WRITE = Symbol.for('sightline.pino.write');
/** The correlator that prepared a logger (inherited by children). */
const INSTALLED = Symbol('sightline.pino.installed');
/** True on loggers with a user mixin: ids are added by a mixin wrapping theirs. */
const USES_MIXIN = Symbol('sightline.pino.usesMixin');

type Write = (this: PinoLogger, obj: unknown, msg: unknown, num: number) => unknown;
type PinoLogger = Record<symbol, unknown>;
type PinoFactory = ((...args: unknown[]) => PinoLogger) & Record<string, unknown>;

/**
 * Applies Sightline's per-line behaviour to pino loggers by wrapping pino's internal `write`, so
 * wrapping the shared prototype covers loggers created before the patch, children included.
 * Per line: look up the active context (ids cached per context), drop debug/info lines the
 * filter rejects, and add the ids. Without a user mixin the ids are appended to pino's
 * pre-serialised bindings string for the duration of the call (no object, no merge, no per-field
 * serialisation); with one, a mixin wrapping theirs is installed so theirs wins on conflicts.
 * On a logger's first line the OTLP export stream is installed.
 */
export class PinoCorrelator {
  enabled = true;
  private readonly _cache: CorrelationCache;

  constructor(readonly options: ResolvedSightlinePinoOptions) {
    this._cache = new CorrelationCache(new LogLineFilter(options.suppressIgnoredRequests, options.sampleRoutes));
  }

  /** Patches `target` (a logger or the pino prototype) in place; false if already patched. */
  patchWrite(target: PinoLogger, symbols: PinoSymbols): boolean {
    const original = target[symbols.write] as Write & { [SIGHTLINE_WRITE]?: true };
    if (typeof original !== 'function' || original[SIGHTLINE_WRITE] === true) return false;
    const correlator = this;
    const cache = this._cache;
    const chindingsSym = symbols.chindings;
    const sightlineWrite: Write = function (obj, msg, num) {
      if (!correlator.enabled) return original.call(this, obj, msg, num);
      const ctx = context.active();
      if (ctx !== cache.context) cache.refresh(ctx);
      if (num < PINO_LEVEL_WARN && cache.dropsLowLevels) return undefined;
      if (this[INSTALLED] !== correlator) correlator.install(this, symbols);
      if (cache.fragment === '' || this[USES_MIXIN] === true) return original.call(this, obj, msg, num);
      const chindings = this[chindingsSym] as string;
      this[chindingsSym] = chindings + cache.fragment;
      try {
        return original.call(this, obj, msg, num);
      } finally {
        this[chindingsSym] = chindings;
      }
    };
    Object.defineProperty(sightlineWrite, SIGHTLINE_WRITE, { value: true });
    Object.defineProperty(sightlineWrite, 'original', { value: original });
    target[symbols.write] = sightlineWrite;
    return true;
  }

  /** Restores a prototype or logger patched by {@link patchWrite}. */
  unpatchWrite(target: PinoLogger, symbols: PinoSymbols): void {
    const current = target[symbols.write] as { original?: Write } | undefined;
    if (Object.hasOwn(target, symbols.write) && current?.original !== undefined) target[symbols.write] = current.original;
  }

  /** Prepares one logger on its first line (children inherit): mixin path if the user has a mixin, OTLP stream. */
  install(logger: PinoLogger, symbols: PinoSymbols): void {
    logger[INSTALLED] = this;
    const current = logger[symbols.mixin] as (PinoMixin & { [SIGHTLINE_MIXIN]?: PinoMixin | null }) | undefined;
    const userMixin = current !== undefined && SIGHTLINE_MIXIN in current ? current[SIGHTLINE_MIXIN] : current;
    if (typeof userMixin === 'function') {
      logger[symbols.mixin] = createCorrelationMixin(userMixin, () => this.enabled);
      logger[USES_MIXIN] = true;
    } else {
      if (current !== undefined) logger[symbols.mixin] = undefined; // a bare Sightline mixin: the fast path replaces it
      logger[USES_MIXIN] = false;
    }
    const stream = logger[symbols.stream] as DestinationStream | undefined;
    if (stream === undefined || this.options.logExport === 'never') return;
    if (this.options.logExport === 'auto' && streamShipsOtlp(stream)) return;
    if (stream instanceof OtlpLogStream) return;
    logger[symbols.stream] = new OtlpLogStream(stream, String(logger[symbols.messageKey] ?? 'msg'), String(logger[symbols.errorKey] ?? 'err'), this.options.deferExport);
  }

  /**
   * Returns a pino factory that merges the redaction policy into the options, and marks loggers
   * whose `transport` ships to OTLP; `pino.transport()` streams are marked the same way.
   */
  wrapFactory(pino: PinoFactory): PinoFactory {
    const correlator = this;
    const patterns = this.options.otlpTransportPatterns;
    const patched = Object.assign(function sightlinePino(this: unknown, ...args: unknown[]): PinoLogger {
      const { args: finalArgs, shipsOtlp } = correlator.prepareArgs(args);
      const logger = pino.apply(this, finalArgs);
      if (shipsOtlp) {
        const symbols = pinoSymbolsOf(logger);
        if (symbols !== undefined) markShipsOtlp(logger[symbols.stream]);
      }
      return logger;
    }, pino) as PinoFactory;
    if (typeof pino['transport'] === 'function') {
      const transport = pino['transport'] as (options: unknown) => unknown;
      patched['transport'] = function sightlineTransport(options: unknown): unknown {
        const stream = transport(options);
        if (transportShipsOtlp(options, patterns)) markShipsOtlp(stream);
        return stream;
      };
    }
    patched['pino'] = patched;
    patched['default'] = patched;
    Object.defineProperty(patched, 'original', { value: pino });
    return patched;
  }

  /** Adds the redaction policy to pino's arguments; reports whether a `transport` option ships to OTLP. */
  prepareArgs(args: unknown[]): { args: unknown[]; shipsOtlp: boolean } {
    const first = args[0];
    if (typeof first === 'string') return { args, shipsOtlp: false };
    const isOptions = first === undefined || (first !== null && typeof first === 'object' && typeof (first as { write?: unknown }).write !== 'function');
    const opts = isOptions ? ((first ?? {}) as Record<string, unknown>) : {};
    const shipsOtlp = transportShipsOtlp(opts['transport'], this.options.otlpTransportPatterns);
    const policy = this.options.redaction;
    if (policy === undefined) return { args, shipsOtlp };
    const withRedaction = { ...opts, redact: policy.toPinoRedact(opts['redact']) };
    return { args: isOptions ? [withRedaction, ...args.slice(1)] : [withRedaction, ...args], shipsOtlp };
  }
}
