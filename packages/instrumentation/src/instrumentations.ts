import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SightlinePinoOptions } from '@sightline/pino';

const require = createRequire(import.meta.url);

interface LibrarySpec {
  /** The target module; undefined for Node built-ins that are always there. */
  module?: string;
  /** Whether the ESM loader hook must intercept the module (false for diagnostics_channel users). */
  patchesModule: boolean;
  create: (o: LibraryOptions) => Instrumentation;
}

/** Settings the preload resolved for instrumentations that take some. */
export interface LibraryOptions {
  pino?: SightlinePinoOptions;
}

/**
 * The library instrumentations Sightline loads, by the name used in OTEL_NODE_ENABLED_INSTRUMENTATIONS.
 * `http` is Sightline's own (diagnostics_channel based) and is handled by the caller.
 */
const LIBRARIES: Record<string, LibrarySpec> = {
  undici: {
    patchesModule: false,
    create: () => new (require('@opentelemetry/instrumentation-undici').UndiciInstrumentation)(),
  },
  express: {
    module: 'express',
    patchesModule: true,
    create: () => new (require('@opentelemetry/instrumentation-express').ExpressInstrumentation)(),
  },
  fastify: {
    module: 'fastify',
    patchesModule: false,
    create: () => new (require('@fastify/otel').FastifyOtelInstrumentation)({ registerOnInitialization: true }),
  },
  pg: {
    module: 'pg',
    patchesModule: true,
    create: () => new (require('@opentelemetry/instrumentation-pg').PgInstrumentation)({ requireParentSpan: true }),
  },
  ioredis: {
    module: 'ioredis',
    patchesModule: true,
    create: () => new (require('@opentelemetry/instrumentation-ioredis').IORedisInstrumentation)({ requireParentSpan: true }),
  },
  pino: {
    module: 'pino',
    patchesModule: true,
    create: (o) => new (require('@sightline/pino').SightlinePinoInstrumentation)(o.pino),
  },
  'runtime-node': {
    patchesModule: false,
    create: () => new (require('@opentelemetry/instrumentation-runtime-node').RuntimeNodeInstrumentation)(),
  },
};

export const INSTRUMENTATION_NAMES = ['http', ...Object.keys(LIBRARIES)];

/** Whether `name` resolves from the app's directory or the working directory. */
export function isResolvableFromApp(name: string): boolean {
  const bases = [process.cwd()];
  if (process.argv[1]) bases.unshift(dirname(process.argv[1]));
  for (const base of bases) {
    const req = createRequire(join(base, '__sightline__.js'));
    for (const spec of [name, `${name}/package.json`]) {
      try {
        req.resolve(spec);
        return true;
      } catch {
        // try the next form
      }
    }
  }
  return false;
}

export function isInstrumentationEnabled(name: string, enabled: string[] | undefined, disabled: string[]): boolean {
  if (disabled.includes(name)) return false;
  return enabled === undefined || enabled.includes(name);
}

export interface LoadedInstrumentations {
  instrumentations: Instrumentation[];
  names: string[];
  /** Module specifiers the ESM loader hook has to intercept. */
  hookModules: string[];
}

/** Creates the enabled instrumentations whose target is present; a failing one is skipped with a warning. */
export function loadLibraryInstrumentations(
  enabled: string[] | undefined,
  disabled: string[],
  warn: (msg: string) => void,
  options: LibraryOptions = {},
): LoadedInstrumentations {
  const out: LoadedInstrumentations = { instrumentations: [], names: [], hookModules: [] };
  for (const [name, spec] of Object.entries(LIBRARIES)) {
    if (!isInstrumentationEnabled(name, enabled, disabled)) continue;
    if (spec.module !== undefined && !isResolvableFromApp(spec.module)) continue;
    try {
      out.instrumentations.push(spec.create(options));
      out.names.push(name);
      if (spec.patchesModule && spec.module !== undefined) out.hookModules.push(spec.module);
    } catch (err) {
      warn(`could not load the ${name} instrumentation (${(err as Error).message}); continuing without it`);
    }
  }
  return out;
}
