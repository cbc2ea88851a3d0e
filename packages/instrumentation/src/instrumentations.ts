import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SightlinePinoOptions } from '@sightline/pino';

const require = createRequire(import.meta.url);

interface LibrarySpec {
  /** The target module, which must be installed; undefined for what Node always has. */
  module?: string;
  /** Packages whose first require/import creates the instrumentation (default: `module`). */
  triggers?: string[];
  /** A global whose first read also creates it (`fetch` is undici without an import). */
  globalTrigger?: string;
  /** Created shortly after start instead of on a trigger (nothing to wait for). */
  afterStart?: boolean;
  /** Records metrics only: not created when no metrics go anywhere (its observers would cost for nothing). */
  metricsOnly?: boolean;
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
    triggers: ['undici'],
    globalTrigger: 'fetch',
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
    afterStart: true,
    metricsOnly: true,
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
  /** Created shortly after start (runtime-node). */
  afterStart: string[];
  /** Created on the first require/import of their package (or read of their global). */
  onFirstUse: string[];
  /** Module specifiers the ESM loader hook has to intercept. */
  hookModules: string[];
}

/**
 * When each enabled instrumentation is created; those whose package is not installed are left out,
 * and those that only record metrics when no metrics are exported.
 */
export function planLibraryInstrumentations(enabled: string[] | undefined, disabled: string[], exportsMetrics = true): LibraryPlan {
  const plan: LibraryPlan = { afterStart: [], onFirstUse: [], hookModules: [] };
  for (const [name, spec] of Object.entries(LIBRARIES)) {
    if (!isInstrumentationEnabled(name, enabled, disabled)) continue;
    if (spec.metricsOnly && !exportsMetrics) continue;
    if (spec.module !== undefined && !isResolvableFromApp(spec.module)) continue;
    (spec.afterStart ? plan.afterStart : plan.onFirstUse).push(name);
    if (spec.patchesModule && spec.module !== undefined) plan.hookModules.push(spec.module);
  }
  return plan;
}

/** What creates instrumentation `name` on first use: the packages and the global. */
export function libraryTriggers(name: string): { packages: string[]; global?: string } {
  const spec = LIBRARIES[name];
  if (!spec) return { packages: [] };
  return { packages: spec.triggers ?? (spec.module !== undefined ? [spec.module] : []), ...(spec.globalTrigger ? { global: spec.globalTrigger } : {}) };
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
