import type { MeterProvider } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { CircuitBreakerSpanProcessor } from './breaker/CircuitBreakerSpanProcessor.js';
import type { BusinessRule } from './business/BusinessRule.js';
import { BusinessMetricsSpanProcessor } from './business/BusinessMetricsSpanProcessor.js';
import { loadRulesFile } from './business/load-rules-file.js';
import { JobSpanProcessor } from './job/JobSpanProcessor.js';
import { readList, readPositiveInt, readString } from './env.js';
import { ServiceGraphSpanProcessor } from './service-graph/ServiceGraphSpanProcessor.js';
import { defaultWarn, type Warn } from './warn-once.js';

/** The settings of SIGHTLINE_PROCESSORS, SIGHTLINE_BUSINESS_RULES and SIGHTLINE_BUSINESS_CARDINALITY_LIMIT, already read. */
export interface ProcessorSettings {
  circuitBreaker: boolean;
  business: boolean;
  serviceGraph: boolean;
  job: boolean;
  /** Rules loaded from SIGHTLINE_BUSINESS_RULES. */
  rules: readonly BusinessRule[];
  cardinalityLimit: number;
}

export interface SightlineProcessorsOptions {
  meterProvider?: MeterProvider;
  /**
   * Settings read by the caller (the preload reads every Sightline variable once, with one grammar
   * and one problem list); when given, the environment is not read here.
   */
  settings?: ProcessorSettings;
  /** Environment to read; `process.env` by default (read when called, never at import). */
  env?: NodeJS.ProcessEnv;
  warn?: Warn;
  /** Business rules from code, added to those of SIGHTLINE_BUSINESS_RULES. */
  rules?: readonly BusinessRule[];
  /** The service's name, for the service-graph edges this process is part of. */
  serviceName?: string;
}

const KNOWN = ['circuit_breaker', 'business', 'service_graph', 'job'];
const OFF = new Set(['none', 'off', 'false', '0']);

/**
 * The processors the Sightline preload installs, configured from the environment:
 * SIGHTLINE_PROCESSORS (circuit_breaker, business, service_graph, job), SIGHTLINE_BUSINESS_RULES, SIGHTLINE_BUSINESS_CARDINALITY_LIMIT.
 * Never throws: a bad rules file or value is reported through `warn` and skipped.
 */
export function createSightlineProcessors(options: SightlineProcessorsOptions = {}): SpanProcessor[] {
  const warn = options.warn ?? defaultWarn;
  try {
    const settings = options.settings ?? readSettings(options.env ?? process.env, warn);
    const processors: SpanProcessor[] = [];
    if (settings.circuitBreaker) {
      processors.push(new CircuitBreakerSpanProcessor({ meterProvider: options.meterProvider, warn }));
    }
    if (settings.business) {
      processors.push(new BusinessMetricsSpanProcessor({
        rules: [...settings.rules, ...(options.rules ?? [])], meterProvider: options.meterProvider, warn,
        cardinalityLimit: settings.cardinalityLimit,
      }));
    }
    if (settings.serviceGraph) {
      processors.push(new ServiceGraphSpanProcessor({ meterProvider: options.meterProvider, warn, serviceName: options.serviceName }));
    }
    if (settings.job) {
      processors.push(new JobSpanProcessor({ meterProvider: options.meterProvider, warn }));
    }
    return processors;
  } catch (error) {
    warn(`processors disabled: ${(error as Error).message}`);
    return [];
  }
}

/** Reads the settings from the environment when the package is used without the preload. */
function readSettings(env: NodeJS.ProcessEnv, warn: Warn): ProcessorSettings {
  const selected = readList(env, 'SIGHTLINE_PROCESSORS') ?? ['all'];
  const off = selected.some((s) => OFF.has(s));
  for (const s of selected) {
    if (s !== 'all' && !OFF.has(s) && !KNOWN.includes(s)) {
      warn(`SIGHTLINE_PROCESSORS: unknown processor "${s}" (known: all, none, ${KNOWN.join(', ')}); skipping it`);
    }
  }
  const rules: BusinessRule[] = [];
  const file = readString(env, 'SIGHTLINE_BUSINESS_RULES');
  if (file !== undefined && !off) {
    try {
      rules.push(...loadRulesFile(file));
    } catch (error) {
      warn(`SIGHTLINE_BUSINESS_RULES=${JSON.stringify(file)}: ${(error as Error).message}; no business rules from the file`);
    }
  }
  const all = selected.includes('all');
  return {
    circuitBreaker: !off && (all || selected.includes('circuit_breaker')),
    business: !off && (all || selected.includes('business')),
    serviceGraph: !off && (all || selected.includes('service_graph')),
    job: !off && (all || selected.includes('job')),
    rules,
    cardinalityLimit: readPositiveInt(env, 'SIGHTLINE_BUSINESS_CARDINALITY_LIMIT', 100, warn),
  };
}
