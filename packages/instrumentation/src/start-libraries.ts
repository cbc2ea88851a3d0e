import { createRequire } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SightlineConfig } from './config/SightlineConfig.js';
import { registerEsmHook } from './esm-hook.js';
import { createLibraryInstrumentation, libraryTriggers, planLibraryInstrumentations } from './instrumentations.js';
import { onFirstLoad } from './on-first-load.js';
import type { SightlineSdk } from './sdk/SightlineSdk.js';

const require = createRequire(import.meta.url);

export interface StartedLibraries {
  /** Created now. */
  active: string[];
  /** Created when the app first requires/imports their package. */
  onImport: string[];
  esmHook: 'sync' | 'async' | 'none';
}

/**
 * Library instrumentations cost start-up time (each loads its package and OpenTelemetry's
 * instrumentation base), so the ones for a package are created only when the app loads that
 * package; the hello world loads none of them. Without `module.registerHooks` (which also sees ESM
 * imports) every installed one is created at start, as before.
 */
export function startLibraries(config: SightlineConfig, sdk: SightlineSdk, warn: (msg: string) => void): StartedLibraries {
  const plan = planLibraryInstrumentations(config.enabledInstrumentations, config.disabledInstrumentations);
  const create = (name: string): boolean => {
    const instrumentation = createLibraryInstrumentation(name, warn, { pino: config.pino });
    if (instrumentation) register(sdk, instrumentation);
    return instrumentation !== undefined;
  };
  const active = plan.now.filter(create);
  let onImport: string[] = [];
  if (plan.onImport.length > 0) {
    const byTrigger = new Map(plan.onImport.flatMap((name) => libraryTriggers(name).map((t) => [t, name] as const)));
    const created = new Set<string>();
    const watching = onFirstLoad([...byTrigger.keys()], (trigger) => {
      const name = byTrigger.get(trigger)!;
      if (created.has(name)) return;
      created.add(name);
      create(name);
    });
    if (watching) onImport = plan.onImport;
    else active.push(...plan.onImport.filter(create));
  }
  const esmHook = registerEsmHook(plan.hookModules, config.esmHook);
  return { active, onImport, esmHook };
}

function register(sdk: SightlineSdk, instrumentation: Instrumentation): void {
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  registerInstrumentations({
    instrumentations: [instrumentation],
    tracerProvider: sdk.tracerProvider,
    meterProvider: sdk.meterProvider,
    loggerProvider: sdk.loggerProvider,
  });
}
