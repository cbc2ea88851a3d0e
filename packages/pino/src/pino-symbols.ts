/** The private pino symbols Sightline needs, found on a logger by description (pino 9 and 10). */
export interface PinoSymbols {
  write: symbol;
  mixin: symbol;
  chindings: symbol;
  stream: symbol;
  messageKey: symbol;
  errorKey: symbol;
}

/** Set on stream wrappers/transports: truthy means "do not emit these lines to OTLP again". */
export const SHIPS_OTLP = Symbol.for('sightline.pino.shipsOtlp');
/** pino's public symbol asking pino to set `lastLevel`/`lastLogger` on a stream before `write`. */
export const NEEDS_METADATA = Symbol.for('pino.metadata');

const cache = new WeakMap<object, PinoSymbols>();
const NAMES: Record<keyof PinoSymbols, string> = {
  write: 'pino.write',
  mixin: 'pino.mixin',
  chindings: 'pino.chindings',
  stream: 'pino.stream',
  messageKey: 'pino.messageKey',
  errorKey: 'pino.errorKey',
};

/** Symbols of a pino module (`pino.symbols`) or found on a logger; undefined if it is no pino logger. */
export function pinoSymbolsOf(loggerOrModuleSymbols: object): PinoSymbols | undefined {
  const hit = cache.get(loggerOrModuleSymbols);
  if (hit !== undefined) return hit;
  const found: Partial<Record<keyof PinoSymbols, symbol>> = {};
  const byDescription = new Map<string, symbol>();
  if (typeof (loggerOrModuleSymbols as { writeSym?: unknown }).writeSym === 'symbol') {
    // `pino.symbols`: a table of symbols by name
    for (const v of Object.values(loggerOrModuleSymbols)) if (typeof v === 'symbol' && v.description !== undefined) byDescription.set(v.description, v);
  } else {
    // a logger: its own and inherited symbol keys (never touching getters)
    for (let o: object | null = loggerOrModuleSymbols; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      for (const s of Object.getOwnPropertySymbols(o)) if (s.description !== undefined && !byDescription.has(s.description)) byDescription.set(s.description, s);
    }
  }
  for (const key of Object.keys(NAMES) as Array<keyof PinoSymbols>) found[key] = byDescription.get(NAMES[key]);
  if (Object.values(found).some((s) => s === undefined) || Object.keys(found).length !== Object.keys(NAMES).length) return undefined;
  const symbols = found as PinoSymbols;
  cache.set(loggerOrModuleSymbols, symbols);
  return symbols;
}
