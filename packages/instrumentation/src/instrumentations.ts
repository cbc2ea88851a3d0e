import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SightlinePinoOptions } from '@sightline/pino';

const require = createRequire(import.meta.url);

interface LibrarySpec {
  /** The target module; undefined for Node built-ins that are always there. */
  module?: string;
  /** Packages whose first require/import creates the instrumentation (default: `module`). */
  triggers?: string[];
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
    triggers: ['pg', 'pg-pool'],
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

export interface LibraryPlan {
  /** Created at start: their target is always there (undici for fetch, the runtime metrics). */
  now: string[];
  /** Installed in the app: created on the first require/import of one of their packages. */
  onImport: string[];
  /** Module specifiers the ESM loader hook has to intercept. */
  hookModules: string[];
}

/** Which enabled instrumentations are created at start and which wait for their module. */
export function planLibraryInstrumentations(enabled: string[] | undefined, disabled: string[]): LibraryPlan {
  const plan: LibraryPlan = { now: [], onImport: [], hookModules: [] };
  for (const [name, spec] of Object.entries(LIBRARIES)) {
    if (!isInstrumentationEnabled(name, enabled, disabled)) continue;
    if (spec.module === undefined) {
      plan.now.push(name);
      continue;
    }
    if (!isResolvableFromApp(spec.module)) continue;
    plan.onImport.push(name);
    if (spec.patchesModule) plan.hookModules.push(spec.module);
  }
  return plan;
}

/** The packages whose first load creates instrumentation `name`. */
export function libraryTriggers(name: string): string[] {
  const spec = LIBRARIES[name];
  return spec?.triggers ?? (spec?.module !== undefined ? [spec.module] : []);
}

/** Creates instrumentation `name`; a failing one is skipped with a warning. */
export function createLibraryInstrumentation(name: string, warn: (msg: string) => void, options: LibraryOptions = {}): Instrumentation | undefined {
  try {
    return LIBRARIES[name]!.create(options);
  } catch (err) {
    warn(`could not load the ${name} instrumentation (${(err as Error).message}); continuing without it`);
    return undefined;
  }
}
