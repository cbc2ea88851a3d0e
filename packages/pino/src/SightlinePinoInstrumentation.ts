import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import { PinoCorrelator } from './PinoCorrelator.js';
import { pinoSymbolsOf } from './pino-symbols.js';
import { resolveOptions } from './resolve-options.js';
import type { SightlinePinoOptions } from './types.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

export interface SightlinePinoInstrumentationConfig extends InstrumentationConfig, SightlinePinoOptions {}

type PinoFactory = ((...args: unknown[]) => Record<symbol, unknown>) & Record<string, unknown>;
type PinoModule = PinoFactory | { [Symbol.toStringTag]?: string; default?: PinoFactory; pino?: PinoFactory; transport?: unknown };

/**
 * Correlates pino 9 and 10 loggers with the active trace and request id, exports their lines
 * through the global LoggerProvider exactly once, applies the redaction policy to new loggers and
 * drops health-check and sampled-out debug/info lines. Replaces `@opentelemetry/instrumentation-pino`.
 */
export class SightlinePinoInstrumentation extends InstrumentationBase<SightlinePinoInstrumentationConfig> {
  private _correlator: PinoCorrelator | undefined;

  constructor(config: SightlinePinoInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        'pino',
        ['>=9 <11'],
        (moduleExports: PinoModule) => this._patch(moduleExports),
        (moduleExports: PinoModule) => this._unpatch(moduleExports),
      ),
    ];
  }

  override enable(): void {
    super.enable();
    if (this._correlator !== undefined) this._correlator.enabled = true;
  }

  override disable(): void {
    super.disable();
    if (this._correlator !== undefined) this._correlator.enabled = false;
  }

  private _getCorrelator(): PinoCorrelator {
    // created on first patch: env is read lazily, and InstrumentationBase calls enable() from its constructor
    this._correlator ??= new PinoCorrelator(resolveOptions(this.getConfig()));
    return this._correlator;
  }

  private _patch(moduleExports: PinoModule): PinoModule {
    const isESM = (moduleExports as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'Module';
    const pino = (isESM ? (moduleExports as { default?: PinoFactory }).default : moduleExports) as PinoFactory | undefined;
    if (typeof pino !== 'function' || 'original' in pino) return moduleExports;
    const symbols = pinoSymbolsOf(pino['symbols'] as object);
    if (symbols === undefined) {
      this._diag.warn('pino.symbols not found, pino lines will not be correlated');
      return moduleExports;
    }
    const correlator = this._getCorrelator();
    correlator.enabled = true;
    const proto = sharedPrototype(pino, symbols.write);
    if (proto !== undefined) correlator.patchWrite(proto, symbols);
    const patched = correlator.wrapFactory(pino);
    return isESM ? setNamespaceFactory(moduleExports, patched) : patched;
  }

  private _unpatch(moduleExports: PinoModule): PinoModule {
    const isESM = (moduleExports as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'Module';
    const patched = (isESM ? (moduleExports as { default?: PinoFactory }).default : moduleExports) as PinoFactory | undefined;
    const original = (patched as { original?: PinoFactory } | undefined)?.original ?? patched;
    if (typeof original !== 'function') return moduleExports;
    const symbols = pinoSymbolsOf(original['symbols'] as object);
    const proto = symbols === undefined ? undefined : sharedPrototype(original, symbols.write);
    if (symbols !== undefined && proto !== undefined) this._correlator?.unpatchWrite(proto, symbols);
    return isESM ? setNamespaceFactory(moduleExports, original) : original;
  }
}

/** Points an ESM namespace of pino (default, named `pino`, `transport`) at the given factory. */
function setNamespaceFactory(moduleExports: PinoModule, factory: PinoFactory): PinoModule {
  const ns = moduleExports as Record<string, unknown>;
  ns['default'] = factory;
  if (typeof ns['pino'] === 'function') ns['pino'] = factory;
  if (typeof ns['transport'] === 'function') ns['transport'] = factory['transport'];
  return moduleExports;
}

/** The prototype all loggers of this pino copy share: found through a disabled probe logger. */
function sharedPrototype(pino: PinoFactory, writeSym: symbol): Record<symbol, unknown> | undefined {
  const probe = pino({ enabled: false }, { write() {} });
  for (let o: object | null = probe; o !== null; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, writeSym)) return o as Record<symbol, unknown>;
  }
  return undefined;
}
