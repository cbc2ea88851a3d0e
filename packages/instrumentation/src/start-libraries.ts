import { createRequire } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SightlinePinoOptions } from '@sightline/pino';
import type { SightlineConfig } from './config/SightlineConfig.js';
import { registerEsmHook } from './esm-hook.js';
import { createLibraryInstrumentation, libraryTriggers, planLibraryInstrumentations } from './instrumentations.js';
import { onFirstGlobalRead } from './on-first-global-read.js';
import { onFirstLoad } from './on-first-load.js';
import type { SightlineSdk } from './sdk/SightlineSdk.js';

const require = createRequire(import.meta.url);

export interface StartedLibraries {
  /** Created at or shortly after start. */
  afterStart: string[];
  /** Created when the app first loads their package (or reads their global). */
  onFirstUse: string[];
  esmHook: 'sync' | 'async' | 'none';
}

/**
 * With a logs pipeline, pino lines become log records on the next turn of the event loop (the SDK's
 * flush emits waiting ones first); without one, they are still correlated but never parsed.
 */
function pinoOptions(config: SightlineConfig, sdk: SightlineSdk): SightlinePinoOptions {
  return sdk.exportsLogs ? { ...config.pino, deferExport: true } : { ...config.pino, logExport: 'never' };
}

/** runtime-node waits this long: its ~10 ms of loading stays out of the time to the first response. */
const AFTER_START_MS = 1000;

/**
 * Library instrumentations cost start-up time (each loads its package and OpenTelemetry's
 * instrumentation base), so one is created only when the app loads its package (undici: on the first
 * read of global `fetch`), and runtime-node a second after start; the hello world loads none of them.
 * Without `module.registerHooks` (which also sees ESM imports) they are all created at start.
 */
export function startLibraries(config: SightlineConfig, sdk: SightlineSdk, warn: (msg: string) => void): StartedLibraries {
  const plan = planLibraryInstrumentations(config.enabledInstrumentations, config.disabledInstrumentations, sdk.exportsMetrics);
  const created = new Set<string>();
  const create = (name: string): void => {
    if (created.has(name)) return;
    created.add(name);
    try {
      const instrumentation = createLibraryInstrumentation(name, warn, { pino: pinoOptions(config, sdk) });
      if (instrumentation) register(sdk, instrumentation);
    } catch (err) {
      warn(`could not start the ${name} instrumentation (${(err as Error).message}); continuing without it`);
    }
  };
  const byPackage = new Map(plan.onFirstUse.flatMap((name) => libraryTriggers(name).packages.map((p) => [p, name] as const)));
  if (byPackage.size > 0 && !onFirstLoad([...byPackage.keys()], (p) => create(byPackage.get(p)!))) {
    const all = [...plan.onFirstUse, ...plan.afterStart];
    all.forEach(create);
    return { afterStart: all, onFirstUse: [], esmHook: registerEsmHook(plan.hookModules, config.esmHook) };
  }
  for (const name of plan.onFirstUse) {
    const global = libraryTriggers(name).global;
    if (global) onFirstGlobalRead(global, () => create(name));
  }
  if (plan.afterStart.length > 0) setTimeout(() => plan.afterStart.forEach(create), AFTER_START_MS).unref();
  const esmHook = registerEsmHook(plan.hookModules, config.esmHook);
  return { afterStart: plan.afterStart, onFirstUse: plan.onFirstUse, esmHook };
}

function register(sdk: SightlineSdk, instrumentation: Instrumentation): void {
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  registerInstrumentations({
    instrumentations: [instrumentation],
    tracerProvider: sdk.tracerProvider,
    meterProvider: sdk.meterProvider,
    loggerProvider: sdk.lazyLoggerProvider,
  });
}
