import type { MeterProvider } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { CircuitBreakerSpanProcessor } from './breaker/CircuitBreakerSpanProcessor.js';
import type { BusinessRule } from './business/BusinessRule.js';
import { BusinessMetricsSpanProcessor } from './business/BusinessMetricsSpanProcessor.js';
import { loadRulesFile } from './business/load-rules-file.js';
import { readList, readPositiveInt, readString } from './env.js';
import { ServiceGraphSpanProcessor } from './service-graph/ServiceGraphSpanProcessor.js';
import { defaultWarn, type Warn } from './warn-once.js';

export interface SightlineProcessorsOptions {
  meterProvider?: MeterProvider;
  /** Environment to read; `process.env` by default (read when called, never at import). */
  env?: NodeJS.ProcessEnv;
  warn?: Warn;
  /** Business rules from code, added to those of SIGHTLINE_BUSINESS_RULES. */
  rules?: readonly BusinessRule[];
  /** The service's name, for the service-graph edges this process is part of. */
  serviceName?: string;
}

const KNOWN = ['circuit_breaker', 'business', 'service_graph'];
const OFF = new Set(['none', 'off', 'false', '0']);

/** Whether SIGHTLINE_PROCESSORS selects `name` (the preload asks before it builds the propagator). */
export function isProcessorSelected(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const selected = readList(env, 'SIGHTLINE_PROCESSORS') ?? ['all'];
  return !selected.some((s) => OFF.has(s)) && (selected.includes('all') || selected.includes(name));
}

/**
 * The processors the Sightline preload installs, configured from the environment:
 * SIGHTLINE_PROCESSORS (circuit_breaker, business, service_graph), SIGHTLINE_BUSINESS_RULES, SIGHTLINE_BUSINESS_CARDINALITY_LIMIT.
 * Never throws: a bad rules file or value is reported through `warn` and skipped.
 */
export function createSightlineProcessors(options: SightlineProcessorsOptions = {}): SpanProcessor[] {
  const env = options.env ?? process.env;
  const warn = options.warn ?? defaultWarn;
  try {
    const selected = readList(env, 'SIGHTLINE_PROCESSORS') ?? ['all'];
    if (selected.some((s) => OFF.has(s))) return [];
    const all = selected.includes('all');
    for (const s of selected) {
      if (s !== 'all' && !KNOWN.includes(s)) {
        warn(`Sightline: SIGHTLINE_PROCESSORS: unknown processor "${s}" (known: all, none, ${KNOWN.join(', ')})`);
      }
    }
    const processors: SpanProcessor[] = [];
    if (all || selected.includes('circuit_breaker')) {
      processors.push(new CircuitBreakerSpanProcessor({ meterProvider: options.meterProvider, warn }));
    }
    if (all || selected.includes('business')) {
      const rules = [...(options.rules ?? [])];
      const file = readString(env, 'SIGHTLINE_BUSINESS_RULES');
      if (file !== undefined) {
        try {
          rules.push(...loadRulesFile(file));
        } catch (error) {
          warn(`Sightline: SIGHTLINE_BUSINESS_RULES ignored. ${(error as Error).message}`);
        }
      }
      processors.push(new BusinessMetricsSpanProcessor({
        rules, meterProvider: options.meterProvider, warn,
        cardinalityLimit: readPositiveInt(env, 'SIGHTLINE_BUSINESS_CARDINALITY_LIMIT', 100, warn),
      }));
    }
    if (all || selected.includes('service_graph')) {
      processors.push(new ServiceGraphSpanProcessor({ meterProvider: options.meterProvider, warn, serviceName: options.serviceName }));
    }
    return processors;
  } catch (error) {
    warn(`Sightline: processors disabled: ${(error as Error).message}`);
    return [];
  }
}
